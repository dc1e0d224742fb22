// Shared helpers for the Lawha browser tests (node --test, playwright-core,
// Debian's /usr/bin/chromium). Not a test file itself.
//
// Environment:
//   LAWHA_URL               base URL of a running `lawha demo` (required)
//   LAWHA_DEMO_ACCOUNTS     path to its demo-accounts.json (required)
//   CHROMIUM                browser binary (default /usr/bin/chromium)
//   LAWHA_BROWSER_REPORT    page-weight report (default target/browser-report.json)
//   LAWHA_BROWSER_ARTIFACTS screenshots/HTML of failed tests (default target/browser-artifacts)
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE_URL = (process.env.LAWHA_URL || '').replace(/\/+$/, '');
if (!BASE_URL) {
  throw new Error('LAWHA_URL is not set (run the browser tests through scripts/test.sh)');
}
export const ORIGIN = new URL(BASE_URL).origin;

export const ROLES = [
  'pupil',
  'parent',
  'teacher',
  'vocational_trainer',
  'trainee',
  'school_admin',
  'regional_admin',
  'ministry_admin',
  'volunteer_tutor',
  'producer',
  'support_agent',
];
export const ADMIN_ROLES = ['school_admin', 'regional_admin', 'ministry_admin'];
export const ADMIN_PAGES = ['/admin/schools', '/admin/users', '/admin/classes'];
export const LANGS = ['ar', 'fr'];
export const DIR = { ar: 'rtl', fr: 'ltr' };
export const OTHER_LANG = { ar: 'fr', fr: 'ar' };

export const PAGE_WEIGHT_LIMIT = 30 * 1024; // bytes transferred per page, cold cache
export const REPORT_PATH = process.env.LAWHA_BROWSER_REPORT || 'target/browser-report.json';
export const ARTIFACTS_DIR = process.env.LAWHA_BROWSER_ARTIFACTS || 'target/browser-artifacts';

const AXE_PATH = require.resolve('axe-core/axe.min.js');

// ---------------------------------------------------------------------------
// Demo accounts
// ---------------------------------------------------------------------------
let accountsCache;
export function accounts() {
  if (accountsCache) return accountsCache;
  const file = process.env.LAWHA_DEMO_ACCOUNTS;
  assert.ok(file, 'LAWHA_DEMO_ACCOUNTS is not set');
  const list = JSON.parse(readFileSync(file, 'utf8'));
  assert.ok(Array.isArray(list), `${file}: expected a JSON array`);
  for (const [i, a] of list.entries()) {
    for (const key of ['role', 'login', 'password', 'name']) {
      assert.equal(typeof a?.[key], 'string', `${file}[${i}]: "${key}" must be a string`);
    }
  }
  accountsCache = list;
  return list;
}

/** The first demo account with this role; fails the test if there is none. */
export function account(role) {
  const a = accounts().find((x) => x.role === role);
  assert.ok(
    a,
    `demo-accounts.json has no account with role "${role}" ` +
      `(roles present: ${[...new Set(accounts().map((x) => x.role))].join(', ')})`,
  );
  return a;
}

// ---------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function isForeign(url, origin = ORIGIN) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return false; // data:, blob:, about:
  const requestOrigin = u.protocol.startsWith('ws')
    ? `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.host}`
    : u.origin;
  return requestOrigin !== origin;
}

/**
 * A fresh context (own cookies and cache) that records every request going
 * to another origin in `ctx.foreignRequests` and aborts it, so a page that
 * tries to reach the internet fails the test instead of hanging on it.
 * Service workers are blocked unless `serviceWorkers: 'allow'`.
 */
export async function newContext(
  browser,
  { route = true, baseURL = BASE_URL, serviceWorkers = 'block', viewport = { width: 1280, height: 900 }, isMobile = false } = {},
) {
  const origin = new URL(baseURL).origin;
  const foreign = (url) => isForeign(url, origin);
  const ctx = await browser.newContext({
    baseURL,
    bypassCSP: true, // axe-core is injected as an inline script
    serviceWorkers, // 'allow' only in the app-shell tests
    viewport,
    isMobile,
    hasTouch: isMobile,
  });
  ctx.setDefaultTimeout(15_000);
  ctx.setDefaultNavigationTimeout(30_000);
  ctx.foreignRequests = [];
  ctx.on('request', (req) => {
    if (foreign(req.url())) {
      let from = '?';
      try {
        from = req.frame().url();
      } catch {
        // service-worker request: no frame
      }
      ctx.foreignRequests.push(`${req.method()} ${req.url()} (from ${from})`);
    }
  });
  ctx.on('page', (page) => {
    page.on('websocket', (ws) => {
      if (foreign(ws.url())) ctx.foreignRequests.push(`WEBSOCKET ${ws.url()} (from ${page.url()})`);
    });
  });
  if (route) {
    await ctx.route(
      (url) => foreign(url.href),
      (r) => r.abort('blockedbyclient'),
    );
  }
  return ctx;
}

export function assertNoForeignRequests(ctx, what = 'pages') {
  if (ctx.foreignRequests.length > 0) {
    assert.fail(`${what} made requests to hosts other than its own origin:\n  ${ctx.foreignRequests.join('\n  ')}`);
  }
}

/**
 * Runs `fn(page, ctx)` in a new context; on failure saves a screenshot and the
 * HTML of the page under ARTIFACTS_DIR, then rethrows. Also fails if any
 * request went to another origin.
 */
export async function withPage(browser, t, fn, opts = {}) {
  const ctx = await newContext(browser, opts);
  const page = await ctx.newPage();
  try {
    await fn(page, ctx);
    assertNoForeignRequests(ctx, `"${t.name}"`);
  } catch (err) {
    await saveArtifacts(page, t.name).catch(() => {});
    throw err;
  } finally {
    await ctx.close().catch(() => {});
  }
}

async function saveArtifacts(page, name) {
  if (page.isClosed()) return;
  const base = path.join(ARTIFACTS_DIR, name.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 120));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 5_000 }).catch(() => {});
  const html = await page.content().catch(() => '');
  writeFileSync(`${base}.html`, `<!-- ${page.url()} -->\n${html}`);
}

/**
 * Waits until `fn`, run in the page, resolves to a truthy value, and returns it. For checks
 * that await something in the page (IndexedDB, Cache Storage): Playwright's
 * `waitForFunction` takes the Promise an async function returns for a truthy value and
 * returns at once. An evaluation that throws (a navigation under way, a script not loaded
 * yet) counts as "not yet"; the last error is in the timeout's message.
 */
export async function waitForAsync(page, fn, arg, { timeout = 15_000, polling = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let lastError = null;
  for (;;) {
    try {
      const value = await page.evaluate(fn, arg);
      if (value) return value;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`not true within ${timeout} ms: ${fn}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, polling));
  }
}

/** Minutes left (fractional) before midnight in `zone`, the end of the platform's day. */
export function minutesToMidnight(zone, at = Date.now()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, Number(p.value)]),
  );
  return 24 * 60 - (parts.hour * 60 + parts.minute + parts.second / 60);
}

/**
 * Waits, when fewer than `minutes` are left before midnight in `zone`, until the new day has
 * begun: a session scheduled for today must end before midnight (the form has one date), so
 * a test that needs one open for a while cannot start just before it.
 */
export async function awayFromMidnight(zone, minutes, t) {
  const left = minutesToMidnight(zone);
  if (left >= minutes) return;
  t?.diagnostic(`waiting ${left.toFixed(1)} min for midnight in ${zone}`);
  await new Promise((resolve) => setTimeout(resolve, left * 60_000 + 5_000));
}

// ---------------------------------------------------------------------------
// App flows
// ---------------------------------------------------------------------------
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** Waits until the service worker is active and controls `page` (reloading once if need be). */
export async function workerControls(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload({ waitUntil: 'load' });
  const scope = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller ? reg.scope : null;
  });
  assert.equal(scope, `${ORIGIN}/`, 'the worker controls the page after a reload, at the root scope');
}

/** GET `p`; asserts the final (post-redirect) response status is below 400. */
export async function visit(page, p, what = p) {
  const resp = await page.goto(p, { waitUntil: 'load' });
  assert.ok(resp, `${what}: no response`);
  assert.ok(resp.status() < 400, `${what}: HTTP ${resp.status()} at ${page.url()}`);
  return resp;
}

/** The first published capsule of 1AC maths, from the catalog page: its path. */
export async function firstCapsule(page) {
  await visit(page, '/curriculum/1AC/MATH');
  const href = await page.locator('main a[href^="/capsules/"]').first().getAttribute('href');
  assert.ok(href, '/curriculum/1AC/MATH lists capsules');
  return href;
}

export async function htmlLangDir(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
  }));
}

export async function assertLanguage(page, lang, what = page.url()) {
  const got = await htmlLangDir(page);
  assert.equal(got.lang, lang, `${what}: <html lang> should be "${lang}"`);
  assert.equal(got.dir, DIR[lang], `${what}: <html dir> should be "${DIR[lang]}" for ${lang}`);
}

/** Chooses the interface language via /lang/<lang>?next=<next> and checks where it lands. */
export async function setLanguage(page, lang, next = '/login') {
  await visit(page, `/lang/${lang}?next=${encodeURIComponent(next)}`, `/lang/${lang}`);
  assert.equal(pathOf(page), next, `/lang/${lang}?next=${next} should redirect back to ${next}`);
  await assertLanguage(page, lang, `${next} after /lang/${lang}`);
}

/** Fills and submits the sign-in form; returns the response to the POST. */
export async function submitLogin(page, identifier, password) {
  const form = page.locator('form[action="/login"][method="post" i]');
  await form.waitFor({ state: 'attached' });
  assert.equal(await form.locator('input[name="csrf"]').count(), 1, 'the sign-in form has no hidden csrf input');
  await form.locator('input[name="identifier"]').fill(identifier);
  await form.locator('input[name="password"]').fill(password);
  return submitAndWait(page, form.locator('button[type="submit"]').first(), '/login');
}

/**
 * Clicks `clickable` (a link or submit button) and waits until the main frame
 * has navigated (after any redirects) and loaded.
 */
export async function clickAndWaitForNavigation(page, clickable) {
  const nav = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await clickable.click();
  await nav;
  await page.waitForLoadState('load');
}

/**
 * Clicks a submit button of a POST form to `pathname`, waits for the resulting
 * page to load, and returns the response to the POST itself (a 303, or the
 * re-rendered page).
 */
export async function submitAndWait(page, clickable, pathname) {
  const post = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === pathname,
  );
  await clickAndWaitForNavigation(page, clickable);
  return post;
}

/** Signs in as `acct` in `lang` and checks that it lands on / in that language. */
export async function signIn(page, acct, lang = 'ar') {
  await setLanguage(page, lang, '/login');
  const resp = await submitLogin(page, acct.login, acct.password);
  if (pathOf(page) !== '/') {
    const alert = await page.locator('[role="alert"]').allInnerTexts().catch(() => []);
    assert.fail(
      `signing in as ${acct.role} (${acct.login}) answered HTTP ${resp.status()} and ended on ` +
        `${page.url()} instead of /` + (alert.length ? `; alert: ${alert.join(' | ')}` : ''),
    );
  }
  await page.locator('main').first().waitFor({ state: 'attached' });
}

/** The other-language switch link on the current page (inside nav or header). */
export function langSwitch(page, lang) {
  return page.locator(`nav a[hreflang="${lang}"], header a[hreflang="${lang}"]`).first();
}

export async function assertLangSwitch(page, currentLang, what = page.url()) {
  const other = OTHER_LANG[currentLang];
  const link = langSwitch(page, other);
  assert.ok((await link.count()) > 0, `${what}: no <a hreflang="${other}"> inside <nav> or <header>`);
  const href = await link.getAttribute('href');
  const u = new URL(href, page.url());
  assert.equal(u.origin, ORIGIN, `${what}: language link ${href} leaves the site`);
  assert.equal(u.pathname, `/lang/${other}`, `${what}: language link ${href} should point to /lang/${other}`);
  assert.equal(
    u.searchParams.get('next'),
    new URL(page.url()).pathname,
    `${what}: language link ${href} should carry next=<current path>`,
  );
}

/** Same-origin links of the page's <nav>s that are worth following (no lang switch, logout, anchors, current page). */
export async function navLinks(page) {
  const hrefs = await page.$$eval('nav a[href]', (as) =>
    as
      .filter((a) => !a.hasAttribute('hreflang') && !a.hasAttribute('download'))
      .map((a) => a.href),
  );
  const here = new URL(page.url());
  const seen = new Set();
  const out = [];
  for (const h of hrefs) {
    const u = new URL(h);
    if (u.origin !== ORIGIN) continue;
    if (u.pathname === here.pathname && u.search === here.search) continue;
    if (u.pathname.startsWith('/lang/') || u.pathname === '/logout') continue;
    const key = u.pathname + u.search;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(key);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Accessibility (axe-core)
// ---------------------------------------------------------------------------
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.slice(0, 5).map((n) => {
        const summary = (n.failureSummary || '').replace(/\s+/g, ' ').trim();
        return `      at ${n.target.join(' ')}\n        ${n.html.slice(0, 200)}\n        ${summary}`;
      });
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}${more}`;
    })
    .join('\n');
}

/** Runs axe-core on the page; fails on any serious or critical violation. */
export async function checkA11y(page, what = page.url()) {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    assert.fail(`${what}: ${bad.length} serious/critical accessibility violation(s) (axe-core):\n${formatViolations(bad)}`);
  }
  return results;
}

/** Fills some answer into an exercise item's form, whatever its kind. */
export async function fillSomeAnswer(form) {
  const radios = form.locator('input[type="radio"]');
  if (await radios.count()) return radios.first().check();
  const boxes = form.locator('input[type="checkbox"]');
  if (await boxes.count()) return boxes.first().check();
  for (const select of await form.locator('select').all()) {
    await select.selectOption({ index: 1 });
  }
  for (const input of await form.locator('input[type="text"]').all()) {
    await input.fill('0');
  }
}
