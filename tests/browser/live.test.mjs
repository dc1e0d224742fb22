// Live classes (issue 17) against the demo's embedded Janus: two Chromium instances with
// fake media devices. The trainer schedules a session for their group through /live/new,
// joins it and shares the (fake) screen with the (fake) microphone; a trainee of the group
// joins in "screen and sound" and receives both tracks (inbound RTP bytes growing in the
// subscriber's own statistics), and another in "sound only" receives sound and no video;
// the first trainee speaks (stops and speaks again), the trainer mutes them (they are told),
// a stream they do not send is refused, the trainer lets them speak again and removes them;
// an outsider and a trainee outside the window are refused;
// once both have left, the trainer's session page lists both with a duration (taken by the
// server from the engine, not from the pages).
//
// The demo must run with a short attendance poll (scripts/test.sh sets
// LAWHA_LIVE_POLL_SECONDS=2) and `janus` and `libjs-janus-gateway` installed.
// The contexts keep the site's own CSP (no bypass): janus.js and /janus must pass it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import * as h from './helpers.mjs';

const ZONE = 'Africa/Casablanca';
const MEDIA_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--auto-accept-this-tab-capture',
  '--auto-select-desktop-capture-source=Entire screen',
  // Plain host candidates: Janus on this machine need not resolve mDNS names.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

let trainerBrowser;
let traineeBrowser;
const contexts = [];

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', ...MEDIA_ARGS],
  });
}

/** A context of `browser` that keeps the CSP and refuses any other origin. */
async function context(browser) {
  const ctx = await browser.newContext({ baseURL: h.BASE_URL, viewport: { width: 1280, height: 900 } });
  ctx.setDefaultTimeout(20_000);
  const foreign = [];
  await ctx.route(
    (url) => h.isForeign(url.href),
    (r) => {
      foreign.push(r.request().url());
      return r.abort('blockedbyclient');
    },
  );
  ctx.foreign = foreign;
  // Janus's API answers that were not OK, for a failing test's message.
  ctx.janusFailures = [];
  ctx.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/janus') && !r.ok()) ctx.janusFailures.push(`${r.status()} ${r.request().method()} ${u.pathname}`);
  });
  contexts.push(ctx);
  return ctx;
}

before(async () => {
  trainerBrowser = await launch();
  traineeBrowser = await launch();
});
after(async () => {
  for (const ctx of contexts) await ctx.close().catch(() => {});
  await trainerBrowser?.close();
  await traineeBrowser?.close();
});

/** The platform's local date and time `minutes` from now, rounded up to the minute. */
function localSlot(minutes) {
  const at = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
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

/** Schedules a one-off session for the trainer's first group, `start` to `end` (local
 * slots of one day); returns its id. */
async function schedule(page, title, start, end) {
  await h.visit(page, '/live/new');
  assert.equal(start.date, end.date, 'the test session does not cross midnight');
  await page.fill('#title', title);
  await page.check('input[name="kind"][value="class"]');
  const group = await page.locator('#class_id option').nth(1).getAttribute('value');
  assert.ok(group, 'the trainer has a group to schedule for');
  await page.selectOption('#class_id', group);
  await page.fill('#date', start.date);
  await page.fill('#start', start.time);
  await page.fill('#end', end.time);
  await h.submitAndWait(page, page.locator('form[action="/live/new"] button[type="submit"]'), '/live/new');
  const m = h.pathOf(page).match(/^\/live\/([0-9a-f-]{36})$/);
  assert.ok(m, `scheduling lands on the session page, not ${page.url()}`);
  return m[1];
}

async function join(page, id, mode) {
  await h.visit(page, `/live/${id}`);
  if (mode) await page.check(`input[name="mode"][value="${mode}"]`);
  const form = page.locator(`form[action="/live/${id}/join"]`);
  await h.submitAndWait(page, form.locator('button[type="submit"]'), `/live/${id}/join`);
}

async function waitForState(page, state, what) {
  try {
    await page.waitForFunction((s) => document.getElementById('live-room')?.dataset.state === s, state, {
      timeout: 30_000,
    });
  } catch (e) {
    const got = await page.evaluate(() => document.getElementById('live-room')?.dataset.state);
    const text = await page.locator('#live-status').textContent().catch(() => '');
    const cause = await page.evaluate(() => document.getElementById('live-room')?.dataset.error);
    const api = page.context().janusFailures.join(', ');
    assert.fail(`${what}: expected state "${state}", got "${got}" (${text}; ${cause}; ${api})`);
  }
}

/** Bytes received so far per kind, from the subscriber's inbound RTP statistics. */
async function inbound(page) {
  return page.evaluate(async () => {
    const pc = document.getElementById('live-room').livePeer;
    const out = { audio: 0, video: 0 };
    if (!pc) return out;
    const stats = await pc.getStats();
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.kind === 'video')) out[s.kind] += s.bytesReceived || 0;
    });
    return out;
  });
}

/** Waits until the page's inbound `kind` bytes grow over two seconds. */
async function growing(page, kind, what) {
  let seen = [];
  for (let i = 0; i < 10; i++) {
    const a = await inbound(page);
    await page.waitForTimeout(2_000);
    const b = await inbound(page);
    seen = [a, b];
    if (b[kind] > a[kind] + 200) return;
  }
  assert.fail(`${what}: ${kind} bytes do not grow: ${JSON.stringify(seen)}`);
}

/** A CSRF token of `page`'s session, from the session page of `id`. */
async function csrfOf(page, id) {
  const other = await page.context().newPage();
  await h.visit(other, `/live/${id}`);
  const csrf = await other.locator('input[name="csrf"]').first().getAttribute('value');
  await other.close();
  return csrf;
}

test('a trainer shares a screen with sound; a trainee follows it in "screen and sound"; attendance names both', async (t) => {
  const trainer = h.account('vocational_trainer');
  const trainee = h.account('trainee');
  const outsider = h.account('pupil');

  const hostCtx = await context(trainerBrowser);
  const host = await hostCtx.newPage();
  const errors = [];
  host.on('pageerror', (e) => errors.push(`trainer: ${e.message}`));
  await h.signIn(host, trainer, 'fr');
  // Open for up to half an hour, ending before midnight (the test takes under a minute of
  // it); the later one on the next day, so that neither crosses midnight.
  await h.awayFromMidnight(ZONE, 6, t);
  const id = await schedule(host, `Direct ${Date.now()}`, localSlot(1), localSlot(Math.min(31, Math.floor(h.minutesToMidnight(ZONE)) - 1)));
  const tomorrow = localSlot(24 * 60).date;
  const later = await schedule(host, `Plus tard ${Date.now()}`, { date: tomorrow, time: '10:00' }, { date: tomorrow, time: '10:30' });

  // The host: janus.js from our origin, the screen and the microphone shared.
  await join(host, id);
  const scripts = await host.$$eval('script[src]', (s) => s.map((e) => e.getAttribute('src')));
  assert.ok(scripts.some((s) => /^\/static\/vendor\/janus-[0-9a-f]{12}\.js$/.test(s)), `janus.js from our origin: ${scripts}`);
  assert.ok(scripts.some((s) => /^\/static\/live-[0-9a-f]{12}\.js$/.test(s)), `live.js on the join page: ${scripts}`);
  await waitForState(host, 'sharing', 'the trainer');
  assert.equal(await host.locator('#live-controls').isVisible(), true, 'the host has the microphone and sharing buttons');

  // The trainee, in another browser: screen and sound.
  const pupilCtx = await context(traineeBrowser);
  const pupil = await pupilCtx.newPage();
  pupil.on('pageerror', (e) => errors.push(`trainee: ${e.message}`));
  await h.signIn(pupil, trainee, 'ar');
  await join(pupil, id, 'screen-and-sound');
  assert.equal(await pupil.getAttribute('#live-room', 'data-mode'), 'screen-and-sound');
  await waitForState(pupil, 'live', 'the trainee');
  const first = await inbound(pupil);
  await pupil.waitForTimeout(3_000);
  const second = await inbound(pupil);
  assert.ok(second.audio > first.audio, `audio bytes grow: ${JSON.stringify([first, second])}`);
  assert.ok(second.video > first.video, `video bytes grow: ${JSON.stringify([first, second])}`);
  // The status is the page's Arabic, not English.
  const status = await pupil.locator('#live-status').textContent();
  assert.match(status, /[\u0600-\u06FF]/, `the trainee's status is in Arabic: ${status}`);

  // Another trainee in "sound only": the host's sound, and no video at all.
  const trainee2 = h.accounts().filter((a) => a.role === 'trainee')[1];
  assert.ok(trainee2, 'the demo has a second trainee');
  const soundCtx = await context(traineeBrowser);
  const sound = await soundCtx.newPage();
  sound.on('pageerror', (e) => errors.push(`trainee 2: ${e.message}`));
  await h.signIn(sound, trainee2, 'fr');
  await join(sound, id, 'sound-only');
  await waitForState(sound, 'live', 'the trainee in sound only');
  const s1 = await inbound(sound);
  await sound.waitForTimeout(2_000);
  const s2 = await inbound(sound);
  assert.ok(s2.audio > s1.audio, `sound only: audio bytes grow: ${JSON.stringify([s1, s2])}`);
  assert.equal(s2.video, 0, `sound only: no video received: ${JSON.stringify([s1, s2])}`);

  // The first trainee asks to speak: the host hears them, mutes them (Janus stops relaying
  // their sound: the host's inbound audio stops growing), lets them speak again, then
  // removes them from the session, which they cannot join again.
  await pupil.click('#live-speak');
  await waitForState(pupil, 'speaking', 'the trainee who speaks');
  const speaker = host.locator('#live-people li', { hasText: trainee.name });
  await speaker.waitFor({ timeout: 20_000 });
  await growing(host, 'audio', 'the host hears the trainee');
  // Stopping unpublishes the microphone (the host's list drops them); speaking again
  // publishes it anew.
  await pupil.click('#live-speak');
  await speaker.waitFor({ state: 'detached', timeout: 10_000 });
  await pupil.click('#live-speak');
  await waitForState(pupil, 'speaking', 'the trainee who speaks again');
  await speaker.waitFor({ timeout: 20_000 });
  await growing(host, 'audio', 'the host hears the trainee again');
  await speaker.locator('.live-mute').click();
  await host.waitForFunction(
    () => document.querySelector('#live-people .live-mute')?.getAttribute('aria-pressed') === 'true',
    null,
    { timeout: 10_000 },
  );
  await host.waitForTimeout(1_000);
  const m1 = await inbound(host);
  await host.waitForTimeout(2_000);
  const m2 = await inbound(host);
  assert.ok(m2.audio - m1.audio < 200, `muted: the host's inbound audio stops: ${JSON.stringify([m1, m2])}`);
  await waitForState(pupil, 'muted', 'the muted trainee is told');
  // A stream the trainee does not send is refused, and mutes nobody else.
  const hostCsrf = await host.getAttribute('#live-room', 'data-csrf');
  const feed = await speaker.getAttribute('data-feed');
  const wrong = await host.request.post(`/live/${id}/mute`, {
    form: { csrf: hostCsrf, participant: feed, streams: '99', mute: 'true' },
    headers: { Origin: h.ORIGIN },
    maxRedirects: 0,
  });
  assert.equal(wrong.status(), 409, 'muting a stream the trainee does not send is refused');
  await speaker.locator('.live-mute').click();
  await host.waitForFunction(
    () => document.querySelector('#live-people .live-mute')?.getAttribute('aria-pressed') === 'false',
    null,
    { timeout: 10_000 },
  );
  await growing(host, 'audio', 'unmuted: the host hears the trainee again');
  await waitForState(pupil, 'speaking', 'the trainee may speak again');
  await speaker.locator('.live-remove').click();
  await speaker.waitFor({ state: 'detached', timeout: 10_000 });
  await waitForState(pupil, 'removed', 'the removed trainee is told');
  const again = await pupil.request.post(`/live/${id}/join`, {
    form: { csrf: await csrfOf(pupil, id), mode: 'screen-and-sound' },
    headers: { Origin: h.ORIGIN },
    maxRedirects: 0,
  });
  assert.equal(again.status(), 409, 'a removed trainee cannot join the session again');
  await sound.goto('/');

  // An outsider does not see the session; the trainee cannot join the later one yet.
  const outCtx = await context(traineeBrowser);
  const out = await outCtx.newPage();
  await h.signIn(out, outsider, 'fr');
  const seen = await out.goto(`/live/${id}`);
  assert.equal(seen.status(), 404, 'a pupil of another class gets "not found"');
  const laterPage = await pupil.context().newPage();
  await h.visit(laterPage, `/live/${later}`);
  assert.equal(await laterPage.locator(`form[action="/live/${later}/join"]`).count(), 0, 'no join form outside the window');
  const csrf = await laterPage.locator('input[name="csrf"]').first().getAttribute('value');
  const refused = await laterPage.request.post(`/live/${later}/join`, {
    form: { csrf, mode: 'screen-and-sound' },
    headers: { Origin: h.ORIGIN },
    maxRedirects: 0,
  });
  assert.equal(refused.status(), 409, 'joining outside the window is refused');
  await laterPage.close();

  // Both stay a little, then leave; the engine's poller closes their presence.
  await pupil.waitForTimeout(2_000);
  await pupil.goto('/');
  await h.visit(host, `/live/${id}`);
  const names = [trainer.name, trainee.name];
  let rows = [];
  for (let i = 0; i < 30; i++) {
    rows = await host.$$eval('section[aria-labelledby="att-h"] tbody tr', (trs) =>
      trs.map((tr) => ({
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
        // "Stayed to the end": still in the room by the engine's account.
        stayed: tr.querySelector('.tag') !== null,
      })),
    );
    const left = rows.filter((r) => names.includes(r.cells[0]) && !r.stayed);
    if (left.length === 2) break;
    await host.waitForTimeout(1_000);
    await host.reload();
  }
  for (const name of names) {
    const row = rows.find((r) => r.cells[0] === name);
    assert.ok(row, `attendance lists ${name}: ${JSON.stringify(rows)}`);
    assert.equal(row.stayed, false, `${name} has left, by the engine: ${JSON.stringify(row)}`);
    assert.match(row.cells[2], /^\d\d:\d\d$/, `${name} has a time of leaving: ${JSON.stringify(row)}`);
    assert.match(row.cells[3], /^(\d+ min|\d+:\d\d)$/, `${name} has a duration: ${JSON.stringify(row)}`);
  }
  assert.deepEqual(errors, [], 'no script errors');
  for (const ctx of [hostCtx, pupilCtx, soundCtx, outCtx]) assert.deepEqual(ctx.foreign, [], 'no request leaves our origin');
  t.diagnostic(`attendance: ${JSON.stringify(rows)}`);
});
