// Lawha's service worker. The server fills in the values below for each release, so a
// new release is a new worker: it installs, takes over at once and deletes the caches of
// the old one.
//
// It keeps the app shell only (stylesheet, scripts, icons, offline pages), by their
// content-hashed URLs. Pages always come from the network; without one, a navigation
// gets the offline page in the visitor's language. No page, catalog, answer or anything
// personal is ever stored here: a shared phone keeps nothing of its last user.
'use strict';

const VERSION = '__LAWHA_VERSION__';
const SHELL = __LAWHA_SHELL__;
const OFFLINE = __LAWHA_OFFLINE__;
const DEFAULT_LANG = '__LAWHA_DEFAULT_LANG__';

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

async function navigate(event) {
  try {
    const preloaded = await event.preloadResponse;
    return preloaded || (await fetch(event.request));
  } catch (_) {
    const page = await caches.match(OFFLINE[await offlineLanguage()], { cacheName: CACHE, ignoreVary: true });
    return page || Response.error();
  }
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
  }
  // Everything else goes to the network as if there were no worker.
});
