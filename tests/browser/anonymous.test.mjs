// Signed-out visitors: redirect to /login, the sign-in form, the language switch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('anonymous / redirects to /login, in Arabic by default', { timeout: 60_000 }, async (t) => {
  await h.withPage(browser, t, async (page) => {
    await h.visit(page, '/');
    assert.equal(h.pathOf(page), '/login', `anonymous / should redirect to /login, got ${page.url()}`);
    await h.assertLanguage(page, 'ar', '/login for a new visitor');
  });
});

for (const lang of h.LANGS) {
  test(`/login form and accessibility (${lang})`, { timeout: 60_000 }, async (t) => {
    await h.withPage(browser, t, async (page) => {
      await h.setLanguage(page, lang, '/login');
      const form = page.locator('form[action="/login"][method="post" i]');
      assert.equal(await form.count(), 1, '/login: expected one form[action="/login"][method="post"]');
      for (const sel of ['input[name="identifier"]', 'input[name="password"]', 'input[name="csrf"]', 'button[type="submit"]']) {
        assert.equal(await form.locator(sel).count(), 1, `/login (${lang}): the form should have one ${sel}`);
      }
      assert.equal(await form.locator('input[name="csrf"]').getAttribute('type'), 'hidden', '/login: csrf input must be hidden');
      assert.ok(((await form.locator('input[name="csrf"]').getAttribute('value')) ?? '').length > 0, '/login: empty csrf value');
      assert.equal(await form.locator('input[name="password"]').getAttribute('type'), 'password', '/login: password input type');
      await h.assertLangSwitch(page, lang, `/login (${lang})`);
      await h.checkA11y(page, `/login (${lang})`);
    });
  });
}

test('the language switch link goes to the other language and back to the same page', { timeout: 60_000 }, async (t) => {
  await h.withPage(browser, t, async (page) => {
    await h.visit(page, '/login');
    await h.assertLanguage(page, 'ar', '/login');
    for (const lang of ['fr', 'ar']) {
      const link = h.langSwitch(page, lang);
      assert.ok((await link.count()) > 0, `/login: no a[hreflang="${lang}"] in <nav>/<header>`);
      await h.clickAndWaitForNavigation(page, link);
      assert.equal(h.pathOf(page), '/login', `after switching to ${lang}: expected /login, got ${page.url()}`);
      await h.assertLanguage(page, lang, `/login after switching to ${lang}`);
    }
  });
});
