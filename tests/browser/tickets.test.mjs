// The hotline, in Arabic and in French: an anonymous pupil files a ticket with their
// pupil code, gets a reference and nothing of their account; the demo's support agent
// (national, so of the pupil's region too) finds it in the queue, sees who asks, picks a
// canned reply, edits it and sends it; the pupil follows the reference and reads it.
// Accessibility (axe-core) on the form, the queue and the ticket page.
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

for (const [filerLang, agentLang] of [['fr', 'ar'], ['ar', 'fr']]) {
  test(`an anonymous pupil (${filerLang}) is answered by an agent (${agentLang})`, { timeout: 180_000 }, async (t) => {
    const pupil = h.account('pupil');
    const agent = h.account('support_agent');
    const subject = `Connexion ${filerLang} ${Date.now()}`;
    let reference;
    await h.withPage(browser, t, async (page) => {
      await h.setLanguage(page, filerLang, '/help/ticket');
      await h.checkA11y(page, `/help/ticket (${filerLang})`);
      const form = page.locator('form[action="/help/ticket"]');
      assert.equal(await form.locator('[data-help-suggest]').count() > 0, true, 'no data-help-suggest field');
      await form.locator('select[name="category"]').selectOption('cannot_sign_in');
      await form.locator('input[name="contact"]').fill(pupil.login);
      await form.locator('input[name="subject"]').fill(subject);
      await form.locator('textarea[name="description"]').fill('Mot de passe oublié / نسيت كلمة المرور');
      const resp = await h.submitAndWait(page, form.locator('button[type="submit"]'), '/help/ticket');
      assert.equal(resp.status(), 201, `filing answered ${resp.status()}`);
      await h.assertLanguage(page, filerLang, 'the filed page');
      const body = await page.locator('main').innerText();
      assert.ok(!body.includes(pupil.name), 'the filed page shows the account\'s name');
      const href = await page.locator('#ticket-link').getAttribute('href');
      assert.match(href, /^\/help\/ticket\/[A-Za-z0-9_-]+$/);
      reference = href;
    });
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, agent, agentLang);
      await h.visit(page, '/help/queue', 'the queue');
      await h.checkA11y(page, `/help/queue (${agentLang})`);
      await h.clickAndWaitForNavigation(page, page.locator('#tickets a', { hasText: subject }));
      await h.checkA11y(page, `a ticket (${agentLang})`);
      const who = await page.locator('#requester').innerText();
      assert.ok(who.includes(pupil.name), 'the agent does not see who asks');
      await h.clickAndWaitForNavigation(page, page.locator('ul.canned a').first());
      const box = page.locator('textarea[name="body"]');
      assert.ok((await box.inputValue()).length > 10, 'the canned reply did not fill the box');
      await box.fill(`${await box.inputValue()} (${subject})`);
      const sent = await h.submitAndWait(
        page,
        page.locator('button[name="action"][value="reply"]'),
        new URL(page.url()).pathname + '/respond',
      );
      assert.equal(sent.status(), 303);
      assert.equal(await page.locator('#ticket-notice').count(), 1, 'no confirmation after sending');
    });
    await h.withPage(browser, t, async (page) => {
      await h.setLanguage(page, filerLang, reference);
      const text = await page.locator('main').innerText();
      assert.ok(text.includes(`(${subject})`), 'the filer does not see the reply');
      await h.checkA11y(page, `the followed ticket (${filerLang})`);
    });
  });
}

for (const lang of h.LANGS) {
  test(`the AREF admin's hotline pages (${lang}): escalated, audit log, service levels`, { timeout: 120_000 }, async (t) => {
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, h.account('regional_admin'), lang);
      for (const p of ['/help/escalated', '/help/audit', '/help/levels']) {
        const resp = await page.goto(p);
        assert.equal(resp.status(), 200, `${p} answered ${resp.status()}`);
        await h.assertLanguage(page, lang, p);
        await h.checkA11y(page, `${p} (${lang})`);
      }
      assert.equal(await page.locator('figure.chart svg').count(), 1, 'no service-level chart');
    });
  });
}
