// Offline on the phone (issue 16): on a 360 px phone, in Arabic and French, a pupil saves a
// lesson (sound only), goes offline, reloads, plays the saved capsule, answers the saved
// practice set with the corrections shown on the device, comes back online, and the server
// holds each answer exactly once (sent again, nothing changes): the teacher's class page
// shows them, the pupil's timeline has one line per answer and watch report. A second pass
// saves and sends over a throttled 2G link. Offline practice teaches first, as online: a hint
// after a miss, the answer after a second miss in a row or when the pupil asks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

const PHONE = { serviceWorkers: 'allow', viewport: { width: 360, height: 740 }, isMobile: true };
const ANSWERS = 3;
const PRACTICE = { ar: 'تمرين', fr: 'Entraînement' };

/** 2G as slow_network.test.mjs measures it: 50 kbit/s, 300 ms round trip. */
const TWO_G = { offline: false, latency: 300, downloadThroughput: 50_000 / 8, uploadThroughput: 50_000 / 8 };

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The teacher's first class: its path and the demo pupils on its grid. */
async function teachersClass(page) {
  await h.signIn(page, h.account('teacher'), 'fr');
  const classPath = await page.locator('main a[href^="/classes/"]').first().getAttribute('href');
  assert.ok(classPath, "the teacher's home lists a class");
  await h.visit(page, classPath);
  const names = await page.locator('table.grid tbody th a').allInnerTexts();
  const pupils = h.accounts().filter((a) => a.role === 'pupil' && names.includes(a.name));
  assert.ok(pupils.length >= 4, `the class has demo pupils: ${names.join(', ')}`);
  return { classPath, pupils };
}

/**
 * The lines of `pupil`'s timeline on the teacher's class page (one per answer or watch
 * report, newest first) dated `since` or later, reached from their row of the grid.
 */
async function timelineSince(page, classPath, pupil, since) {
  await h.visit(page, classPath);
  const row = page.locator('table.grid tbody tr').filter({ has: page.locator('th a', { hasText: pupil.name }) });
  assert.equal(await row.count(), 1, `the grid has a row for ${pupil.name}`);
  await h.clickAndWaitForNavigation(page, row.locator('th a'));
  const times = await page.locator('ol.timeline li time').evaluateAll((ts) => ts.map((x) => x.getAttribute('datetime')));
  return times.filter((at) => Date.parse(at) >= since).length;
}

/** A capsule of 1AC maths whose lesson has a practice set: capsule, lesson and set paths. */
async function lessonWithPractice(page) {
  await h.visit(page, '/curriculum/1AC/MATH');
  const hrefs = await page.locator('main a[href^="/capsules/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const capsule of new Set(hrefs)) {
    await h.visit(page, capsule);
    const lesson = await page.locator('nav.crumbs a[href^="/lessons/"]').getAttribute('href');
    await h.visit(page, lesson);
    const label = PRACTICE[await page.locator('html').getAttribute('lang')];
    for (const li of await page.locator('ul.sets li').all()) {
      if ((await li.locator('.tag:not(.lang)').innerText()).trim() !== label) continue;
      return { capsule, lesson, set: await li.locator('a').getAttribute('href') };
    }
  }
  return assert.fail('no lesson of 1AC maths has a capsule and a practice set');
}

/**
 * Signs `pupil` in on the phone, lets the worker control the page and saves a lesson of 1AC
 * maths with a practice set: its paths and the scripts' strings.
 */
async function savedByPupil(page, pupil, lang = 'fr') {
  await h.signIn(page, pupil, lang);
  await h.workerControls(page);
  const paths = await lessonWithPractice(page);
  await h.visit(page, paths.lesson);
  const s = await strings(page);
  await page.locator('button.save-offline').click();
  await page.locator('.save-status').filter({ hasText: s.saved }).waitFor({ timeout: 30_000 });
  return { ...paths, s };
}

/** The scripts' strings on the current page. */
async function strings(page) {
  return JSON.parse(await page.locator('#lawha-strings').textContent());
}

/** `forms[category]` for `n` in the page's language, as shell.js writes it. */
async function plural(page, forms, n) {
  return page.evaluate(([f, count]) => window.LawhaOffline.plural(f, count), [forms, n]);
}

/** The device's waiting answers and watch reports. */
async function outbox(page) {
  return page.evaluate(async () => {
    const d = await window.LawhaOffline.device();
    return d ? window.LawhaOffline.ofUser('outbox', d.user) : [];
  });
}

/** Waits until the page's pupil has exactly `n` things waiting on the device. */
async function outboxHolds(page, n, timeout = 20_000) {
  await h.waitForAsync(
    page,
    async (want) => (await window.LawhaOffline.ofUser('outbox', document.body.dataset.user)).length === want,
    n,
    { timeout, polling: 250 },
  );
}

/** Fills in the first choice or a guess in an item's form, whatever its kind. */
async function fillSomeAnswer(form) {
  const radios = form.locator('input[type="radio"]');
  if (await radios.count()) return radios.first().check();
  const boxes = form.locator('input[type="checkbox"]');
  if (await boxes.count()) return boxes.first().check();
  for (const select of await form.locator('select').all()) {
    await select.selectOption({ index: 1 });
  }
  for (const input of await form.locator('input[type="text"]').all()) {
    await input.fill('1');
  }
}

/** The percentage in a result box's heading. */
async function percentOf(result) {
  const heading = await result.locator('h3').innerText();
  const m = heading.match(/(\d+)\s*[%٪]|[%٪]\s*(\d+)/);
  assert.ok(m, `a score in "${heading}"`);
  return Number(m[1] ?? m[2]);
}

async function offlineStory(t, lang, pupilIndex, { twoG = false } = {}) {
  const teacherCtx = await h.newContext(browser);
  const teacher = await teacherCtx.newPage();
  try {
    const { classPath, pupils } = await teachersClass(teacher);
    const pupil = pupils[pupils.length - 1 - pupilIndex];
    // Answers made offline keep the time they were made: the story's lines are those since it began.
    const since = Date.now() - 1000;
    assert.equal(await timelineSince(teacher, classPath, pupil, since), 0, 'nothing of this pupil yet');
    let expected = 0;

    await h.withPage(
      browser,
      t,
      async (page, ctx) => {
        await h.signIn(page, pupil, lang);
        await h.workerControls(page);
        const { capsule, lesson, set } = await lessonWithPractice(page);

        // Sound only, chosen on the capsule page (saved in the background).
        await h.visit(page, capsule);
        const audio = page.locator('#saver input[value="audio"]');
        if (!(await audio.isChecked())) {
          const chosen = page.waitForResponse((r) => r.url().endsWith('/profile/data-saver'));
          await audio.check();
          assert.equal((await chosen).status(), 204);
        }

        // The 2G link is Chromium's own throttling (CDP); offline is then set the same way,
        // since a CDP session of the test's own overrides what `setOffline` sets.
        const cdp = twoG ? await ctx.newCDPSession(page) : null;
        const network = async (offline) => {
          if (cdp) await cdp.send('Network.emulateNetworkConditions', { ...TWO_G, offline });
          await ctx.setOffline(offline);
        };
        if (cdp) await network(false);

        // Save the lesson: the size is on the button before anything is downloaded.
        await h.visit(page, lesson);
        const title = (await page.locator('h1').innerText()).trim();
        const s = await strings(page);
        const button = page.locator('button.save-offline');
        await button.waitFor({ state: 'visible' });
        const bytes = Number(await button.getAttribute('data-bytes'));
        assert.ok(bytes > 0, 'the button knows the size');
        assert.match(await button.innerText(), /\d/, 'the button shows the size');
        const media = [];
        page.on('request', (r) => {
          if (new URL(r.url()).pathname.startsWith('/media/')) media.push(new URL(r.url()).pathname);
        });
        await button.click();
        await page.locator('.save-status').filter({ hasText: s.saved }).waitFor({ timeout: twoG ? 240_000 : 30_000 });
        t.diagnostic(`saved ${bytes} bytes, ${media.length} media files`);
        assert.ok(media.some((p) => p.endsWith('.m3u8')), 'the rung playlist was saved');
        assert.ok(!media.some((p) => p.endsWith('.mp4') && !p.includes('init')), 'never the MP4');

        // The Saved page lists it with its size.
        await h.visit(page, '/saved');
        const item = page.locator('#saved-list li').filter({ hasText: title });
        await item.waitFor();
        assert.match(await item.innerText(), /\d/, 'the saved lesson shows its size');
        assert.equal(await page.locator('#saved-empty').isHidden(), true);
        await page.locator('#saved-space').filter({ hasText: /\d/ }).waitFor();

        // Offline: the saved pages come from the device.
        await network(true);
        const reloaded = await page.goto(lesson, { waitUntil: 'load' });
        assert.equal(reloaded.fromServiceWorker(), true, 'the lesson page came from the worker');
        assert.equal((await page.locator('h1').innerText()).trim(), title);
        await page.locator('#offline-banner').filter({ hasText: s.offline }).waitFor();

        // The sound-only capsule plays.
        await page.goto(capsule, { waitUntil: 'load' });
        const video = page.locator('#player');
        await video.evaluate((v) => {
          v.muted = true;
          v.play().catch(() => {});
        });
        await page.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 30_000 });
        await video.evaluate((v) => v.pause());
        // The pause keeps a watch report on the device (IndexedDB, so not at once): leaving
        // the page before it is written would lose it.
        await h.waitForAsync(page, async () =>
          (await window.LawhaOffline.ofUser('outbox', document.body.dataset.user)).some((e) => e.kind === 'watch'),
        );

        // The practice set, answered and corrected on the device.
        await page.goto(set, { waitUntil: 'load' });
        const sections = page.locator('section.item');
        assert.ok((await sections.count()) >= ANSWERS, `the set has ${ANSWERS} items`);
        const device = [];
        for (let i = 0; i < ANSWERS; i++) {
          const section = sections.nth(i);
          await fillSomeAnswer(section.locator('form'));
          const result = await answerOnDevice(page, section);
          assert.ok((await result.innerText()).includes(s.answer_saved_offline), 'the result says it waits on the phone');
          device.push({ id: await section.getAttribute('id'), percent: await percentOf(result) });
        }
        // Answers and watch reports: what the timeline and the banner count (a showing, when
        // a rerun's answer is a second miss, is neither).
        const waiting = (await outbox(page)).filter((e) => e.kind !== 'showing');
        const watches = waiting.filter((e) => e.kind === 'watch').length;
        assert.equal(waiting.filter((e) => e.kind === 'answer').length, ANSWERS);
        assert.ok(watches >= 1, 'the watch report waits too');
        expected = waiting.length;
        const banner = page.locator('#offline-banner');
        assert.ok((await banner.innerText()).includes(await plural(page, s.waiting, waiting.length)), await banner.innerText());

        // Back online: the next page load sends them.
        await network(false);
        await page.goto('/', { waitUntil: 'load' });
        await outboxHolds(page, 0, twoG ? 120_000 : 20_000);
        if (cdp) {
          await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
        }

        // The server corrected them as the device did.
        await h.visit(page, set);
        for (const d of device) {
          const result = page.locator(`#${d.id} .result`);
          assert.equal(await percentOf(result), d.percent, `${d.id}: the server's score is the device's`);
        }

        // Sent twice (a reply lost on the way back): recorded once.
        const again = await page.evaluate(async (rows) => {
          const csrf = document.querySelector('meta[name="csrf"]').content;
          const out = [];
          for (const r of rows) {
            const res = await fetch(r.url, {
              method: 'POST',
              body: `${r.body}&csrf=${encodeURIComponent(csrf)}`,
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              redirect: 'manual',
            });
            out.push(res.type === 'opaqueredirect' || res.ok);
          }
          return out;
        }, waiting);
        assert.ok(again.every(Boolean), 'sending again is accepted');
        await cdp?.detach();
      },
      PHONE,
    );

    // The teacher sees each answer and watch report once, and the pupil's work on the grid.
    assert.equal(await timelineSince(teacher, classPath, pupil, since), expected, 'one timeline line per answer and report');
    await h.visit(teacher, classPath);
    const row = teacher.locator('table.grid tbody tr').filter({ has: teacher.locator('th a', { hasText: pupil.name }) });
    assert.match((await row.locator('td').nth(1).innerText()).trim(), /%$/, `${pupil.name} has a mean score on the grid`);
  } finally {
    await teacherCtx.close();
  }
}

for (const [i, lang] of h.LANGS.entries()) {
  test(`save a lesson, work offline, answers reach the server once (${lang}, phone)`, { timeout: 180_000 }, (t) =>
    offlineStory(t, lang, i),
  );
}

test('the same on a throttled 2G link (ar, phone)', { timeout: 480_000 }, (t) => offlineStory(t, 'ar', 2, { twoG: true }));

/** Everything the device keeps for offline use: waiting answers, streaks, saved lessons, saved caches. */
async function deviceKeeps(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('lawha-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const count = (store) =>
      new Promise((resolve) => {
        const req = db.transaction(store).objectStore(store).count();
        req.onsuccess = () => resolve(req.result);
      });
    const out = { outbox: await count('outbox'), streaks: await count('streaks'), saved: await count('saved') };
    db.close();
    out.caches = (await caches.keys()).filter((k) => k.startsWith('lawha-saved-')).length;
    return out;
  });
}

test('signing out of a shared phone sends waiting answers first, else removes them only after a warning (fr)', { timeout: 180_000 }, async (t) => {
  const teacherCtx = await h.newContext(browser);
  const { pupils } = await teachersClass(await teacherCtx.newPage());
  await teacherCtx.close();
  const [first, next] = [pupils[pupils.length - 4], pupils[pupils.length - 5]];
  await h.withPage(
    browser,
    t,
    async (page, ctx) => {
      const { set, s } = await savedByPupil(page, first);

      // One answer made offline, and a server that cannot be reached when the network returns.
      await h.visit(page, set);
      await ctx.setOffline(true);
      const section = page.locator('section.item').first();
      await fillSomeAnswer(section.locator('form'));
      await section.locator('button[type="submit"]:not(.show-answer)').click();
      await section.locator('.result[role="status"]').waitFor();
      await ctx.route('**/answer', (r) => r.abort('internetdisconnected'));
      await ctx.setOffline(false);
      await page.waitForTimeout(500);
      assert.equal((await outbox(page)).length, 1, 'the answer still waits');

      // Sign out: the warning counts the answer; dismissed, nothing is removed. (The dialog
      // blocks the page, so it is answered from its event, not after the click returns.)
      const logout = page.locator('form[action="/logout"] button');
      const answer = (accept) =>
        new Promise((resolve) => {
          page.once('dialog', async (d) => {
            const message = d.message();
            await (accept ? d.accept() : d.dismiss());
            resolve(message);
          });
        });
      let asked = answer(false);
      await logout.click();
      assert.equal(await asked, await plural(page, s.signout_unsent, 1));
      assert.equal((await outbox(page)).length, 1, 'kept when the pupil says no');
      assert.equal(await page.locator('form[action="/logout"]').count(), 1, 'still signed in');

      // Agreed: signed out, and nothing of the pupil stays on the phone.
      asked = answer(true);
      const signedOut = page.waitForURL((url) => !url.pathname.startsWith('/exercises/'));
      await logout.click();
      await asked;
      await signedOut;
      assert.deepEqual(await deviceKeeps(page), { outbox: 0, streaks: 0, saved: 0, caches: 0 });

      // The next pupil on the phone finds nothing saved.
      await ctx.unroute('**/answer');
      await h.signIn(page, next, 'fr');
      await h.visit(page, '/saved');
      await page.locator('#saved-empty').waitFor();
      assert.equal(await page.locator('#saved-list li').count(), 0);
      assert.equal(await page.locator('#saved-empty').isHidden(), false);

      // Online with nothing lost: a waiting answer is sent before signing out, without a warning.
      await h.workerControls(page);
      await h.visit(page, set);
      await page.waitForFunction(() => window.LawhaOffline);
      const form = page.locator('section.item form').first();
      await fillSomeAnswer(form);
      const entry = await form.evaluate((f) => {
        const fields = new URLSearchParams(new FormData(f));
        fields.delete('csrf');
        const id = window.LawhaOffline.uuid7();
        fields.set('event_id', id);
        return { id, user: document.body.dataset.user, url: f.getAttribute('action'), body: fields.toString(), kind: 'answer' };
      });
      await page.evaluate((e) => window.LawhaOffline.put('outbox', e), entry);
      let warned = false;
      page.on('dialog', (x) => {
        warned = true;
        x.dismiss();
      });
      const out = page.waitForURL((url) => !url.pathname.startsWith('/exercises/'));
      await page.locator('form[action="/logout"] button').click();
      await out;
      assert.equal(warned, false, 'no warning when everything could be sent');
      assert.deepEqual(await deviceKeeps(page), { outbox: 0, streaks: 0, saved: 0, caches: 0 });
      await h.signIn(page, next, 'fr');
      await h.visit(page, set);
      assert.equal(await page.locator('section.item').first().locator('.result').count(), 1, 'the answer was recorded');
    },
    PHONE,
  );
});

test('a cut download resumes with the files still missing, and deleting frees them (ar)', { timeout: 180_000 }, async (t) => {
  const teacherCtx = await h.newContext(browser);
  const { pupils } = await teachersClass(await teacherCtx.newPage());
  await teacherCtx.close();
  const pupil = pupils[pupils.length - 6];
  await h.withPage(
    browser,
    t,
    async (page, ctx) => {
      await h.signIn(page, pupil, 'ar');
      await h.workerControls(page);
      const { lesson } = await lessonWithPractice(page);
      await h.visit(page, lesson);
      const s = await strings(page);
      const fetched = [];
      page.on('request', (r) => {
        const p = new URL(r.url()).pathname;
        if (p.startsWith('/media/')) fetched.push(p);
      });
      // The link drops at the second segment.
      let cut = null;
      await ctx.route('**/media/**', (r) => {
        const p = new URL(r.request().url()).pathname;
        if (cut === null && p.includes('seg_0001')) cut = p;
        return p === cut ? r.abort('connectionreset') : r.continue();
      });
      const button = page.locator('button.save-offline');
      await button.click();
      await page.locator('.save-status').filter({ hasText: s.save_failed }).waitFor({ timeout: 30_000 });
      assert.ok(cut, 'the download reached the second segment');
      assert.equal((await button.innerText()).trim(), s.resume);
      const before = [...fetched];

      // The link is back: only what is missing is fetched.
      await ctx.unroute('**/media/**');
      fetched.length = 0;
      await button.click();
      await page.locator('.save-status').filter({ hasText: s.saved }).waitFor({ timeout: 30_000 });
      const done = before.filter((p) => p !== cut);
      assert.ok(done.length >= 1, `files saved before the cut: ${before.join(' ')}`);
      for (const p of done) assert.ok(!fetched.includes(p), `${p} was fetched again`);
      assert.ok(fetched.includes(cut), 'the cut file is fetched on resuming');

      // The Saved page deletes the lesson and its files.
      await h.visit(page, '/saved');
      const item = page.locator('#saved-list li');
      await item.first().waitFor();
      assert.equal(await item.count(), 1);
      await item.locator('button').click();
      await item.first().waitFor({ state: 'detached' });
      assert.equal(await page.locator('#saved-empty').isVisible(), true);
      assert.deepEqual(await deviceKeeps(page), { outbox: 0, streaks: 0, saved: 0, caches: 0 });
    },
    PHONE,
  );
});

/**
 * The pupils of the practice tests below, one each, so that no other test's answers (in
 * this file or another, run at the same time) change what they see. No other test signs in
 * as them: the stories above take the teacher's first class, other files the first pupils
 * and the last, and recovery.test.mjs changes G140000403's and G140000404's passwords.
 */
const HINT_PUPIL = 'G140000401';
const STREAK_PUPIL = 'G140000402';
/** The pupils of the refused-answer and the revision tests, by the same rule. */
const REFUSED_PUPIL = 'D130000104';
const REVISION_PUPIL = 'D130000301';

function pupilByLogin(login) {
  const pupil = h.accounts().find((a) => a.role === 'pupil' && a.login === login);
  assert.ok(pupil, `demo-accounts.json has the pupil ${login}`);
  return pupil;
}

/**
 * Answers `section`'s item offline and waits for the device's result; returns its box. The
 * device draws a new box for each answer: the one already there is marked first, so that
 * the wait is for this answer's.
 */
async function answerOnDevice(page, section) {
  const answers = async () => (await outbox(page)).filter((e) => e.kind === 'answer').length;
  const before = await answers();
  await section.locator('.result').evaluateAll((boxes) => boxes.forEach((b) => b.setAttribute('data-earlier', '')));
  await section.locator('form button[type="submit"]:not(.show-answer)').click();
  const result = section.locator('.result[role="status"]:not([data-earlier])');
  await result.waitFor();
  assert.equal(await answers(), before + 1, 'the answer waits on the device');
  return result;
}

test('offline practice shows a hint first, the answer after a second miss or when asked (fr, phone)', { timeout: 180_000 }, async (t) => {
  const pupil = pupilByLogin(HINT_PUPIL);
  await h.withPage(
    browser,
    t,
    async (page, ctx) => {
      const { set, s } = await savedByPupil(page, pupil);
      await h.visit(page, set);
      await ctx.setOffline(true);
      // Items with no result on the saved page (the demo may have answered some): by id,
      // as a filter on results would move once the device draws one.
      const fresh = page.locator('section.item').filter({ hasNot: page.locator('.result') });
      const itemWith = async (input) => {
        const id = await fresh.filter({ has: page.locator(input) }).first().getAttribute('id');
        assert.ok(id, `an unanswered item with ${input}`);
        return page.locator(`#${id}`);
      };
      const choice = await itemWith('input[type="radio"]');
      const typed = await itemWith('input[type="text"]');

      // A choice item missed once: the hint, no answer, and the button to ask for it.
      const radios = choice.locator('input[type="radio"]');
      let result = null;
      for (let i = 0; i < (await radios.count()); i++) {
        await radios.nth(i).check();
        result = await answerOnDevice(page, choice);
        if (!(await result.getAttribute('class')).split(' ').includes('right')) break;
        result = null;
      }
      assert.ok(result, 'a wrong choice was found');
      const said = await result.innerText();
      assert.ok(said.includes(s.hint_title) && said.includes(s.answer_later), said);
      assert.equal(await result.locator('.key, .solution').count(), 0, 'no answer after one miss');
      assert.equal(await choice.locator('form button.show-answer').count(), 1);

      // Missed again in a row: the right answer, and no button; the showing waits to be sent.
      result = await answerOnDevice(page, choice);
      assert.ok((await result.innerText()).includes(s.right_answer));
      assert.ok((await result.locator('ul.key li').count()) >= 1, 'the right answer is shown');
      assert.equal(await choice.locator('form button.show-answer').count(), 0);
      const showings = async (section) => {
        const item = (await section.getAttribute('id')).replace(/^item-/, '');
        return (await outbox(page)).filter((e) => e.kind === 'showing' && e.item === item);
      };
      assert.equal((await showings(choice)).length, 1, 'the showing waits on the device');

      // A typed item missed once, then "show the answer" pressed: shown on the phone.
      for (const input of await typed.locator('input[type="text"]').all()) await input.fill('987654');
      result = await answerOnDevice(page, typed);
      assert.equal(await result.locator('ul.key').count(), 0, 'no answer after one miss');
      const answers = async () => (await outbox(page)).filter((e) => e.kind === 'answer').length;
      const waiting = await answers();
      const url = page.url();
      await typed.locator('form button.show-answer').click();
      await result.locator('ul.key li').first().waitFor();
      assert.equal(page.url(), url, 'shown on the page, without the network');
      assert.equal(await answers(), waiting, 'asking is no answer');
      assert.ok(!(await result.innerText()).includes(s.answer_later));
      assert.equal(await typed.locator('form button.show-answer').count(), 0);
      const typedId = (await typed.getAttribute('id')).replace(/^item-/, '');
      await h.waitForAsync(
        page,
        async (item) =>
          (await window.LawhaOffline.ofUser('outbox', document.body.dataset.user)).some((e) => e.kind === 'showing' && e.item === item),
        typedId,
      );
      assert.equal((await showings(typed)).length, 1, 'asking is one showing, waiting to be sent');
      const banner = await page.locator('#offline-banner').innerText();
      assert.ok(banner.includes(await plural(page, s.waiting, waiting)), `showings are not counted as answers: ${banner}`);

      // Back online, the answers and showings go as always. The server now knows the typed
      // item's answer was shown after its one miss: its own page shows the answer too.
      await ctx.setOffline(false);
      await page.goto('/', { waitUntil: 'load' });
      await outboxHolds(page, 0);
      await h.visit(page, set);
      assert.equal(await page.locator('body[data-saved-copy]').count(), 0, 'the page is the server\'s');
      assert.ok((await typed.locator('.result ul.key li').count()) >= 1, 'the showing reached the server');
    },
    PHONE,
  );
});

test('offline, a miss sent between two answers does not count twice (fr, phone)', { timeout: 180_000 }, async (t) => {
  const pupil = pupilByLogin(STREAK_PUPIL);
  await h.withPage(
    browser,
    t,
    async (page, ctx) => {
      await h.signIn(page, pupil, 'fr');
      await h.workerControls(page);
      // The rule itself: the newer of the device's streak and the page's result counts.
      await page.waitForFunction(() => window.LawhaOffline);
      const rule = await page.evaluate(() => {
        const m = window.LawhaOffline.missesInARow;
        return [
          m(null, { misses: 1, at: 10 }, true),
          m({ misses: 0, at: 20 }, { misses: 1, at: 10 }, true),
          m({ misses: 1, at: 20 }, { misses: 1, at: 10 }, true),
          m({ misses: 1, at: 20 }, { misses: 0, at: 30 }, true),
          m({ misses: 1, at: 20 }, { misses: 1, at: 10 }, false),
        ];
      });
      assert.deepEqual(rule, [2, 1, 2, 1, 0]);

      const { lesson, set } = await lessonWithPractice(page);
      // Online, a choice item with no result yet: which choices are right and wrong, the
      // server's last result a miss.
      await h.visit(page, set);
      const id = await page
        .locator('section.item')
        .filter({ hasNot: page.locator('.result') })
        .filter({ has: page.locator('input[type="radio"]') })
        .first()
        .getAttribute('id');
      assert.ok(id, 'an unanswered choice item');
      const item = page.locator(`#${id}`);
      const verdicts = [];
      const count = await item.locator('input[type="radio"]').count();
      const answerOnline = async (i) => {
        await item.locator('input[type="radio"]').nth(i).check();
        await h.clickAndWaitForNavigation(page, item.locator('form button[type="submit"]:not(.show-answer)'));
        return (await item.locator('.result').getAttribute('class')).split(' ').includes('right');
      };
      for (let i = 0; i < count && !(verdicts.includes(true) && verdicts.includes(false)); i++) {
        verdicts[i] = await answerOnline(i);
      }
      const right = verdicts.indexOf(true);
      const wrong = verdicts.indexOf(false);
      assert.ok(right >= 0 && wrong >= 0, `a right and a wrong choice: ${verdicts}`);
      if (verdicts[verdicts.length - 1]) assert.equal(await answerOnline(wrong), false);

      // Saved with that miss on the page; offline, the saved copy.
      await h.visit(page, lesson);
      const s = await strings(page);
      await page.locator('button.save-offline').click();
      await page.locator('.save-status').filter({ hasText: s.saved }).waitFor({ timeout: 30_000 });
      await ctx.setOffline(true);
      const reloaded = await page.goto(set, { waitUntil: 'load' });
      assert.equal(reloaded.fromServiceWorker(), true, 'the set page came from the worker');
      assert.equal(await page.locator('body[data-saved-copy]').count(), 1);
      assert.equal(await item.locator('.result.right').count(), 0, 'the saved page shows the miss');

      // Right on the phone; the network back long enough to send it; offline again.
      await item.locator('input[type="radio"]').nth(right).check();
      let result = await answerOnDevice(page, item);
      assert.ok((await result.getAttribute('class')).split(' ').includes('right'));
      await ctx.setOffline(false);
      await outboxHolds(page, 0);
      await ctx.setOffline(true);

      // A miss after a right answer is the first of a row: a hint, no answer.
      await item.locator('input[type="radio"]').nth(wrong).check();
      result = await answerOnDevice(page, item);
      assert.equal(await result.locator('.key, .solution').count(), 0, 'no answer after one miss');
      assert.equal(await item.locator('form button.show-answer').count(), 1);
      // The second in a row shows it.
      result = await answerOnDevice(page, item);
      assert.ok((await result.locator('ul.key li').count()) >= 1, 'the right answer after a second miss');

      await ctx.setOffline(false);
      await page.goto('/', { waitUntil: 'load' });
      await outboxHolds(page, 0);
    },
    PHONE,
  );
});

test('an answer the server refuses for good, at once or by three conflicts, is not dropped unseen: the banner says so, once (fr, phone)', { timeout: 180_000 }, async (t) => {
  const pupil = pupilByLogin(REFUSED_PUPIL);
  await h.withPage(
    browser,
    t,
    async (page, ctx) => {
      const { set, s } = await savedByPupil(page, pupil);
      await h.visit(page, set);
      await ctx.setOffline(true);
      const section = page.locator('section.item').first();
      await fillSomeAnswer(section.locator('form'));
      await answerOnDevice(page, section);

      // The item changed on the server meanwhile: the answer is refused for good (422). The
      // network back, the page on screen sends it and says so.
      await ctx.route('**/answer', (r) => r.fulfill({ status: 422, contentType: 'text/html', body: '<p>refused</p>' }));
      await ctx.setOffline(false);
      await outboxHolds(page, 0);
      const told = await plural(page, s.refused, 1);
      const banner = page.locator('#offline-banner');
      await banner.filter({ hasText: told }).waitFor();
      assert.equal(await banner.isVisible(), true);

      // Told once: the next page does not say it again (offline there, so that the banner
      // is drawn, saying so, and then read).
      await ctx.unroute('**/answer');
      await h.visit(page, '/saved');
      await ctx.setOffline(true);
      await banner.filter({ hasText: s.offline }).waitFor();
      assert.ok(!(await banner.innerText()).includes(told), await banner.innerText());

      // A conflict (409) may pass, so such an answer is kept and sent again; refused so by
      // three sends, it is refused for good and told the same way.
      await ctx.setOffline(false);
      await h.visit(page, set);
      await ctx.setOffline(true);
      const next = page.locator('section.item').nth(1);
      await fillSomeAnswer(next.locator('form'));
      await answerOnDevice(page, next);
      // The test's sends only: the worker's are cut off as if the network had failed.
      await ctx.route('**/answer', (r) =>
        r.request().serviceWorker()
          ? r.abort('internetdisconnected')
          : r.fulfill({ status: 409, contentType: 'text/html', body: '<p>conflict</p>' }),
      );
      await ctx.setOffline(false);
      // Sent from the home page, which has no strings of its own: it borrows the Saved
      // page's to tell.
      await h.visit(page, '/');
      await page.waitForFunction(() => window.LawhaOffline && window.LawhaOffline.showBanner);
      assert.equal(await page.locator('#lawha-strings').count(), 0);
      const afterEachSend = await page.evaluate(async () => {
        const o = window.LawhaOffline;
        const user = document.body.dataset.user;
        const csrf = document.querySelector('meta[name="csrf"]').content;
        const seen = [];
        for (let n = 1; n <= 3; n++) {
          await o.flush(user, csrf);
          const rows = await o.ofUser('outbox', user);
          seen.push(rows.length ? rows[0].conflicts : 'dropped');
        }
        return seen;
      });
      assert.deepEqual(afterEachSend, [1, 2, 'dropped']);
      // Told, and still told when the banner is drawn again (the count is taken once).
      await page.evaluate(() => window.LawhaOffline.showBanner());
      await banner.filter({ hasText: told }).waitFor();
      await page.evaluate(() => window.LawhaOffline.showBanner());
      assert.ok((await banner.innerText()).includes(told), await banner.innerText());
      await ctx.unroute('**/answer');
    },
    PHONE,
  );
});

test('an entry whose IndexedDB write a page left at once cut short is moved to the outbox by the next page (fr, phone)', { timeout: 120_000 }, async (t) => {
  const pupil = pupilByLogin(REFUSED_PUPIL);
  await h.withPage(
    browser,
    t,
    async (page, ctx) => {
      await h.signIn(page, pupil, 'fr');
      await h.workerControls(page);
      await page.waitForFunction(() => window.LawhaOffline && window.LawhaOffline.showBanner);
      const pendingKeys = () =>
        page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lawha-pending-')));
      // Watch reports of a capsule that does not exist: whatever reaches the server is refused.
      const report = () =>
        page.evaluate(() => {
          const id = window.LawhaOffline.uuid7();
          return {
            id,
            kind: 'watch',
            user: document.body.dataset.user,
            url: `/capsules/${window.LawhaOffline.uuid7()}/progress`,
            body: `event_id=${id}&position_ms=1000&watched_pct=10.0&watched_at=${Date.now()}`,
          };
        });
      // An entry as `queue` leaves it when the page goes before IndexedDB has it.
      const leftInLocalStorage = (entry) =>
        page.evaluate((e) => localStorage.setItem(`lawha-pending-${e.id}`, JSON.stringify(e)), entry);
      // The server is unreachable for them meanwhile (503: kept for later, never sent).
      await ctx.route('**/capsules/*/progress', (r) => r.fulfill({ status: 503, body: '' }));
      await ctx.setOffline(true);

      // Queued whole: the outbox holds it and localStorage keeps nothing.
      const kept = await report();
      await page.evaluate((entry) => window.LawhaOffline.queue(entry), kept);
      assert.deepEqual(await pendingKeys(), []);

      // Cut short.
      const cut = await report();
      await leftInLocalStorage(cut);
      await ctx.setOffline(false);
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => window.LawhaOffline && window.LawhaOffline.showBanner);
      await h.waitForAsync(
        page,
        async (ids) => {
          const rows = await window.LawhaOffline.ofUser('outbox', document.body.dataset.user);
          const pending = Object.keys(localStorage).filter((k) => k.startsWith('lawha-pending-'));
          return pending.length === 0 && ids.every((id) => rows.some((r) => r.id === id));
        },
        [kept.id, cut.id],
        { timeout: 20_000, polling: 250 },
      );

      // What signing out of a shared phone removes (`forget`) includes what localStorage
      // still holds of the pupil; it leaves the device tidy for the next test too.
      const left = await report();
      await leftInLocalStorage(left);
      await page.evaluate(() => window.LawhaOffline.forget(document.body.dataset.user));
      assert.deepEqual(await pendingKeys(), []);
      const rows = await page.evaluate(() => window.LawhaOffline.ofUser('outbox', document.body.dataset.user));
      assert.equal(rows.length, 0);
      await ctx.unroute('**/capsules/*/progress');
    },
    PHONE,
  );
});

test('offline, the revision page lists the saved items due by the phone\'s clock (fr, phone)', { timeout: 180_000 }, async (t) => {
  const pupil = pupilByLogin(REVISION_PUPIL);
  await h.withPage(
    browser,
    t,
    async (page, ctx) => {
      await h.signIn(page, pupil, 'fr');
      await h.workerControls(page);
      const { lesson, set } = await lessonWithPractice(page);
      // Online, one item answered: it has a card, due for revision on some date.
      await h.visit(page, set);
      const section = page.locator('section.item').first();
      const item = (await section.getAttribute('id')).replace(/^item-/, '');
      await fillSomeAnswer(section.locator('form'));
      await h.clickAndWaitForNavigation(page, section.locator('form button[type="submit"]:not(.show-answer)'));

      // Saved with the lesson: the item's due date.
      await h.visit(page, lesson);
      const s = await strings(page);
      await page.locator('button.save-offline').click();
      await page.locator('.save-status').filter({ hasText: s.saved }).waitFor({ timeout: 30_000 });
      const dueAt = await page.evaluate(async (id) => {
        const records = await window.LawhaOffline.ofUser('saved', document.body.dataset.user);
        const due = records.flatMap((r) => r.due || []).find((d) => d.item === id);
        return due ? Date.parse(due.due_at) : null;
      }, item);
      assert.ok(dueAt, 'the saved lesson knows when the answered item is due');

      // Offline, the revision page is the Saved page's list of what is due by the phone's
      // clock: nothing a minute before, the item a minute after, linking to it.
      await ctx.setOffline(true);
      const revision = page.locator('#saved-revision');
      await page.clock.setFixedTime(dueAt - 60_000);
      await page.goto('/revision', { waitUntil: 'load' });
      await page.locator('#saved-list li').first().waitFor();
      assert.equal(await revision.isHidden(), true, 'nothing due yet');
      await page.clock.setFixedTime(dueAt + 60_000);
      await page.goto('/revision', { waitUntil: 'load' });
      await revision.waitFor();
      const links = await revision.locator('li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, [`${set}#item-${item}`]);
    },
    PHONE,
  );
});
