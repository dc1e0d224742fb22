// Form errors: a wrong password on /login, a wrong current password on /profile.
// Never changes a password for real: other tests reuse the demo accounts.
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

async function visibleAlert(page, what) {
  const alert = page.locator('[role="alert"]').first();
  await alert.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {
    assert.fail(`${what}: no visible [role="alert"] element`);
  });
  const text = (await alert.innerText()).trim();
  assert.ok(text.length > 0, `${what}: the [role="alert"] element is empty`);
  return text;
}

for (const lang of h.LANGS) {
  test(`sign-in with a wrong password shows an error (${lang})`, { timeout: 60_000 }, async (t) => {
    const acct = h.account('pupil');
    await h.withPage(browser, t, async (page) => {
      await h.setLanguage(page, lang, '/login');
      const resp = await h.submitLogin(page, acct.login, `${acct.password}-wrong`);
      const what = `wrong password (${lang})`;
      assert.ok([200, 401].includes(resp.status()), `${what}: POST /login answered HTTP ${resp.status()}, expected 401 or 200`);
      assert.equal(h.pathOf(page), '/login', `${what}: should stay on /login, got ${page.url()}`);
      const text = await visibleAlert(page, what);
      t.diagnostic(`alert: ${text}`);
      await h.assertLanguage(page, lang, `${what}: re-rendered /login`);
      assert.equal(await page.locator('form[action="/login"] input[name="password"]').count(), 1, `${what}: the form is not shown again`);
      await h.checkA11y(page, `/login with an error (${lang})`);
      await page.goto('/');
      assert.equal(h.pathOf(page), '/login', `${what}: / should still redirect to /login (not signed in)`);
    });
  });
}

for (const lang of h.LANGS) {
  test(`/profile refuses a wrong current password with an error (${lang})`, { timeout: 60_000 }, async (t) => {
    const acct = h.account('parent');
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, acct, lang);
      await h.visit(page, '/profile');
      await h.assertLanguage(page, lang, `/profile (${lang})`);
      const form = page.locator('form[action="/profile/password"]');
      assert.equal(await form.count(), 1, '/profile: expected one form[action="/profile/password"]');
      assert.equal(await form.locator('input[name="csrf"]').count(), 1, '/profile: the password form has no csrf input');
      await h.checkA11y(page, `/profile (${lang})`);

      const newPassword = 'Lawha-browser-test-never-set-9!';
      await form.locator('input[name="current_password"]').fill(`${acct.password}-wrong`);
      await form.locator('input[name="new_password"]').fill(newPassword);
      await form.locator('input[name="confirm_password"]').fill(newPassword);
      const resp = await h.submitAndWait(
        page,
        form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first(),
        '/profile/password',
      );
      const what = `wrong current password (${lang})`;
      const st = resp.status();
      assert.ok(st === 200 || (st >= 400 && st < 500), `${what}: POST /profile/password answered HTTP ${st}, expected 200 or 4xx`);
      assert.ok(h.pathOf(page).startsWith('/profile'), `${what}: should stay on the profile page, got ${page.url()}`);
      const text = await visibleAlert(page, what);
      t.diagnostic(`alert: ${text}`);
      await h.assertLanguage(page, lang, `${what}: re-rendered page`);
    });
    // The password must be unchanged: the original one still signs in.
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, acct, lang);
    });
  });
}
