// Every role, in Arabic and in French: sign in, the role's home page, one
// navigation link, accessibility (axe-core, serious/critical), sign-out.
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

for (const role of h.ROLES) {
  for (const lang of h.LANGS) {
    test(`${role} (${lang}): home page, nav link, accessibility, sign-out`, { timeout: 120_000 }, async (t) => {
      const acct = h.account(role);
      await h.withPage(browser, t, async (page) => {
        await h.signIn(page, acct, lang);
        const home = `home page of ${role} (${lang})`;
        await h.assertLanguage(page, lang, home);

        const text = await page.locator('body').innerText();
        assert.ok(text.includes(acct.name), `${home}: the signed-in name "${acct.name}" is not shown`);
        assert.ok((await page.locator('nav a').count()) > 0, `${home}: no links inside <nav>`);
        await h.assertLangSwitch(page, lang, home);
        const logout = page.locator('form[action="/logout"]');
        assert.equal(await logout.count(), 1, `${home}: expected one sign-out form[action="/logout"]`);
        assert.match((await logout.getAttribute('method')) ?? '', /^post$/i, `${home}: the sign-out form must use POST`);
        assert.equal(await logout.locator('input[name="csrf"]').count(), 1, `${home}: the sign-out form has no csrf input`);

        await h.checkA11y(page, home);

        const links = await h.navLinks(page);
        assert.ok(links.length > 0, `${home}: no same-origin <nav> link to follow`);
        const target = links[0];
        await h.visit(page, target, `${home} → nav link ${target}`);
        await h.assertLanguage(page, lang, `${target} as ${role}`);
        await h.checkA11y(page, `${target} as ${role} (${lang})`);
        t.diagnostic(`followed ${target} (nav links on home: ${links.join(' ')})`);

        // Sign out with the real form, then / must send us back to /login.
        await h.visit(page, '/', `${home} (again)`);
        const resp = await h.submitAndWait(
          page,
          page.locator('form[action="/logout"]').locator('button, input[type="submit"]').first(),
          '/logout',
        );
        assert.ok(resp.status() < 400, `sign-out answered HTTP ${resp.status()}`);
        await page.goto('/');
        assert.equal(h.pathOf(page), '/login', `after sign-out, / should redirect to /login (got ${page.url()})`);
      });
    });
  }
}
