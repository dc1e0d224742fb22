// The offline schoolbag end to end, as operators run it and as people see it: a platform
// (`lawha demo` with its own data; SQLite, and PostgreSQL when LAWHA_TEST_PG_URL is set)
// and a school node (`lawha node init`, a pack built and imported, `lawha sync register`),
// two real processes. Pupils sign in on the node in Chromium, answer a practice set, one
// plays a capsule;
// `lawha sync push` brings two pupils' answers and the watching up over HTTP, a return file (`sync export`,
// `sync import` twice, then the same answers pushed over HTTP too) a third pupil's. On the
// platform, in Chromium, the class's teacher reads the class grid and each pupil's page,
// and the school's, the AREF's and the ministry's administrators read their dashboards:
// every answer shows exactly once, and pushing and importing again changes nothing.
//
// It starts its own processes (LAWHA_BIN, the built `lawha`; a database of its own on the
// LAWHA_TEST_PG_URL server, made with psql) and leaves the shared demo of the other browser
// tests alone.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import * as h from './helpers.mjs';

const LAWHA_BIN = process.env.LAWHA_BIN || '';
const PG_URL = process.env.LAWHA_TEST_PG_URL || '';

const SCHOOL = 'CL-ANFA-ZERKTOUNI';
const CLASS = '1AC-1';
const TEACHER = 'prof.maths@demo.lawha.ma';
const SCHOOL_ADMIN = 'direction.zerktouni@demo.lawha.ma';
const REGIONAL_ADMIN = 'aref.casablanca@demo.lawha.ma';
const MINISTRY_ADMIN = 'ministere@demo.lawha.ma';
/** Pupils of the class and how many items each answers on the node; the first two push
 * over HTTP, the third goes up in a return file. */
const PUSHED = [
  ['D130000201', 2],
  ['D130000202', 3],
];
const RETURNED = ['D130000203', 4];
/** A pupil of the class who only watches a capsule on the node (pushed over HTTP). */
const WATCHER = 'D130000205';
/** A pupil of the class who does nothing: their row stays empty. */
const IDLE = 'D130000204';
/** The dashboards' column and key figure of answers, in French. */
const ANSWERS = 'Réponses';

const run = promisify(execFile);

let browser;
before(async () => {
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

// ---------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------

/** `lawha`'s environment: ours minus every LAWHA_ setting, plus `env`. */
function lawhaEnv(env) {
  const out = { RUST_LOG: 'warn' };
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('LAWHA_') && k !== 'RUST_LOG') out[k] = v;
  }
  return { ...out, ...env };
}

/** Runs a `lawha` command to its end; returns its standard output, failing the test on error. */
async function lawha(args, env) {
  try {
    const { stdout } = await run(LAWHA_BIN, args, { env: lawhaEnv(env), maxBuffer: 16 << 20 });
    return stdout;
  } catch (e) {
    assert.fail(`lawha ${args.join(' ')} failed (${e.code}):\n${e.stdout}\n${e.stderr}`);
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A `lawha` server in the background, its output in a log file. */
class Server {
  constructor(name, args, env, log) {
    this.name = name;
    this.log = log;
    const fd = openSync(log, 'a');
    this.child = spawn(LAWHA_BIN, args, { env: lawhaEnv(env), stdio: ['ignore', fd, fd] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve(signal || code)));
  }

  /** Waits until `base` answers /healthz (the demo seeds first: up to a few minutes). */
  async up(base, seconds = 300) {
    const deadline = Date.now() + seconds * 1000;
    let gone = null;
    this.exited.then((s) => {
      gone = s;
    });
    for (;;) {
      if (gone !== null) assert.fail(`${this.name} stopped (${gone}):\n${this.tail()}`);
      try {
        const r = await fetch(`${base}/healthz`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) assert.fail(`${this.name} did not answer within ${seconds} s:\n${this.tail()}`);
      await sleep(250);
    }
  }

  tail(lines = 40) {
    return readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n');
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Signed-in pages on one server, one per person, kept for the whole test (signing in
 * costs an argon2 hash). */
class Sessions {
  constructor(baseURL, people) {
    this.baseURL = baseURL;
    this.people = people;
    this.open = new Map();
  }

  async page(login) {
    if (!this.open.has(login)) {
      const acct = this.people.find((p) => p.login === login);
      assert.ok(acct, `demo-accounts.json lists ${login}`);
      const ctx = await h.newContext(browser, { baseURL: this.baseURL });
      const page = await ctx.newPage();
      this.open.set(login, { ctx, page });
      await h.signIn(page, acct, 'fr');
    }
    return this.open.get(login).page;
  }

  /** Closes every page; keeps the last HTML and a screenshot of each when the test failed. */
  async close(failed, name) {
    const foreign = [];
    for (const [login, { ctx, page }] of this.open) {
      if (failed) {
        mkdirSync(h.ARTIFACTS_DIR, { recursive: true });
        const base = path.join(h.ARTIFACTS_DIR, `${name}-${login}`.replace(/[^A-Za-z0-9_.-]+/g, '_'));
        await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 5_000 }).catch(() => {});
        writeFileSync(`${base}.html`, `<!-- ${page.url()} -->\n${await page.content().catch(() => '')}`);
      } else {
        foreign.push(...ctx.foreignRequests);
      }
      await ctx.close().catch(() => {});
    }
    this.open.clear();
    assert.deepEqual(foreign, [], 'the platform\'s pages made requests to other hosts');
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A fresh database on the test PostgreSQL server; returns its URL and how to drop it. */
async function freshPostgres() {
  const name = `lawha_schoolbag_${process.pid}_${Date.now()}`;
  await run('psql', [PG_URL, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const drop = () =>
    run('psql', [PG_URL, '-X', '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]).catch(() => {});
  return { url: url.toString(), drop };
}

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------

/** A figure as the page writes it (French or Arabic digits, spaces between thousands). */
function number(text, what) {
  const digits = text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[^0-9]/g, '');
  assert.ok(digits.length > 0, `${what}: no figure in "${text}"`);
  return Number(digits);
}

/** The dashboard's key figure of answers, or `null` when the scope is suppressed. */
async function answersFigure(page) {
  const stat = page.locator('dl.stats > div').filter({ has: page.locator('dt', { hasText: ANSWERS }) });
  if ((await stat.count()) === 0) {
    assert.equal(await page.locator('p.notice[role="status"]').count(), 1, `${page.url()}: no key figures and no note why`);
    return null;
  }
  const text = await stat.locator('dd').evaluate((dd) => dd.firstChild.textContent);
  return number(text, `${page.url()} key figure`);
}

/** The answers of the children table's row linking to `href`; `null` when suppressed. */
async function childAnswers(page, href) {
  // The children section is folded until opened (the dashboard shows its summary first).
  const details = page.locator('details#children');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  const table = details.locator('table.figures');
  const headers = await table.locator('thead th').allInnerTexts();
  const col = headers.findIndex((t) => t.trim() === ANSWERS);
  assert.ok(col > 0, `${page.url()}: the children table has a column "${ANSWERS}": ${headers.join(' | ')}`);
  // A figure hidden beside a total is never hidden alone: it could be worked out by
  // subtraction.
  const hidden = await table.locator('tbody tr:has(td.suppressed)').count();
  assert.notEqual(hidden, 1, `${page.url()}: one row alone is hidden beside the total`);
  const row = table.locator('tbody tr').filter({ has: page.locator(`th a[href="${href}"]`) });
  assert.equal(await row.count(), 1, `${page.url()}: one row links to ${href}`);
  if ((await row.locator('td.suppressed').count()) > 0) return null;
  return number(await row.locator('td').nth(col - 1).innerText(), `${page.url()} row ${href}`);
}

/** What every administrator's dashboards say of answers, by name. */
async function dashboardFigures(platform, schoolId) {
  const figures = {};
  const school = `/dashboards/schools/${schoolId}`;
  let page = await platform.page(SCHOOL_ADMIN);
  await h.visit(page, school);
  figures['school (its administrator)'] = await answersFigure(page);
  page = await platform.page(REGIONAL_ADMIN);
  {
    await h.visit(page, school);
    figures['school (AREF)'] = await answersFigure(page);
    const province = await page.locator('nav.crumbs a[href^="/dashboards/provinces/"]').getAttribute('href');
    const region = await page.locator('nav.crumbs a[href^="/dashboards/regions/"]').getAttribute('href');
    await h.visit(page, province);
    figures['province'] = await answersFigure(page);
    figures["the school's row of its province"] = await childAnswers(page, school);
    await h.visit(page, region);
    figures['region (AREF)'] = await answersFigure(page);
    figures["the province's row of its region"] = await childAnswers(page, province);
    page = await platform.page(MINISTRY_ADMIN);
    await h.visit(page, '/dashboards');
    assert.equal(h.pathOf(page), '/dashboards/national');
    figures['nation'] = await answersFigure(page);
    figures["the region's row of the nation"] = await childAnswers(page, region);
  }
  return figures;
}

/** The rows of a CSV file whose every cell is quoted (as exports write them). */
function csvRows(text) {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replaceAll('""', '"')));
}

/**
 * The teacher's class page: for each pupil in `answered` (login → items answered, each
 * once) and for IDLE, their row of the grid (last active, mean score, the cell of the
 * lesson titled `lesson`), their items answered in the class's export, and one line of
 * their timeline per answer; for WATCHER, a lesson marked as watched and one line per
 * watch update (`watched` of them).
 */
async function classShows(page, lesson, answered, watched, person) {
  await h.visit(page, '/');
  const link = page.locator('main a[href^="/classes/"]', { hasText: CLASS }).first();
  assert.equal(await link.count(), 1, `the teacher's home links to ${CLASS}`);
  const classPath = await link.getAttribute('href');
  await h.visit(page, `${classPath}?subject=MATH`);
  const grid = page.locator('table.grid');
  const titles = await grid.locator('thead th').allInnerTexts();
  const col = titles.findIndex((x) => x.trim() === lesson);
  assert.ok(col >= 3, `the grid has a column for "${lesson}": ${titles.join(' | ')}`);
  const csv = await page.request.get(`${classPath}/export.csv`);
  assert.equal(csv.status(), 200);
  const rows = csvRows(await csv.text());
  for (const login of [...answered.keys(), WATCHER, IDLE]) {
    const count = answered.get(login) ?? 0;
    const lines = login === WATCHER ? watched : count;
    const who = person(login);
    const row = grid.locator('tbody tr').filter({ has: page.locator('th a', { hasText: who.name }) });
    assert.equal(await row.count(), 1, `the grid has a row for ${who.name}`);
    const cells = row.locator('td');
    const lastActive = (await cells.nth(0).innerText()).trim();
    const mean = (await cells.nth(1).innerText()).trim();
    const cell = await cells.nth(col - 1).getAttribute('class');
    if (count > 0) {
      assert.match(lastActive, /^\d{4}-\d{2}-\d{2}$/, `${login} was active`);
      assert.match(mean, /%$/, `${login} has a mean score`);
      assert.doesNotMatch(cell, /\bm0\b/, `${login}'s cell for the lesson shows their work`);
    } else if (login === WATCHER) {
      assert.equal(mean, '—', `${login} has no mean score`);
      assert.ok((await row.locator('td.cell.w').count()) >= 1, `${login} has a lesson marked as watched`);
      assert.equal(await row.locator('td.cell.m1, td.cell.m2, td.cell.m3').count(), 0, `${login} has no mastery`);
    } else {
      assert.equal(lastActive, '', `${login} never was active`);
      assert.equal(mean, '—', `${login} has no mean score`);
      assert.match(cell, /\bm0\b/, `${login}'s cell for the lesson is empty`);
    }
    // Items answered, in the class's export: each item once.
    const line = rows.find((r) => r[1] === login);
    assert.ok(line, `the export has a row for ${login}`);
    assert.equal(line[3], count > 0 ? String(count) : '', `items answered by ${login} in the export`);
    // The pupil's page: one line of the timeline per answer or watch update.
    await h.clickAndWaitForNavigation(page, row.locator('th a'));
    assert.equal(await page.locator('ol.timeline li').count(), lines, `${login}'s timeline has one line per event`);
    await page.goBack({ waitUntil: 'load' });
  }
}

/** Plays the first 1AC maths capsule (muted) past a second and pauses: the player reports. */
async function watchACapsule(page) {
  const href = await h.firstCapsule(page);
  await h.visit(page, href);
  const video = page.locator('#player');
  await video.evaluate((v) => {
    v.muted = true;
    v.play().catch(() => {});
  });
  await page.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 30_000 }).catch(async () => {
    const state = await video.evaluate((v) => ({ t: v.currentTime, ready: v.readyState, error: v.error && v.error.message, src: v.currentSrc }));
    assert.fail(`${href} on the node did not play: ${JSON.stringify(state)}`);
  });
  const reported = page.waitForResponse((r) => r.url().includes('/progress') && r.request().method() === 'POST');
  await video.evaluate((v) => v.pause());
  assert.equal((await reported).status(), 204, 'the node recorded the progress');
}

/** The first 1AC maths set with at least `items` items, and its lesson's title. */
async function practiceSet(page, items) {
  await h.visit(page, '/curriculum/1AC/MATH');
  const lessons = await page.locator('main a[href^="/lessons/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(lessons.length > 0, 'the node lists the 1AC maths lessons of its pack');
  for (const lesson of lessons) {
    await h.visit(page, lesson);
    const title = (await page.locator('main h1').first().innerText()).trim();
    const sets = await page.locator('main a[href^="/exercises/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const set of sets.filter((s) => !s.slice('/exercises/'.length).includes('/'))) {
      await h.visit(page, set);
      if ((await page.locator('section.item form').count()) >= items) return { title, set };
    }
  }
  assert.fail(`no 1AC maths set with ${items} items on the node`);
}

/** Answers `count` items of `set` not answered yet, each through its form. */
async function answerItems(page, set, count) {
  await h.visit(page, set);
  for (let i = 0; i < count; i += 1) {
    const item = page.locator('section.item:not(:has(.result))').first();
    assert.ok((await item.count()) > 0, `${set}: an item left to answer`);
    const id = await item.getAttribute('id');
    const form = item.locator('form');
    await h.fillSomeAnswer(form);
    const post = await h.submitAndWait(page, form.locator('button[type="submit"]'), await form.getAttribute('action'));
    assert.equal(post.status(), 303, `answering ${id} on the node answered HTTP ${post.status()}`);
    await page.locator(`#${id} .result`).waitFor({ state: 'visible' });
  }
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

async function schoolbag(t, engine) {
  assert.ok(LAWHA_BIN, 'LAWHA_BIN is not set (run the browser tests through scripts/test.sh)');
  const work = mkdtempSync(path.join(os.tmpdir(), `lawha-schoolbag-${engine}-`));
  const servers = [];
  const started = Date.now();
  const lap = (what) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
  let dropDatabase = async () => {};
  let platform;
  let failed = true;
  try {
    // The platform: the demo's data, on its own database.
    const platformDir = path.join(work, 'platform');
    let databaseUrl = `sqlite://${platformDir}/lawha.sqlite`;
    if (engine === 'postgres') {
      const db = await freshPostgres();
      databaseUrl = db.url;
      dropDatabase = db.drop;
    }
    const platformBase = `http://127.0.0.1:${await freePort()}`;
    const platformEnv = {
      LAWHA_DATA_DIR: platformDir,
      LAWHA_DATABASE_URL: databaseUrl,
      LAWHA_LISTEN: platformBase.slice('http://'.length),
    };
    const server = new Server('the platform (lawha demo)', ['demo'], platformEnv, path.join(work, 'platform.log'));
    servers.push(server);
    await server.up(platformBase);
    lap('platform up');
    const people = JSON.parse(readFileSync(path.join(platformDir, 'demo-accounts.json'), 'utf8'));
    const person = (login) => {
      const a = people.find((p) => p.login === login);
      assert.ok(a, `demo-accounts.json lists ${login}`);
      return a;
    };
    platform = new Sessions(platformBase, people);

    // The school's id, as its administrator finds it; the dashboards before any sync.
    const schoolAdmin = await platform.page(SCHOOL_ADMIN);
    await h.visit(schoolAdmin, '/dashboards');
    const schoolId = h.pathOf(schoolAdmin).match(/^\/dashboards\/schools\/([0-9a-f-]{36})$/)?.[1];
    assert.ok(schoolId, `the school's administrator lands on their school's dashboard, not ${schoolAdmin.url()}`);
    lap('school id');
    const before = await dashboardFigures(platform, schoolId);
    t.diagnostic(`answers on the dashboards before: ${JSON.stringify(before)}`);
    assert.notEqual(before['school (its administrator)'], null, 'the school is large enough to show its figures');

    lap('before figures');

    // The pack and the node, as operators set them up.
    const keys = path.join(work, 'keys');
    const keygen = await lawha(['pack', 'keygen', '--out', keys], platformEnv);
    const platformKey = keygen.trim().split('\n').pop().trim();
    const pack = path.join(work, 'stick', 'pack');
    await lawha(
      ['pack', 'build', '--key', path.join(keys, 'platform.key'), '--out', pack, '--level', '1AC', '--school', SCHOOL],
      platformEnv,
    );
    const nodeDir = path.join(work, 'node');
    await lawha(
      ['node', 'init', '--school', schoolId, '--platform-key', platformKey, '--platform-url', platformBase],
      { LAWHA_DATA_DIR: nodeDir },
    );
    const nodeKey = readFileSync(path.join(nodeDir, 'node.pub'), 'utf8').trim();
    const registered = await lawha(
      ['sync', 'register', '--school', SCHOOL, '--name', 'Salle informatique', '--public-key', nodeKey, '--by', SCHOOL_ADMIN],
      platformEnv,
    );
    const nodeLine = registered.split('\n').find((l) => l.startsWith('node_id = '));
    assert.ok(nodeLine, `sync register prints the node's id:\n${registered}`);
    const nodeId = JSON.parse(nodeLine.slice('node_id = '.length));
    const config = path.join(nodeDir, 'lawha.toml');
    appendFileSync(config, `${nodeLine}\n`);
    const nodeEnv = { LAWHA_CONFIG: config };
    await lawha(['pack', 'import', pack], nodeEnv);

    lap('node set up');

    // The node serves; pupils sign in on it in Chromium and answer.
    const nodeBase = `http://127.0.0.1:${await freePort()}`;
    const node = new Server('the school node (lawha serve)', ['serve'], { ...nodeEnv, LAWHA_LISTEN: nodeBase.slice('http://'.length) }, path.join(work, 'node.log'));
    servers.push(node);
    await node.up(nodeBase, 60);
    const onNode = (login, fn) =>
      h.withPage(browser, t, (page) => h.signIn(page, person(login), 'fr').then(() => fn(page)), { baseURL: nodeBase });
    let practice;
    for (const [login, count] of PUSHED) {
      await onNode(login, async (page) => {
        practice ??= await practiceSet(page, Math.max(...[...PUSHED, RETURNED].map(([, n]) => n)));
        await answerItems(page, practice.set, count);
      });
    }
    t.diagnostic(`pupils answered ${practice.set} (lesson "${practice.title}")`);
    await onNode(WATCHER, watchACapsule);
    const pushedCount = PUSHED.reduce((sum, [, n]) => sum + n, 0);

    lap('pushed pupils answered');

    // Over HTTP: the platform takes them once, however often the node pushes.
    let out = await lawha(['sync', 'push'], nodeEnv);
    assert.match(out, new RegExp(`: ${pushedCount} new answers,`), out);
    const watched = Number(out.match(/(\d+) new watch updates/)?.[1]);
    assert.ok(watched >= 1, `the watching went up: ${out}`);
    t.diagnostic(out.trim());
    out = await lawha(['sync', 'push'], nodeEnv);
    assert.match(out, /^0 batches /, out);

    // A return file for the third pupil's answers, imported twice, then the same answers
    // pushed over HTTP as well (an export does not move the node's cursor).
    await onNode(RETURNED[0], (page) => answerItems(page, practice.set, RETURNED[1]));
    const file = path.join(work, 'stick', 'return.jsonl');
    await lawha(['sync', 'export', '--node', nodeId, '--key-file', path.join(nodeDir, 'node.key'), file], nodeEnv);
    const imported = await lawha(['sync', 'import', file], platformEnv);
    assert.match(imported, new RegExp(`: ${RETURNED[1]} new answers,`), imported);
    // Imported again: every batch was applied before, and the run says it recorded nothing
    // (not the first run's counts again).
    const again = await lawha(['sync', 'import', file], platformEnv);
    assert.match(again, /: all \d+ batches were applied before: nothing new was recorded\./, again);
    assert.doesNotMatch(again, /new answers/, again);
    out = await lawha(['sync', 'push'], nodeEnv);
    assert.match(out, /: 0 new answers,/, out);
    const total = pushedCount + RETURNED[1];

    lap('return file');

    // The dashboards: each figure grows by exactly the answers given, once the platform's
    // rollup worker has folded them (it looks every 2 s).
    const expected = Object.fromEntries(
      Object.entries(before).map(([k, v]) => [k, v === null ? null : v + total]),
    );
    let figures;
    const deadline = Date.now() + 60_000;
    for (;;) {
      figures = await dashboardFigures(platform, schoolId);
      const behind = Object.keys(expected).some((k) => expected[k] !== null && figures[k] < expected[k]);
      if (!behind || Date.now() > deadline) break;
      await sleep(1_000);
    }
    assert.deepEqual(figures, expected, `the dashboards count the ${total} answers once (before: ${JSON.stringify(before)})`);

    lap('dashboards');

    // The teacher's class grid and each pupil's page.
    const answered = new Map([...PUSHED, RETURNED]);
    const teacher = await platform.page(TEACHER);
    const checkClass = () => classShows(teacher, practice.title, answered, watched, person);
    await checkClass();

    lap('class');

    // Pushing and importing again change nothing; after the rollup worker has had time to
    // fold anything that came, the pages say the same.
    out = await lawha(['sync', 'push'], nodeEnv);
    assert.match(out, /^0 batches /, out);
    assert.equal(await lawha(['sync', 'import', file], platformEnv), again);
    await sleep(4_000);
    assert.deepEqual(await dashboardFigures(platform, schoolId), expected, 'the dashboards after pushing and importing again');
    await checkClass();
    failed = false;
  } catch (err) {
    for (const s of servers) t.diagnostic(`---- ${s.name} log ----\n${s.tail()}`);
    throw err;
  } finally {
    await platform?.close(failed, `schoolbag-${engine}`);
    for (const s of servers) await s.stop();
    await dropDatabase();
    rmSync(work, { recursive: true, force: true });
  }
}

test('the schoolbag: answers on a node reach the class grid and the dashboards once (SQLite)', { timeout: 600_000 }, (t) =>
  schoolbag(t, 'sqlite'));

test('the schoolbag: answers on a node reach the class grid and the dashboards once (PostgreSQL)', { timeout: 600_000, skip: !PG_URL && 'LAWHA_TEST_PG_URL is not set' }, (t) =>
  schoolbag(t, 'postgres'));
