// A pupil answers an exercise set in Arabic, sees the correction, and meets the item again
// in "My revision today" on its due date. The due date is reached with a second server on
// the same database whose clock runs ahead (`clock_offset_days`, LAWHA_LATER_URL), started
// by scripts/test.sh: the clock is injected, nothing waits for days.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

const LATER_URL = (process.env.LAWHA_LATER_URL || '').replace(/\/+$/, '');
const LATER_DAYS = Number(process.env.LAWHA_LATER_DAYS || '0');

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The last demo pupil: other tests use the first one, and answers change a pupil's pages. */
function revisingPupil() {
  const pupils = h.accounts().filter((a) => a.role === 'pupil');
  assert.ok(pupils.length > 1, 'the demo should have several pupils');
  return pupils[pupils.length - 1];
}

test('a pupil answers a set in Arabic and revises the item on its due date', { timeout: 120_000 }, async (t) => {
  assert.ok(LATER_URL, 'LAWHA_LATER_URL is not set (run the browser tests through scripts/test.sh)');
  assert.ok(LATER_DAYS >= 7, `LAWHA_LATER_DAYS should be at least a week ahead, got ${LATER_DAYS}`);
  const acct = revisingPupil();
  let itemId;
  await h.withPage(browser, t, async (page) => {
    await h.signIn(page, acct, 'ar');
    await h.visit(page, '/curriculum/1AC/MATH');
    const lessons = await page.locator('main a[href^="/lessons/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(lessons.length > 0, '/curriculum/1AC/MATH lists lessons');
    let sets = 0;
    for (const lesson of lessons) {
      await h.visit(page, lesson);
      sets = await page.locator('main a[href^="/exercises/"]').count();
      if (sets > 0) break;
    }
    assert.ok(sets > 0, 'some 1AC maths lesson of the demo has an exercise set');
    await h.clickAndWaitForNavigation(page, page.locator('main a[href^="/exercises/"]').first());
    await h.assertLanguage(page, 'ar', 'the set page');
    await h.checkA11y(page, 'the exercise set page (ar)');

    // The first item this pupil has not answered yet (a rerun on the same database skips
    // the ones answered before).
    const item = page.locator('section.item:not(:has(.result))').first();
    assert.ok((await item.count()) > 0, 'the set has an item this pupil has not answered (each run answers one: use a fresh demo database)');
    itemId = (await item.getAttribute('id')).replace(/^item-/, '');
    const form = item.locator('form');
    const action = await form.getAttribute('action');
    assert.equal(await form.locator('input[name="event_id"]').count(), 1, 'the form carries its idempotency key');
    await h.fillSomeAnswer(form);
    const post = await h.submitAndWait(page, form.locator('button[type="submit"]'), action);
    assert.equal(post.status(), 303, `answering answered HTTP ${post.status()}`);
    const result = page.locator(`#item-${itemId} .result`);
    await result.waitFor({ state: 'visible' });
    const verdict = (await result.locator('h3').innerText()).trim();
    assert.ok(verdict.length > 0, 'the correction has a verdict');
    t.diagnostic(`verdict: ${verdict}`);
    await h.checkA11y(page, 'the set page with a correction (ar)');

    // Not due on the day it was answered.
    await h.visit(page, '/revision');
    await h.assertLanguage(page, 'ar', '/revision');
    assert.equal(await page.locator(`#item-${itemId}`).count(), 0, 'the item is not due the day it was answered');
    await h.checkA11y(page, '/revision (ar)');
    await h.visit(page, '/progress');
    await h.checkA11y(page, '/progress (ar)');
    assert.ok((await page.locator('.mastery').count()) > 0, '/progress lists lessons with their mastery');
  });

  // LATER_DAYS later: FSRS has made it due (a right first answer comes back within days).
  await h.withPage(browser, t, async (page) => {
    await h.signIn(page, acct, 'ar');
    await h.visit(page, '/revision');
    const item = page.locator(`#item-${itemId}`);
    assert.equal(await item.count(), 1, `the item is in "My revision today" ${LATER_DAYS} days later`);
    await h.checkA11y(page, '/revision with due items (ar)');
    const form = item.locator('form');
    assert.equal(await form.locator('input[name="back"]').getAttribute('value'), 'revision');
    await h.fillSomeAnswer(form);
    const post = await h.submitAndWait(page, form.locator('button[type="submit"]'), await form.getAttribute('action'));
    assert.equal(post.status(), 303);
    assert.equal(h.pathOf(page), '/revision');
    await page.locator('#answered .result').waitFor({ state: 'visible' });
    assert.equal(await page.locator(`#item-${itemId}`).count(), 0, 'answered: no longer due');
    await h.checkA11y(page, '/revision after answering (ar)');
  }, { baseURL: LATER_URL });
});
