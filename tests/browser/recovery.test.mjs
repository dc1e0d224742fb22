// Getting back in, in Chromium, in Arabic and in French (issue 18):
//  - a teacher who forgot their password asks for a link, reads the e-mail that the demo
//    sent to a real SMTP server, follows the link, chooses a new password and signs in
//    with it;
//  - a teacher issues a pupil a one-time code from the pupil's help page, and the pupil
//    uses it at /login/code to choose a new password, and is signed in.
//
// The demo sends mail to the SMTP sink that scripts/test.sh starts before it
// (crates/web/tests/smtp_sink/sink.py, aiosmtpd): each message received is a JSON file in
// $LAWHA_MAIL_DIR. Without that variable (a demo started by hand without mail) the test
// is skipped.
//
// Accounts: the second demo teacher (prof.physique, no other browser test signs in with it)
// and two pupils of its class 2BAC-PC-1: resetting a password ends the account's sessions,
// so the accounts other tests use are left alone.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './helpers.mjs';

const MAIL_DIR = process.env.LAWHA_MAIL_DIR || '';
const TEACHER = 'prof.physique@demo.lawha.ma';
const PUPILS = { ar: 'G140000403', fr: 'G140000404' };
const NEW_PASSWORD = { ar: 'سماء زرقاء فوق الأطلس 7', fr: 'une phrase neuve du matin 7' };

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The messages the sink received so far, oldest first. */
function mails() {
  if (!existsSync(MAIL_DIR)) return [];
  return readdirSync(MAIL_DIR)
    .filter((f) => /^\d+\.json$/.test(f))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
    .map((f) => JSON.parse(readFileSync(path.join(MAIL_DIR, f), 'utf8')));
}

/** Waits (up to 30 s) for a message to `to` beyond the first `seen`; returns it. */
async function nextMailTo(to, seen) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = mails()
      .slice(seen)
      .find((m) => m.rcpt_tos.includes(to));
    if (found) return found;
    assert.ok(Date.now() < deadline, `no mail to ${to} reached the SMTP sink within 30 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The password the teacher has now: the demo's at first, then each run's new one. */
let teacherPassword;

for (const lang of h.LANGS) {
  test(`a teacher recovers a password through the e-mail link (${lang})`, { timeout: 90_000, skip: !MAIL_DIR && 'LAWHA_MAIL_DIR is not set: the demo sends no mail' }, async (t) => {
    teacherPassword ??= h.accounts().find((a) => a.login === TEACHER)?.password;
    assert.ok(teacherPassword, `${TEACHER} is a demo account`);
    await h.withPage(browser, t, async (page) => {
      await h.setLanguage(page, lang, '/login');
      // The sign-in page links to the forgot page, and to the help centre.
      await h.clickAndWaitForNavigation(page, page.locator('main a[href="/login/forgot"]'));
      assert.equal(h.pathOf(page), '/login/forgot');
      await h.assertLanguage(page, lang);
      const seen = mails().length;
      await page.locator('#email').fill(TEACHER);
      await h.submitAndWait(page, page.locator('form[action="/login/forgot"] button[type="submit"]'), '/login/forgot');
      await page.locator('#forgot-notice').waitFor();

      // The e-mail, in the teacher's language (French for this account), carries the link.
      const mail = await nextMailTo(TEACHER, seen);
      const link = mail.body.match(/https?:\/\/\S+\/login\/reset\?token=[A-Za-z0-9_-]+/);
      assert.ok(link, `a reset link in the mail: ${mail.body}`);
      const url = new URL(link[0]);
      await h.visit(page, `${url.pathname}${url.search}`);
      await h.assertLanguage(page, lang);
      await page.locator('#new_password').fill(NEW_PASSWORD[lang]);
      await page.locator('#confirm_password').fill(NEW_PASSWORD[lang]);
      await h.submitAndWait(page, page.locator('form[action="/login/reset"] button[type="submit"]'), '/login/reset');
      assert.equal(h.pathOf(page), '/login', `after the reset: ${page.url()}`);

      // The old password no longer works; the new one does.
      await h.submitLogin(page, TEACHER, teacherPassword);
      assert.equal(h.pathOf(page), '/login', 'the old password is refused');
      const resp = await h.submitLogin(page, TEACHER, NEW_PASSWORD[lang]);
      assert.equal(h.pathOf(page), '/', `signed in with the new password (HTTP ${resp.status()})`);
      teacherPassword = NEW_PASSWORD[lang];

      // The link works once.
      await page.goto(`${url.pathname}${url.search}`);
      await page.locator('#reset-invalid').waitFor();
    });
  });
}

for (const lang of h.LANGS) {
  test(`a pupil gets back in through a teacher's one-time code (${lang})`, { timeout: 90_000, skip: !MAIL_DIR && 'LAWHA_MAIL_DIR is not set: the demo sends no mail' }, async (t) => {
    const pupil = h.accounts().find((a) => a.login === PUPILS[lang]);
    assert.ok(pupil, `${PUPILS[lang]} is a demo pupil`);
    let code;
    // The teacher (signed in with the password the tests above left) issues the code.
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, { role: 'teacher', login: TEACHER, password: teacherPassword }, lang);
      await h.visit(page, '/');
      const classLink = page.locator('main a[href^="/classes/"]').first();
      await h.clickAndWaitForNavigation(page, classLink);
      await h.clickAndWaitForNavigation(page, page.locator(`main a[href*="/pupils/"]`, { hasText: pupil.name }).first());
      await h.clickAndWaitForNavigation(page, page.locator('main a[href$="/help"]').first());
      await h.assertLanguage(page, lang);
      await h.submitAndWait(page, page.locator('form[action$="/one-time-code"] button[type="submit"]'), h.pathOf(page).replace(/\/help$/, '/one-time-code'));
      code = (await page.locator('#one-time-code').innerText()).trim();
      assert.match(code, /^[A-Z0-9]{8}$/);
    });
    // The pupil, on another browser, uses it.
    await h.withPage(browser, t, async (page) => {
      await h.setLanguage(page, lang, '/login');
      await h.clickAndWaitForNavigation(page, page.locator('main a[href="/login/code"]'));
      await page.locator('#pupil_code').fill(pupil.login);
      await page.locator('#one_time_code').fill(code);
      await page.locator('#new_password').fill(NEW_PASSWORD[lang]);
      await page.locator('#confirm_password').fill(NEW_PASSWORD[lang]);
      await h.submitAndWait(page, page.locator('form[action="/login/code"] button[type="submit"]'), '/login/code');
      assert.equal(h.pathOf(page), '/', `the pupil is signed in: ${page.url()}`);
      await h.assertLanguage(page, lang);
    });
    // The code worked once: the pupil's new password signs in, the code does not again.
    await h.withPage(browser, t, async (page) => {
      await h.signIn(page, { role: 'pupil', login: pupil.login, password: NEW_PASSWORD[lang] }, lang);
    });
  });
}
