// Administration pages: admin roles see tables; everyone else gets 403.
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

async function assertTablePage(page, p, what) {
  const resp = await page.goto(p);
  assert.ok(resp, `${what}: no response`);
  assert.equal(resp.status(), 200, `${what}: HTTP ${resp.status()} at ${page.url()}`);
  assert.equal(h.pathOf(page), p, `${what}: redirected to ${page.url()}`);
  const table = page.locator('table').first();
  await table.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => assert.fail(`${what}: no visible <table>`));
  const rows = await page.locator('table tr:has(td)').count();
  assert.ok(rows > 0, `${what}: the table has no data rows`);
  return rows;
}

test('ministry_admin sees the users table on /admin/users (ar and fr, accessible)', { timeout: 90_000 }, async (t) => {
  const acct = h.account('ministry_admin');
  for (const lang of h.LANGS) {
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, acct, lang);
      const rows = await assertTablePage(page, '/admin/users', `/admin/users as ministry_admin (${lang})`);
      await h.assertLanguage(page, lang, `/admin/users (${lang})`);
      await h.assertLangSwitch(page, lang, `/admin/users (${lang})`);
      await h.checkA11y(page, `/admin/users as ministry_admin (${lang})`);
      t.diagnostic(`${lang}: ${rows} user rows`);
    });
  }
});

test('pupil gets 403 on /admin/users', { timeout: 60_000 }, async (t) => {
  await h.withPage(browser, t, async (page) => {
    await h.signIn(page, h.account('pupil'), 'ar');
    const resp = await page.goto('/admin/users');
    assert.equal(resp?.status(), 403, `pupil on /admin/users: expected HTTP 403, got ${resp?.status()} at ${page.url()}`);
    assert.equal(await page.locator('table tr:has(td)').count(), 0, 'pupil on /admin/users: the 403 page shows table rows');
  });
});

for (const role of h.ADMIN_ROLES) {
  test(`${role} opens ${h.ADMIN_PAGES.join(', ')}`, { timeout: 90_000 }, async (t) => {
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, h.account(role), 'ar');
      for (const p of h.ADMIN_PAGES) {
        const rows = await assertTablePage(page, p, `${p} as ${role}`);
        await h.assertLanguage(page, 'ar', `${p} as ${role}`);
        if (role === 'ministry_admin') await h.checkA11y(page, `${p} as ${role} (ar)`);
        t.diagnostic(`${p}: ${rows} rows`);
      }
    });
  });
}

for (const role of h.ROLES.filter((r) => !h.ADMIN_ROLES.includes(r))) {
  test(`${role} gets 403 on the admin pages`, { timeout: 60_000 }, async (t) => {
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, h.account(role), 'ar');
      for (const p of h.ADMIN_PAGES) {
        const resp = await page.goto(p);
        assert.equal(resp?.status(), 403, `${role} on ${p}: expected HTTP 403, got ${resp?.status()} at ${page.url()}`);
      }
    });
  });
}

test('anonymous visitors cannot open the admin pages', { timeout: 60_000 }, async (t) => {
  await h.withPage(browser, t, async (page) => {
    for (const p of h.ADMIN_PAGES) {
      const resp = await page.goto(p);
      const st = resp?.status();
      const ok = h.pathOf(page) === '/login' || st === 401 || st === 403;
      assert.ok(ok, `anonymous on ${p}: expected a redirect to /login or 401/403, got HTTP ${st} at ${page.url()}`);
      assert.equal(await page.locator('table tr:has(td)').count(), 0, `anonymous on ${p}: table rows are shown`);
    }
  });
});
