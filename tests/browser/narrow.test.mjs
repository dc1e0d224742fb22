// A 360 px phone: no page of any role scrolls sideways (only tables inside their own
// scrolling box may). For every role of demo-accounts.json, in Arabic and in French, the
// test signs in at 360×740 and walks the same-origin links breadth-first from the home
// page (GET only, one page per path shape, capped), measuring
// document.documentElement.scrollWidth on each page. All offending pages are reported at
// once, each with its widest escaping element. It also notes the height of the national
// dashboard at that width.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

const WIDTH = 360;
const VIEWPORT = { width: WIDTH, height: 740 };
/** Pages walked per role and language; the walk takes one page per path shape. */
const MAX_PAGES = 24;
/** Paths that are not pages, or that act (even on GET), or that leave for another service. */
const SKIP =
  /^\/(logout|lang\/|media\/|static\/|sync\/|janus|metrics|healthz|manifest|sw\.js|favicon|uploads|help\/suggest|live\/[^/]+\/join|live\/bbb\/|offline\/)/;
const SKIP_EXT = /\.(csv|pdf|xlsx|zip|json|m3u8|mp4|webm|vtt|png|jpe?g|svg|js|css|txt|xml|gift)$/i;

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** `/classes/<uuid>/pupils/<uuid>` → `/classes/:/pupils/:`: one page per shape is enough. */
function shape(pathname) {
  return pathname
    .split('/')
    .map((s) => (/^[0-9a-f-]{8,}$/i.test(s) || /^\d+$/.test(s) ? ':' : s))
    .join('/');
}

/** The same-origin links of the current page worth walking, as path + query. */
async function pageLinks(page) {
  const hrefs = await page.$$eval('a[href]', (as) =>
    as.filter((a) => !a.hasAttribute('download') && !a.hasAttribute('hreflang')).map((a) => new URL(a.getAttribute('href'), document.baseURI).href),
  );
  const out = [];
  for (const href of hrefs) {
    const u = new URL(href);
    if (u.origin !== h.ORIGIN) continue;
    if (SKIP.test(u.pathname) || SKIP_EXT.test(u.pathname)) continue;
    if (u.searchParams.has('export') || u.searchParams.has('next')) continue;
    out.push(u.pathname + u.search);
  }
  return out;
}

/**
 * The page's width, and when it is too wide, the deepest elements that stick out on the
 * side the page can scroll to (the end of the line: right in French, left in Arabic) or
 * that are wider than the screen, outside any box that scrolls on its own.
 */
async function measure(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const { scrollWidth, clientWidth } = doc;
    if (scrollWidth <= clientWidth) return { scrollWidth, culprits: [] };
    const rtl = getComputedStyle(doc).direction === 'rtl';
    const scrolls = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const sticksOut = (el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return false;
      return r.width > clientWidth + 0.5 || (rtl ? r.left < -0.5 : r.right > clientWidth + 0.5);
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (!sticksOut(el) || scrolls(el) || [...el.children].some(sticksOut)) continue;
      const r = el.getBoundingClientRect();
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent || '').trim().slice(0, 30);
      out.push(`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}> ${Math.round(r.width)} px "${text}"`);
      if (out.length >= 3) break;
    }
    return { scrollWidth, culprits: out };
  });
}

const roles = [...new Set(h.accounts().map((a) => a.role))];

for (const lang of h.LANGS) {
  test(`no page scrolls sideways at ${WIDTH} px, every role (${lang})`, { timeout: 600_000 }, async (t) => {
    const offending = [];
    let pages = 0;
    for (const role of roles) {
      await h.withPage(
        browser,
        t,
        async (page) => {
          await h.signIn(page, h.account(role), lang);
          const queue = ['/'];
          const seen = new Set([shape('/')]);
          let walked = 0;
          while (queue.length > 0 && walked < MAX_PAGES) {
            const target = queue.shift();
            let resp;
            try {
              resp = await page.goto(target, { waitUntil: 'load' });
            } catch (err) {
              if (/Download is starting/.test(String(err))) continue;
              throw err;
            }
            if (!resp || resp.status() >= 400) continue; // a link for another role
            if (!/text\/html/.test(resp.headers()['content-type'] || '')) continue;
            if (h.pathOf(page) === '/login') break; // signed out (should not happen)
            walked += 1;
            const { scrollWidth, culprits } = await measure(page);
            if (scrollWidth > WIDTH) {
              offending.push(`${role} ${target}: ${scrollWidth} px wide${culprits.length ? `; ${culprits.join('; ')}` : ''}`);
            }
            if (role === 'ministry_admin' && h.pathOf(page) === '/dashboards/national') {
              const height = await page.evaluate(() => document.documentElement.scrollHeight);
              t.diagnostic(`the national dashboard is ${height} px tall at ${WIDTH} px (${lang})`);
            }
            for (const link of await pageLinks(page)) {
              const key = shape(new URL(link, h.ORIGIN).pathname);
              if (seen.has(key)) continue;
              seen.add(key);
              queue.push(link);
            }
          }
          pages += walked;
          t.diagnostic(`${role}: ${walked} pages`);
        },
        { viewport: VIEWPORT, isMobile: true },
      );
    }
    assert.ok(pages >= roles.length * 3, `only ${pages} pages walked`);
    if (offending.length > 0) {
      assert.fail(`${offending.length} page(s) wider than ${WIDTH} px (${lang}):\n  ${offending.join('\n  ')}`);
    }
  });
}
