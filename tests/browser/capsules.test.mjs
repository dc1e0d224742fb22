// Capsules in Chromium: a pupil plays one (native HLS, then the vendored hls.js), switches
// to sound only and back, and the player reports progress; a video that cannot load is
// reported (a code, for the hotline); without JavaScript the page
// offers the MP4; a producer uploads a new video in the browser (resumable upload), the
// demo server's worker transcodes it, and it becomes playable with its compliance report.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A pupil other than the first (other tests use it) and the last (revision uses it). */
function watchingPupil() {
  const pupils = h.accounts().filter((a) => a.role === 'pupil');
  assert.ok(pupils.length > 2, 'the demo should have several pupils');
  return pupils[1];
}

/** Starts the (muted) video and waits until its clock has moved past `seconds`. */
async function playsPast(page, seconds, what) {
  const video = page.locator('#player');
  // The player has already put HLS in place of the MP4 (or, for hls.js, loads it on this
  // first play and then plays the HLS source itself).
  await video.evaluate((v) => {
    v.muted = true;
    v.play().catch(() => {});
  });
  await page.waitForFunction((s) => document.getElementById('player').currentTime > s, seconds, { timeout: 30_000 }).catch(async () => {
    const state = await video.evaluate((v) => ({ t: v.currentTime, ready: v.readyState, error: v.error && v.error.message, engine: v.dataset.engine, src: v.currentSrc }));
    assert.fail(`${what}: the video did not play past ${seconds}s: ${JSON.stringify(state)}`);
  });
}

test('a pupil plays a capsule, switches to sound only, and progress is recorded', { timeout: 120_000 }, async (t) => {
  await h.withPage(browser, t, async (page) => {
    await h.signIn(page, watchingPupil(), 'ar');
    const href = await h.firstCapsule(page);
    await h.visit(page, href);
    await h.assertLanguage(page, 'ar', href);
    await h.checkA11y(page, 'the capsule page (ar)');
    const video = page.locator('#player');
    assert.equal(await video.getAttribute('data-saver'), 'auto');
    assert.equal(await video.getAttribute('preload'), 'none');
    const media = [];
    page.on('request', (r) => {
      if (r.url().includes('/media/')) media.push(new URL(r.url()).pathname);
    });
    await playsPast(page, 1, 'native HLS');
    const engine = await video.getAttribute('data-engine');
    assert.ok(['native', 'hls.js'].includes(engine), `played with ${engine}`);
    t.diagnostic(`default engine: ${engine}`);

    // Sound only: chosen on the page, applied at once, remembered.
    const saved = page.waitForResponse((r) => r.url().endsWith('/profile/data-saver') && r.request().method() === 'POST');
    await page.locator('input[name="data_saver"][value="audio"]').check();
    assert.ok((await saved).status() < 400, 'the choice was saved');
    await page.waitForFunction(() => document.getElementById('player').dataset.current === 'audio');
    const before = await video.evaluate((v) => v.currentTime);
    await playsPast(page, before + 0.5, 'audio only');
    assert.ok(media.some((p) => /\/audio\/(index\.m3u8|seg_\d+\.ts)$/.test(p)), `the audio rendition was fetched: ${media.join(' ')}`);

    // Pausing reports progress (204).
    const reported = page.waitForResponse((r) => r.url().includes('/progress') && r.request().method() === 'POST');
    await video.evaluate((v) => v.pause());
    assert.equal((await reported).status(), 204);

    await h.visit(page, href);
    assert.equal(await video.getAttribute('data-saver'), 'audio', 'the choice is remembered');
    assert.ok(Number(await video.getAttribute('data-start')) > 0, 'the page resumes where the pupil stopped');
    await page.locator('input[name="data_saver"][value="auto"]').check();
    await page.waitForFunction(() => document.getElementById('player').dataset.current === 'auto');

    // The vendored hls.js, forced: loaded from our origin only, and it plays too.
    await h.visit(page, '/curriculum');
    await h.visit(page, `${href}#hlsjs`);
    assert.equal(await video.getAttribute('data-engine'), null, 'nothing is loaded before play');
    await playsPast(page, 1, 'hls.js');
    assert.equal(await video.getAttribute('data-engine'), 'hls.js');
    const home = await h.visit(page, '/');
    assert.ok(home.ok());
    assert.ok((await page.locator(`a[href="${href}"]`).count()) > 0, '"continue watching" lists the capsule');
  });
});

test('a video that cannot load is reported for the hotline, as a code only', { timeout: 60_000 }, async (t) => {
  await h.withPage(browser, t, async (page) => {
    await h.signIn(page, watchingPupil(), 'fr');
    const href = await h.firstCapsule(page);
    // Every playlist and segment fails: hls.js gives up with a fatal network error.
    await page.route('**/media/**', (r) => r.abort());
    await h.visit(page, `${href}#hlsjs`);
    const reported = page.waitForResponse((r) => r.url().includes('/playback-error') && r.request().method() === 'POST', { timeout: 45_000 });
    await page.locator('#player').evaluate((v) => {
      v.muted = true;
      v.play().catch(() => {});
    });
    const response = await reported;
    assert.equal(response.status(), 204);
    const body = new URLSearchParams(response.request().postData());
    assert.deepEqual([...body.keys()].sort(), ['code', 'rendition'], 'nothing but a code and a rendition');
    assert.equal(body.get('code'), 'hls_network');
    assert.ok(['auto', 'lowest', 'audio'].includes(body.get('rendition')), body.get('rendition'));
  });
});

test('without JavaScript the capsule page offers the MP4', { timeout: 60_000 }, async (t) => {
  const ctx = await h.newContext(browser);
  const page = await ctx.newPage();
  try {
    const href = await h.firstCapsule(page);
    await ctx.close();
    const noJs = await browser.newContext({ javaScriptEnabled: false, baseURL: h.BASE_URL });
    const p = await noJs.newPage();
    await p.goto(href);
    const src = await p.locator('#player source[type="video/mp4"]').getAttribute('src');
    assert.match(src, /^\/media\/[0-9a-f-]+\/download\.mp4/);
    const link = await p.locator('figcaption a[download]').getAttribute('href');
    const resp = await p.request.get(link);
    assert.equal(resp.status(), 200);
    assert.equal(resp.headers()['content-type'], 'video/mp4');
    assert.equal(await p.locator('script[src*="hls.light"]').count(), 0, 'hls.js is never on the page itself');
    await noJs.close();
  } catch (err) {
    await ctx.close().catch(() => {});
    throw err;
  }
  t.diagnostic('MP4 served to a browser without JavaScript');
});

/** A 3-second 320x180 clip with a tone, made with ffmpeg. */
function makeClip() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lawha-upload-'));
  const file = path.join(dir, 'ma-lecon.mp4');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3',
    '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=48000:duration=3',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
  ]);
  return file;
}

test('a producer uploads a video in the browser and it becomes playable with its report', { timeout: 240_000 }, async (t) => {
  const clip = makeClip();
  await h.withPage(browser, t, async (page) => {
    await h.signIn(page, h.account('producer'), 'fr');
    await h.visit(page, '/studio/coverage?level=1AC');
    await h.checkA11y(page, 'the coverage page (fr)');
    await h.clickAndWaitForNavigation(page, page.locator('main a[href^="/studio/new?lesson="]').first());
    await h.checkA11y(page, 'the new capsule form (fr)');
    // A form error first: no title.
    const form = page.locator('main form');
    await form.locator('input[value="fr"]').check();
    const refused = await h.submitAndWait(page, form.locator('button[type="submit"]'), new URL(page.url()).pathname);
    assert.equal(refused.status(), 422);
    await h.checkA11y(page, 'the new capsule form with an error (fr)');
    await form.locator('#title_fr').fill(`Capsule déposée ${Date.now()}`);
    await form.locator('#teacher').fill('Mme Test');
    await h.clickAndWaitForNavigation(page, form.locator('button[type="submit"]'));
    assert.match(h.pathOf(page), /^\/studio\/capsules\/[0-9a-f-]+$/);
    const studioPath = h.pathOf(page);
    await h.checkA11y(page, 'the studio page of a new capsule (fr)');

    // The resumable uploader sends the file in chunks, then comes back to this page.
    await page.locator('#video').setInputFiles(clip);
    const done = page.waitForResponse((r) => r.url().includes('/uploads/') && r.request().method() === 'PATCH' && r.headers()['lawha-capsule-page'], { timeout: 60_000 });
    await page.locator('#video-upload button[type="submit"]').click();
    assert.equal((await done).status(), 204);
    await page.waitForURL((u) => u.pathname === studioPath);

    // The worker transcodes it; the page refreshes itself until the version is ready.
    const deadline = Date.now() + 150_000;
    let status = '';
    while (Date.now() < deadline) {
      status = (await page.locator('.version .media-status').first().innerText().catch(() => '')).trim();
      if (/prête/i.test(status) || /refusée/i.test(status)) break;
      await page.waitForTimeout(2_000);
      await page.reload();
    }
    assert.match(status, /prête/i, `the version should be ready, got "${status}"`);
    assert.ok((await page.locator('table.report tbody tr').count()) >= 5, 'the compliance report is shown');
    await h.checkA11y(page, 'the studio page with a ready version (fr)');
    await h.clickAndWaitForNavigation(page, page.locator('form[action$="/publish"] button'));
    assert.match(await page.locator('#capsule-status').innerText(), /publiée/i);

    await h.clickAndWaitForNavigation(page, page.locator('main a[href^="/capsules/"]').first());
    await playsPast(page, 1, 'the uploaded capsule');
  });
});
