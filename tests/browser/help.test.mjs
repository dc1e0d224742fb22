// The help centre in Chromium, in Arabic and French (issue 18): the index lists the demo's
// articles by topic; typing in a field marked `data-help-suggest` lists matching articles
// under it (static/help_suggest.js, GET /help/suggest); without JavaScript the same form
// still searches and the article opens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

const WORDS = { ar: 'كلمة المرور', fr: 'mot de passe' };
const TITLE = { ar: 'نسيت كلمة المرور', fr: 'J’ai oublié mon mot de passe' };
const ARTICLE = '/help/mot-de-passe-oublie';

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const lang of h.LANGS) {
  test(`help suggestions as one types, and the article (${lang})`, { timeout: 60_000 }, async (t) => {
    await h.withPage(browser, t, async (page) => {
      await h.setLanguage(page, lang, '/help');
      // The demo's articles, by topic.
      assert.ok((await page.locator(`main a[href="${ARTICLE}"]`).count()) >= 1, 'the index lists the article');
      await page.locator('#q').pressSequentially(WORDS[lang], { delay: 20 });
      const suggestion = page.locator(`.help-suggest a[href="${ARTICLE}"]`);
      await suggestion.waitFor({ timeout: 10_000 });
      assert.equal((await suggestion.innerText()).trim(), TITLE[lang]);
      await h.visit(page, ARTICLE);
      await h.assertLanguage(page, lang);
      assert.equal((await page.locator('main h1').innerText()).trim(), TITLE[lang]);
    });
  });

  test(`help search without JavaScript (${lang})`, { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, baseURL: h.BASE_URL });
    try {
      const page = await ctx.newPage();
      await h.setLanguage(page, lang, '/help');
      await page.locator('#q').fill(WORDS[lang]);
      await h.clickAndWaitForNavigation(page, page.locator('form[action="/help"] button[type="submit"]'));
      assert.equal(h.pathOf(page), '/help');
      assert.equal(await page.locator('.help-suggest').count(), 0, 'no script, no suggestion box');
      assert.ok((await page.locator(`#help-found a[href="${ARTICLE}"]`).count()) === 1, 'the search finds the article');
    } finally {
      await ctx.close();
    }
  });
}
