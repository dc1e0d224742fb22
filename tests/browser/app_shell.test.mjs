// The installable app shell (issue 16, first slice): the manifest in both languages,
// installability as Chromium judges it, the service worker controlling pages, the offline
// page in the visitor's language (never a kept copy of a signed-in page), and a first
// load that stays within the page budget with the worker allowed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

const OFFLINE_TITLE = { ar: 'لا يوجد اتصال', fr: 'Pas de connexion' };
const NAME = { ar: 'لوحة', fr: 'Lawha' };

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

const allowWorkers = { serviceWorkers: 'allow' };

/** Every URL the page's origin keeps in Cache Storage, by cache. */
async function cachedUrls(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
    }
    return out;
  });
}

for (const lang of h.LANGS) {
  test(`manifest, installability and the worker (${lang})`, { timeout: 90_000 }, async (t) => {
    await h.withPage(
      browser,
      t,
      async (page, ctx) => {
        await h.setLanguage(page, lang, '/login');
        await h.workerControls(page);

        const href = await page.locator('link[rel="manifest"]').getAttribute('href');
        const resp = await page.request.get(href);
        assert.equal(resp.status(), 200);
        assert.equal(resp.headers()['content-type'], 'application/manifest+json');
        const m = await resp.json();
        assert.equal(m.lang, lang);
        assert.equal(m.dir, h.DIR[lang]);
        assert.equal(m.short_name, NAME[lang]);
        assert.equal(m.start_url, '/');
        assert.equal(m.scope, '/');
        assert.equal(m.display, 'standalone');
        const themeMeta = await page.locator('meta[name="theme-color"]').getAttribute('content');
        assert.equal(m.theme_color, themeMeta);

        // Chromium's own reading of the manifest and its installability verdict.
        const cdp = await ctx.newCDPSession(page);
        const app = await cdp.send('Page.getAppManifest');
        assert.deepEqual(app.errors, [], `manifest errors: ${JSON.stringify(app.errors)}`);
        assert.ok(app.url.endsWith(href), app.url);
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        // Playwright's contexts are incognito profiles, where Chromium never installs
        // anything; every other reason (manifest, icons, worker, scope) must be absent.
        const reasons = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
        assert.deepEqual(reasons, [], `not installable: ${JSON.stringify(installabilityErrors)}`);
        await cdp.detach();

        // The install button stays hidden until the browser offers installation.
        assert.equal(await page.locator('#install').isHidden(), true);
        await page.evaluate(() => {
          const e = new Event('beforeinstallprompt', { cancelable: true });
          e.prompt = () => {
            window.__prompted = true;
          };
          e.userChoice = Promise.resolve({ outcome: 'dismissed' });
          window.dispatchEvent(e);
        });
        const button = page.locator('#install');
        assert.equal(await button.isVisible(), true, 'the install button appears on the offer');
        assert.ok((await button.innerText()).includes(NAME[lang]), await button.innerText());
        await button.click();
        assert.equal(await page.evaluate(() => window.__prompted === true), true);
        await button.waitFor({ state: 'hidden' });
      },
      allowWorkers,
    );
  });
}

for (const lang of h.LANGS) {
  test(`offline, a navigation gets the offline page in ${lang}, never a kept signed-in page`, { timeout: 90_000 }, async (t) => {
    await h.withPage(
      browser,
      t,
      async (page, ctx) => {
        const pupil = h.account('pupil');
        await h.signIn(page, pupil, lang);
        await h.workerControls(page);
        // The worker has been told the page's language (a message after each load).
        await h.waitForAsync(
          page,
          async (want) => {
            const r = await caches.match('/offline/last-language', { cacheName: 'lawha-prefs' });
            return r && (await r.text()) === want;
          },
          lang,
          { timeout: 10_000 },
        );
        assert.ok((await page.content()).includes(pupil.name), 'the signed-in home shows the name');

        await ctx.setOffline(true);
        for (const path of ['/', '/profile', '/curriculum']) {
          await page.goto(path, { waitUntil: 'load' });
          await h.assertLanguage(page, lang, `offline ${path}`);
          assert.equal((await page.locator('h1').innerText()).trim(), OFFLINE_TITLE[lang], `offline ${path}`);
          const html = await page.content();
          assert.ok(!html.includes(pupil.name), `offline ${path} shows the pupil's name`);
          assert.equal(await page.locator('form[action="/logout"]').count(), 0, `offline ${path}: a signed-in header`);
          assert.equal(await page.locator('input[name="csrf"]').count(), 0);
        }

        // Only the shell was kept: hashed assets, the offline pages and the language.
        const kept = await cachedUrls(page);
        const names = Object.keys(kept);
        assert.ok(names.some((n) => n.startsWith('lawha-shell-')), JSON.stringify(names));
        for (const [name, urls] of Object.entries(kept)) {
          for (const u of urls) {
            const ok = name.startsWith('lawha-shell-')
              ? /^\/static\/[a-z0-9.-]+-[0-9a-f]{12}\.[a-z]+$/.test(u) || /^\/offline\/(ar|fr)$/.test(u)
              : name === 'lawha-prefs' && u === '/offline/last-language';
            assert.ok(ok, `${name} keeps ${u}`);
          }
        }

        await ctx.setOffline(false);
        await h.visit(page, '/');
        assert.ok((await page.content()).includes(pupil.name), 'back online, pages come from the network');
      },
      allowWorkers,
    );
  });
}

// The page budget with the worker allowed. Measured on the page's own target (CDP
// Network.loadingFinished encodedDataLength, headers included, cache disabled), as in
// weight.test.mjs; the worker's own downloads are counted apart from the context's
// requests. `register` is wrapped to record when it is called: only after the load event,
// so the precache cannot compete with the first page.
for (const lang of h.LANGS) {
  test(`a first load with the worker allowed stays within budget (${lang})`, { timeout: 90_000 }, async (t) => {
    const ctx = await h.newContext(browser, { route: false, serviceWorkers: 'allow' });
    try {
      await ctx.addInitScript(() => {
        const sw = navigator.serviceWorker;
        if (!sw) return;
        const register = sw.register.bind(sw);
        sw.register = (...args) => {
          const nav = performance.getEntriesByType('navigation')[0];
          window.__registered = {
            readyState: document.readyState,
            at: performance.now(),
            loadEventEnd: nav ? nav.loadEventEnd : -1,
            loadEventStart: nav ? nav.loadEventStart : -1,
          };
          return register(...args);
        };
      });
      const pending = [];
      ctx.on('requestfinished', (req) => {
        if (!req.serviceWorker()) return;
        pending.push(
          req
            .sizes()
            .then((s) => ({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize }))
            .catch(() => ({ url: req.url(), bytes: 0 })),
        );
      });
      // The language by its cookie: visiting a page first would install the worker.
      await ctx.addCookies([{ name: 'lawha_lang', value: lang, url: h.BASE_URL }]);
      const first = await ctx.newPage();
      const cdp = await ctx.newCDPSession(first);
      const bytes = new Map();
      cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await first.goto('/login', { waitUntil: 'load' });
      await h.assertLanguage(first, lang, '/login');
      await first.waitForFunction(() => window.__registered, null, { timeout: 10_000 });
      const reg = await first.evaluate(() => window.__registered);
      assert.equal(reg.readyState, 'complete', `registered before the page finished: ${JSON.stringify(reg)}`);
      assert.ok(reg.loadEventStart > 0 && reg.at >= reg.loadEventStart, JSON.stringify(reg));
      await first.evaluate(() => navigator.serviceWorker.ready);
      const workerRequests = await Promise.all(pending);
      const pageBytes = [...bytes.values()].reduce((a, b) => a + b, 0);
      const precache = workerRequests.reduce((a, r) => a + r.bytes, 0);
      t.diagnostic(
        `/login (${lang}): page ${pageBytes} B in ${bytes.size} requests; ` +
          `worker afterwards ${precache} B in ${workerRequests.length} requests`,
      );
      assert.ok(pageBytes <= h.PAGE_WEIGHT_LIMIT, `/login (${lang}) transfers ${pageBytes} B with the worker allowed`);
      await cdp.detach();
    } finally {
      await ctx.close();
    }
  });
}
