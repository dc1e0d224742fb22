// Live classes (issue 17): the recording becomes a draft capsule that plays. A teacher
// schedules a one-minute session for their class, joins it in Chromium with fake media
// devices and shares the (fake) screen and sound for a few seconds, then ends it. The demo's
// embedded Janus records the host's feed (every Lawha room records); once the occurrence's
// planned end has settled, `lawha serve`'s recordings worker converts the host's `.mjr`
// tracks (janus-pp-rec, ffmpeg) into a draft capsule of the class's "live sessions" lesson,
// and the media worker makes its ladder. The session page links the draft's page, where the
// host (its maker) plays the video.
//
// The demo must run with a short recordings round (scripts/test.sh sets
// LAWHA_LIVE_RECORDINGS_SECONDS=2 and LAWHA_LIVE_RECORDINGS_SETTLE_SECONDS=5), with
// `janus`, `janus-tools`, `libjs-janus-gateway` and ffmpeg installed. The host is the
// demo's second teacher: live.test.mjs's trainer hosts sessions of its own at the same time,
// and a host's sessions may not overlap.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import * as h from './helpers.mjs';

const ZONE = 'Africa/Casablanca';

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--auto-accept-this-tab-capture',
      '--auto-select-desktop-capture-source=Entire screen',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
});
after(async () => {
  await browser?.close();
});

/** The platform's local date and time of `at`. */
function local(at) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

test('the host\'s recording becomes a draft capsule that plays', { timeout: 720_000 }, async (t) => {
  const teacher = h.accounts().filter((a) => a.role === 'teacher')[1];
  assert.ok(teacher, 'the demo has a second teacher');
  const ctx = await h.newContext(browser);
  ctx.setDefaultTimeout(20_000);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await h.signIn(page, teacher, 'fr');

  // A one-minute session starting at the next whole minute but one (the form keeps minutes,
  // and a start in the past is refused).
  await h.awayFromMidnight(ZONE, 5, t);
  const startsAt = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
  const endsAt = new Date(startsAt.getTime() + 60_000);
  const start = local(startsAt);
  const end = local(endsAt);
  assert.equal(start.date, end.date, 'the test session does not cross midnight');
  await h.visit(page, '/live/new');
  await page.fill('#title', `Enregistrement ${Date.now()}`);
  await page.check('input[name="kind"][value="class"]');
  const klass = await page.locator('#class_id option').nth(1).getAttribute('value');
  assert.ok(klass, 'the teacher has a class to schedule for');
  await page.selectOption('#class_id', klass);
  await page.fill('#date', start.date);
  await page.fill('#start', start.time);
  await page.fill('#end', end.time);
  await h.submitAndWait(page, page.locator('form[action="/live/new"] button[type="submit"]'), '/live/new');
  const m = h.pathOf(page).match(/^\/live\/([0-9a-f-]{36})$/);
  assert.ok(m, `scheduling lands on the session page, not ${page.url()}`);
  const id = m[1];

  // The host joins and shares the fake screen and microphone for a few seconds.
  const form = page.locator(`form[action="/live/${id}/join"]`);
  await h.submitAndWait(page, form.locator('button[type="submit"]'), `/live/${id}/join`);
  await page
    .waitForFunction(() => document.getElementById('live-room')?.dataset.state === 'sharing', null, { timeout: 30_000 })
    .catch(async () => {
      const state = await page.evaluate(() => document.getElementById('live-room')?.dataset);
      assert.fail(`the host did not start sharing: ${JSON.stringify(state)}`);
    });
  await page.waitForTimeout(8_000);
  // Ending destroys the room: Janus closes the host's recording.
  await h.submitAndWait(page, page.locator(`form[action="/live/${id}/end"] button[type="submit"]`), `/live/${id}/end`);

  // The worker looks 5 s after the planned end, every 2 s; conversion and the ladder follow.
  const deadline = endsAt.getTime() + 150_000;
  let capsule = null;
  let listed = '';
  while (Date.now() < deadline) {
    await h.visit(page, `/live/${id}`);
    listed = (await page.locator('ul.recordings').textContent().catch(() => '')) || '';
    capsule = await page
      .locator('ul.recordings a[href^="/capsules/"]')
      .first()
      .getAttribute('href', { timeout: 1_000 })
      .catch(() => null);
    if (capsule) break;
    // A failure is reported on the page with its code: no use waiting for it.
    assert.doesNotMatch(listed, /live-[a-z-]+/, `the recording failed: ${listed}`);
    await page.waitForTimeout(3_000);
  }
  assert.ok(capsule, `the session page links the draft capsule (recordings: "${listed.trim()}")`);
  t.diagnostic(`recording: ${listed.trim().replace(/\s+/g, ' ')}`);

  // The draft's page (its maker, the host, sees it; teachers have no studio): its player
  // appears once the media worker made the ladder.
  assert.match(capsule, /^\/capsules\/[0-9a-f-]{36}$/);
  let player = 0;
  for (let i = 0; i < 40 && !player; i++) {
    await h.visit(page, capsule);
    player = await page.locator('#player').count();
    if (!player) await page.waitForTimeout(3_000);
  }
  assert.ok(player, `the draft capsule gets a playable version: ${await page.locator('main').textContent()}`);

  // The capsule page plays it.
  const video = page.locator('#player');
  await video.evaluate((v) => {
    v.muted = true;
    v.play().catch(() => {});
  });
  await page
    .waitForFunction(() => {
      const v = document.getElementById('player');
      return v.readyState >= 2 && v.currentTime > 1;
    }, null, { timeout: 30_000 })
    .catch(async () => {
      const state = await video.evaluate((v) => ({ t: v.currentTime, ready: v.readyState, error: v.error && v.error.message, src: v.currentSrc }));
      assert.fail(`the recording's capsule did not play: ${JSON.stringify(state)}`);
    });
  assert.deepEqual(errors, [], 'no script errors');
  h.assertNoForeignRequests(ctx, 'the recording story');
  await ctx.close();
});
