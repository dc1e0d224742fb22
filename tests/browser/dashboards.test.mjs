// Dashboards in Chromium, in Arabic and French, checked with axe-core: the ministry's
// national dashboard with its map of the regions and a drill-down to a region; a teacher's
// class page with its progress grid, and work assigned from it.
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

for (const lang of h.LANGS) {
  test(`the national dashboard and its map (${lang})`, { timeout: 90_000 }, async (t) => {
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, h.account('ministry_admin'), lang);
      await h.visit(page, '/dashboards');
      assert.equal(h.pathOf(page), '/dashboards/national');
      await h.assertLanguage(page, lang, '/dashboards/national');
      const map = page.locator('figure.map svg');
      assert.equal(await map.count(), 1, 'the map of the regions');
      assert.ok((await map.locator('a').count()) >= 1, 'regions with figures link to their dashboards');
      assert.ok((await page.locator('figure.chart svg').count()) >= 3, 'time series and the regions chart');
      assert.ok((await page.locator('dl.stats dd').count()) >= 5, 'key figures');
      await h.checkA11y(page, `the national dashboard (${lang})`);
      // The summary (key figures, map) comes first; the details are folded under headings
      // that open without JavaScript, from the list of sections.
      assert.equal(await page.locator('details.section[open]').count(), 0, 'the details start folded');
      assert.ok(
        await page.evaluate(() => {
          const stats = document.querySelector('dl.stats');
          const first = document.querySelector('details.section');
          return Boolean(stats && first && stats.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
        }),
        'the key figures come before the detail sections',
      );
      await h.clickAndWaitForNavigation(page, page.locator('nav.sections a[href*="section=children"]'));
      assert.equal(new URL(page.url()).searchParams.get('section'), 'children');
      assert.equal(await page.locator('details#children[open]').count(), 1, 'the section asked for is open');
      await h.checkA11y(page, `the national dashboard, one section open (${lang})`);
      // Drill down to a region from the table.
      await h.clickAndWaitForNavigation(page, page.locator('#children table a[href^="/dashboards/regions/"]').first());
      assert.match(h.pathOf(page), /^\/dashboards\/regions\//);
      await h.checkA11y(page, `a regional dashboard (${lang})`);
      const csv = await page.request.get(`${h.pathOf(page)}?export=children`);
      assert.equal(csv.status(), 200);
      assert.match(csv.headers()['content-type'], /text\/csv/);
    });
  });

  test(`a teacher's class page and assigning work (${lang})`, { timeout: 90_000 }, async (t) => {
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, h.account('teacher'), lang);
      const link = page.locator('main a[href^="/classes/"]').first();
      assert.ok((await link.count()) > 0, 'the teacher home lists their classes');
      await h.clickAndWaitForNavigation(page, link);
      await h.assertLanguage(page, lang, 'the class page');
      const grid = page.locator('table.grid');
      assert.equal(await grid.count(), 1, 'the progress grid');
      assert.ok((await grid.locator('tbody tr').count()) >= 10, 'the class has its pupils');
      await h.checkA11y(page, `the class page (${lang})`);
      const form = page.locator('form[action$="/assignments"]');
      if ((await form.count()) === 0) {
        t.diagnostic('nothing to assign for this subject');
        return;
      }
      // Each language assigns other work: the same work is refused while it is open.
      const work = form.locator('select[name="work"]');
      const options = await work.locator('option').count();
      await work.selectOption({ index: lang === 'fr' && options > 1 ? 1 : 0 });
      await h.clickAndWaitForNavigation(page, form.locator('button[type="submit"]'));
      assert.match(page.url(), /done=assigned/);
      assert.ok((await page.locator('#assignments ~ .scroll table tbody tr').count()) >= 1, 'the assignment is listed');
      await h.checkA11y(page, `the class page after assigning (${lang})`);
      const pupil = page.locator('table.grid tbody th a').first();
      await h.clickAndWaitForNavigation(page, pupil);
      await h.checkA11y(page, `a pupil's page (${lang})`);
    });
  });
}
