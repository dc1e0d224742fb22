// Families and announcements, in Arabic and in French (issue 18):
// - the demo's parent opens their child's page from the home page: the week, assignments,
//   mastery, results and live sessions, its CSV, accessibility;
// - the school's administrator posts an announcement to the learners of one level (1AC);
//   a pupil of that level sees it on the home page, marked new, then read, and so does
//   the parent of a pupil of that level; pupils of other levels (3AC, 6AP) of the same
//   school do not.
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

/** A demo pupil by code (the demo's classes: 1AC-1 is D1300002xx, 3AC-2 D1300003xx). */
function pupil(code) {
  const a = h.accounts().find((x) => x.role === 'pupil' && x.login === code);
  assert.ok(a, `demo-accounts.json has no pupil ${code}`);
  return a;
}

/** The demo parent's child (1AC-1). */
const CHILD = 'D130000201';

/** Who reads the announcement, per language: one pupil of 1AC, two of other levels. */
const READERS = {
  ar: { concerned: 'D130000204', others: ['D130000302', 'D130000102'] },
  fr: { concerned: 'D130000205', others: ['D130000303', 'D130000103'] },
};

/**
 * The parent opens their child's page from the home page and checks it (sections,
 * language, accessibility, the CSV, printing); returns the week's activity lines.
 */
async function parentSeesTheWeek(t, lang) {
  let lines;
  await h.withPage(browser, t, async (page) => {
    await h.signIn(page, h.account('parent'), lang);
    const child = page.locator('main a[href^="/children/"]').first();
    assert.equal(await child.count(), 1, 'the parent\'s home links no child');
    await h.clickAndWaitForNavigation(page, child);
    assert.match(h.pathOf(page), /^\/children\/[0-9a-f-]{36}$/);
    await h.assertLanguage(page, lang, 'the child\'s page');
    for (const id of ['#week-h', '#assignments-h', '#mastery-h', '#results-h', '#live-h', '#child-activity']) {
      assert.equal(await page.locator(id).count(), 1, `the child's page has no ${id}`);
    }
    const [watched, answers, right] = await page.locator('#child-activity li').allInnerTexts();
    lines = { watched, answers, right };
    await h.checkA11y(page, `the child's page (${lang})`);
    const csv = await page.request.get(`${h.pathOf(page)}/week.csv`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'] || '', /text\/csv/);
    // Printing hides the page's links to itself.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.no-print').first().isVisible(), false, 'the CSV link prints');
  });
  return lines;
}

for (const lang of h.LANGS) {
  test(`a parent follows their child's week (${lang})`, { timeout: 120_000 }, async (t) => {
    const before = await parentSeesTheWeek(t, lang);
    // The child answers one item of a 1AC maths set this week.
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, pupil(CHILD), lang);
      await h.visit(page, '/curriculum/1AC/MATH');
      const lessons = await page.locator('main a[href^="/lessons/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      for (const lesson of lessons) {
        await h.visit(page, lesson);
        if (await page.locator('main a[href^="/exercises/"]').count()) break;
      }
      await h.clickAndWaitForNavigation(page, page.locator('main a[href^="/exercises/"]').first());
      const form = page.locator('section.item:not(:has(.result)) form').first();
      assert.equal(await form.count(), 1, 'the child has an item left to answer');
      await h.fillSomeAnswer(form);
      const post = await h.submitAndWait(page, form.locator('button[type="submit"]'), await form.getAttribute('action'));
      assert.equal(post.status(), 303);
    });
    const after = await parentSeesTheWeek(t, lang);
    assert.notEqual(after.answers, before.answers, 'the child\'s answer of this week is not counted');
  });

  test(`an announcement to one level reaches its pupils and no one else (${lang})`, { timeout: 180_000 }, async (t) => {
    const title = `${lang === 'ar' ? 'إعلان' : 'Annonce'} 1AC ${Date.now()}`;
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, h.account('school_admin'), lang);
      await h.visit(page, '/announcements/new', 'the announcement form');
      await h.checkA11y(page, `/announcements/new (${lang})`);
      const form = page.locator('form[action="/announcements/new"]');
      await form.locator('select[name="level"]').selectOption('1AC');
      await form.locator('select[name="audience"]').selectOption('learners');
      await form.locator(`input[name="title_${lang}"]`).fill(title);
      await form.locator(`textarea[name="body_${lang}"]`).fill(title);
      const resp = await h.submitAndWait(page, form.locator('button[type="submit"]'), '/announcements/new');
      assert.equal(resp.status(), 303, `posting answered ${resp.status()}`);
    });
    const { concerned, others } = READERS[lang];
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, pupil(concerned), lang);
      const item = page.locator('#home-announcements li', { hasText: title });
      assert.equal(await item.count(), 1, `${concerned} (1AC) does not see the announcement`);
      assert.equal(await item.locator('.tag').count(), 1, 'not marked new the first time');
      await h.checkA11y(page, `a pupil's home with an announcement (${lang})`);
      await page.reload();
      assert.equal(
        await page.locator('#home-announcements li', { hasText: title }).locator('.tag').count(),
        0,
        'still marked new once seen',
      );
    });
    // The parent of a 1AC pupil (the demo parent's child) sees it too, through the link.
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, h.account('parent'), lang);
      const item = page.locator('#home-announcements li', { hasText: title });
      assert.equal(await item.count(), 1, 'the parent of a 1AC pupil does not see the announcement');
    });
    for (const code of others) {
      await h.withPage(browser, t, async (page) => {
        await h.signIn(page, pupil(code), lang);
        const body = await page.locator('main').innerText();
        assert.ok(!body.includes(title), `${code} (another level) sees the announcement`);
      });
    }
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, h.account('school_admin'), lang);
      await h.visit(page, '/announcements', 'the author\'s list');
      const reach = page.locator('#ann-posted tr', { hasText: title }).locator('.reach');
      const [read, concerned] = ((await reach.innerText()).match(/\d+/g) || []).map(Number);
      assert.equal(read, 2, 'the author does not see it read by one pupil and one parent');
      assert.ok(concerned >= 3, `only ${concerned} concerned: the level's pupils and parent are not counted`);
    });
  });
}
