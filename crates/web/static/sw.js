// Lawha's service worker. The server fills in the values below for each release, so a
// new release is a new worker: it installs, takes over at once and deletes the caches of
// the old one.
//
// Its own cache keeps the app shell only (stylesheet, scripts, icons, offline pages), by
// their content-hashed URLs. Pages always come from the network first. Without one, a
// navigation gets the page as the pupil using the device saved it (saved.js keeps a
// pupil's saved lessons in a cache of their own), or else the offline page in the
// visitor's language. Files of a saved lesson (sound, pictures, subtitles) come from that
// cache even online: they were paid for once.
//
// The device's store (who uses it, saved lessons, answers waiting) is offline.js's, loaded
// here too; the worker sends the waiting answers when Background Sync says the network
// is back.
'use strict';

const VERSION = '__LAWHA_VERSION__';
const SHELL = __LAWHA_SHELL__;
const OFFLINE = __LAWHA_OFFLINE__;
const DEFAULT_LANG = '__LAWHA_DEFAULT_LANG__';
const OFFLINE_SCRIPT = '__LAWHA_OFFLINE_SCRIPT__';

importScripts(OFFLINE_SCRIPT);
const store = self.LawhaOffline;

const CACHE = 'lawha-shell-' + VERSION;
// The language of the last page seen, kept across releases (it is not personal: the
// same as the language cookie).
const PREFS = 'lawha-prefs';
const LANG_KEY = '/offline/last-language';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.concat(Object.values(OFFLINE))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keys = await caches.keys();
      await Promise.all(
        keys.filter((k) => k.startsWith('lawha-shell-') && k !== CACHE).map((k) => caches.delete(k)),
      );
      // Pages are fetched while the worker starts, not after.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const lang = event.data && event.data.lang;
  if (Object.prototype.hasOwnProperty.call(OFFLINE, lang)) {
    event.waitUntil(caches.open(PREFS).then((c) => c.put(LANG_KEY, new Response(lang))));
  }
});

async function offlineLanguage() {
  const saved = await caches.match(LANG_KEY, { cacheName: PREFS });
  const lang = saved ? await saved.text() : '';
  if (Object.prototype.hasOwnProperty.call(OFFLINE, lang)) return lang;
  const browser = (self.navigator.language || '').slice(0, 2);
  return Object.prototype.hasOwnProperty.call(OFFLINE, browser) ? browser : DEFAULT_LANG;
}

// The cache of the pupil who last used a page on this device, if they saved anything.
async function savedCache() {
  let current;
  try {
    current = await store.device();
  } catch (_) {
    return null;
  }
  if (!current || !(await caches.has(store.savedCache(current.user)))) return null;
  return caches.open(store.savedCache(current.user));
}

// Saved pages are kept by path; the revision list offline is the Saved page, which lists
// the saved items that are due.
function savedPagePath(url) {
  return url.pathname === '/revision' ? '/saved' : url.pathname;
}

// This release's shell URL for each asset name (`/static/app.css` -> its hashed URL).
const unhashed = (href) => href.replace(/-[0-9a-f]{12}(\.[a-z]+)$/, '$1');
const CURRENT = new Map(SHELL.map((href) => [unhashed(href), href]));

// A page saved under an older release names that release's stylesheet and scripts, which
// this worker no longer keeps: it gets this release's instead, so no saved page runs on a
// stale shell after an update. Its body is marked `data-saved-copy`: what it shows is
// what the server knew when it was saved (saved.js weighs its results by that).
async function withCurrentShell(response) {
  const html = await response.text();
  const current = html
    .replace(/\/static\/[a-z0-9.-]+-[0-9a-f]{12}\.[a-z]+/g, (href) => CURRENT.get(unhashed(href)) || href)
    .replace(/<body\b/, '<body data-saved-copy');
  return new Response(current, { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function navigate(event) {
  try {
    const preloaded = await event.preloadResponse;
    return preloaded || (await fetch(event.request));
  } catch (_) {
    const saved = await savedCache();
    const hit = saved && (await saved.match(savedPagePath(new URL(event.request.url)), { ignoreVary: true }));
    if (hit) return withCurrentShell(hit);
    const page = await caches.match(OFFLINE[await offlineLanguage()], { cacheName: CACHE, ignoreVary: true });
    return page || Response.error();
  }
}

// A saved file, cut to the requested byte range (media elements ask for ranges).
async function ranged(request, response) {
  const range = request.headers.get('range');
  if (!range) return response;
  const bytes = await response.arrayBuffer();
  const size = bytes.byteLength;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = m && m[1] !== '' ? Number(m[1]) : NaN;
  let end = m && m[2] !== '' ? Number(m[2]) : size - 1;
  if (m && m[1] === '' && m[2] !== '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  }
  end = Math.min(end, size - 1);
  if (!(start >= 0 && start <= end)) {
    return new Response(null, { status: 416, headers: { 'Content-Range': 'bytes */' + size } });
  }
  return new Response(bytes.slice(start, end + 1), {
    status: 206,
    headers: {
      'Content-Type': response.headers.get('Content-Type') || 'application/octet-stream',
      'Content-Range': 'bytes ' + start + '-' + end + '/' + size,
      'Content-Length': String(end - start + 1),
    },
  });
}

// Files a saved lesson may hold: media, a capsule's subtitles and worksheets, the video
// library. Anything else skips the lookup.
function maySave(url) {
  return url.pathname.startsWith('/media/') || url.pathname.startsWith('/capsules/') || url.pathname.startsWith('/static/');
}

async function savedOrNetwork(request) {
  const saved = await savedCache();
  const hit = saved && (await saved.match(request.url, { ignoreVary: true, ignoreSearch: true }));
  return hit ? ranged(request, hit) : fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
    return;
  }
  if (url.search === '' && SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(request, { cacheName: CACHE, ignoreVary: true }).then((hit) => hit || fetch(request)),
    );
    return;
  }
  // saved.js downloading a lesson: from the network, by the page itself.
  if (request.headers.has('x-lawha-save')) return;
  if (maySave(url)) event.respondWith(savedOrNetwork(request));
  // Everything else goes to the network as if there were no worker.
});

// The network is back: send the answers of the pupil using the device, with the token of
// their last page (another session's token is refused and the answers wait).
self.addEventListener('sync', (event) => {
  if (event.tag !== store.SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const current = await store.device();
      if (!current) return;
      await store.flush(current.user, current.csrf);
      for (const client of await self.clients.matchAll()) client.postMessage({ outbox: true });
      // Still waiting (the network dropped again): the browser tries again later.
      if ((await store.ofUser('outbox', current.user)).length > 0) throw new Error('answers still waiting');
    })(),
  );
});
