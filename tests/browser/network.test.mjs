// No page talks to another host: every request of the login page, of each
// role's home page, of the pages its <nav> links to and of /profile must go to
// the app's own origin. Also: no broken links in <nav>, no broken subresources.
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

/** Records every request, and every subresource answered with an HTTP error. */
function recordAll(ctx) {
  const rec = { requests: 0, broken: [] };
  ctx.on('request', () => {
    rec.requests += 1;
  });
  ctx.on('response', (r) => {
    const req = r.request();
    if (r.status() >= 400 && !req.isNavigationRequest()) {
      let from = '?';
      try {
        from = req.frame().url();
      } catch {
        // service-worker request: no frame
      }
      rec.broken.push(`${r.status()} ${req.method()} ${r.url()} (${req.resourceType()}, from ${from})`);
    }
  });
  return rec;
}

function assertNoBroken(rec, what) {
  if (rec.broken.length > 0) assert.fail(`${what}: subresources answered with HTTP errors:\n  ${rec.broken.join('\n  ')}`);
}

for (const lang of h.LANGS) {
  test(`/login (${lang}) only requests its own origin`, { timeout: 60_000 }, async (t) => {
    await h.withPage(browser, t, async (page, ctx) => {
      const rec = recordAll(ctx);
      await h.setLanguage(page, lang, '/login');
      await page.waitForLoadState('networkidle');
      h.assertNoForeignRequests(ctx, `/login (${lang})`);
      assertNoBroken(rec, `/login (${lang})`);
      t.diagnostic(`${rec.requests} requests, all to ${h.ORIGIN}`);
    });
  });
}

for (const role of h.ROLES) {
  test(`${role}: home, every nav link and /profile only request the app's origin`, { timeout: 180_000 }, async (t) => {
    await h.withPage(browser, t, async (page, ctx) => {
      const rec = recordAll(ctx);
      await h.signIn(page, h.account(role), 'ar');
      await page.waitForLoadState('networkidle');
      const links = await h.navLinks(page);
      const pages = [...new Set([...links, '/profile'])];
      for (const p of pages) {
        await h.visit(page, p, `${role}: nav link ${p}`);
        await page.waitForLoadState('networkidle');
        await h.assertLanguage(page, 'ar', `${p} as ${role}`);
      }
      h.assertNoForeignRequests(ctx, `pages of ${role}`);
      assertNoBroken(rec, `pages of ${role}`);
      t.diagnostic(`${rec.requests} requests over ${pages.length + 1} pages (${['/', ...pages].join(' ')}), all to ${h.ORIGIN}`);
    });
  });
}
