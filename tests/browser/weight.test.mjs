// Page weight: bytes transferred (as Chromium counts them on the wire, headers
// included, cold cache) for the login page and for each role's home page, in
// both languages. Written to $LAWHA_BROWSER_REPORT; each page must be ≤ 30 KiB.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

let browser;
const measured = [];

before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
  const report = {
    generated_at: new Date().toISOString(),
    base_url: h.BASE_URL,
    limit_bytes: h.PAGE_WEIGHT_LIMIT,
    note: 'transferred bytes per page (CDP Network.loadingFinished encodedDataLength, headers included), cold cache',
    pages: measured,
  };
  mkdirSync(path.dirname(path.resolve(h.REPORT_PATH)), { recursive: true });
  writeFileSync(h.REPORT_PATH, `${JSON.stringify(report, null, 2)}\n`);
  const w = Math.max(10, ...measured.map((m) => m.page.length));
  const lines = measured.map(
    (m) =>
      `  ${m.page.padEnd(w)}  ${m.lang}  ${String(m.transferred_bytes).padStart(7)} B  ${String(m.requests.length).padStart(2)} req` +
      (m.transferred_bytes > h.PAGE_WEIGHT_LIMIT ? '  OVER LIMIT' : ''),
  );
  console.log(`page weight (limit ${h.PAGE_WEIGHT_LIMIT} B), report: ${h.REPORT_PATH}\n${lines.join('\n')}`);
});

/** Opens `url` in a new page of `ctx` with the cache disabled and sums the bytes received. */
async function measure(ctx, url) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  const reqs = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    const prev = reqs.get(e.requestId);
    const redirectBytes = e.redirectResponse ? e.redirectResponse.encodedDataLength || 0 : 0;
    reqs.set(e.requestId, {
      url: e.request.url,
      ...(prev ? { first_url: prev.first_url ?? prev.url } : {}),
      type: e.type,
      status: null,
      bytes: (prev ? prev.bytes : 0) + redirectBytes,
      done: false,
      redirects: (prev ? prev.redirects : 0) + (e.redirectResponse ? 1 : 0),
    });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (r) {
      r.status = e.response.status;
      r.encoding = e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || null;
    }
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (r) {
      r.bytes += e.encodedDataLength;
      r.done = true;
    }
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = reqs.get(e.requestId);
    if (r) {
      r.failed = e.errorText;
      r.done = true;
    }
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

  const resp = await page.goto(url, { waitUntil: 'load' });
  assert.ok(resp && resp.status() < 400, `${url}: HTTP ${resp?.status()}`);
  // Wait until nothing is in flight for 300 ms (bounded to 10 s).
  const deadline = Date.now() + 10_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if ([...reqs.values()].some((r) => !r.done)) quietSince = Date.now();
    else if (Date.now() - quietSince >= 300) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const finalPath = h.pathOf(page);
  await cdp.detach().catch(() => {});
  await page.close();
  const requests = [...reqs.values()].map(({ done, ...r }) => r);
  return {
    final_path: finalPath,
    transferred_bytes: requests.reduce((n, r) => n + r.bytes, 0),
    requests,
  };
}

function record(t, pageName, lang, m) {
  measured.push({ page: pageName, lang, ...m });
  const detail = m.requests.map((r) => `${r.bytes} B ${r.type} ${r.first_url ? `${new URL(r.first_url).pathname} → ` : ''}${new URL(r.url).pathname}${r.failed ? ` FAILED ${r.failed}` : ''}`);
  t.diagnostic(`${pageName} (${lang}): ${m.transferred_bytes} B in ${m.requests.length} requests: ${detail.join(', ')}`);
  const foreign = m.requests.filter((r) => h.isForeign(r.url));
  if (foreign.length > 0) assert.fail(`${pageName} (${lang}) requested other hosts:\n  ${foreign.map((r) => r.url).join('\n  ')}`);
  assert.ok(
    m.transferred_bytes <= h.PAGE_WEIGHT_LIMIT,
    `${pageName} (${lang}) transfers ${m.transferred_bytes} bytes, over the ${h.PAGE_WEIGHT_LIMIT}-byte budget:\n  ` +
      m.requests
        .slice()
        .sort((a, b) => b.bytes - a.bytes)
        .map((r) => `${String(r.bytes).padStart(7)} B  ${r.type}  ${r.url}  (encoding: ${r.encoding ?? 'none'})`)
        .join('\n  '),
  );
}

for (const lang of h.LANGS) {
  test(`page weight of /login (${lang})`, { timeout: 60_000 }, async (t) => {
    const ctx = await h.newContext(browser, { route: false });
    try {
      if (lang !== 'ar') await h.setLanguage(await ctx.newPage(), lang, '/login'); // ar is the default
      const m = await measure(ctx, '/login');
      assert.equal(m.final_path, '/login');
      record(t, '/login', lang, m);
    } finally {
      await ctx.close();
    }
  });
}

for (const role of h.ROLES) {
  for (const lang of h.LANGS) {
    test(`page weight of the ${role} home page (${lang})`, { timeout: 60_000 }, async (t) => {
      const ctx = await h.newContext(browser, { route: false });
      try {
        await h.signIn(await ctx.newPage(), h.account(role), lang);
        const m = await measure(ctx, '/');
        assert.equal(m.final_path, '/', `home page of ${role}: ended on ${m.final_path}`);
        record(t, `/ (${role})`, lang, m);
      } finally {
        await ctx.close();
      }
    });
  }
}

// The catalog, search and a capsule page (player script and poster included; the video
// itself starts only when the pupil presses play), for a pupil, in both languages.
for (const lang of h.LANGS) {
  test(`page weight of the catalog, search and a capsule page (${lang})`, { timeout: 60_000 }, async (t) => {
    const ctx = await h.newContext(browser, { route: false });
    try {
      const page = await ctx.newPage();
      await h.signIn(page, h.account('pupil'), lang);
      await h.visit(page, '/curriculum/1AC/MATH');
      const capsule = await page.locator('main a[href^="/capsules/"]').first().getAttribute('href');
      for (const url of ['/curriculum/1AC/MATH', '/search?q=fractions', capsule]) {
        const m = await measure(ctx, url);
        record(t, url.startsWith('/capsules/') ? '/capsules/{id}' : url, lang, m);
      }
    } finally {
      await ctx.close();
    }
  });
}

// The help centre (its index loads the suggestions script) and one article, signed out:
// people who cannot sign in read them first.
for (const lang of h.LANGS) {
  test(`page weight of the help centre and an article (${lang})`, { timeout: 60_000 }, async (t) => {
    const ctx = await h.newContext(browser, { route: false });
    try {
      if (lang !== 'ar') await h.setLanguage(await ctx.newPage(), lang, '/help');
      for (const url of ['/help', '/help?q=connexion', '/help/mot-de-passe-oublie']) {
        const m = await measure(ctx, url);
        assert.equal(m.final_path, url.split('?')[0]);
        record(t, url, lang, m);
      }
    } finally {
      await ctx.close();
    }
  });
}
