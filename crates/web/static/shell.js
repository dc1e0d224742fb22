// Lawha's app shell, on every page (deferred, never blocking rendering). Pages work the
// same without it.
// - Registers the service worker once the page has loaded (its precache never competes
//   with the page) and tells it the page's language (its offline page speaks it).
// - Shows the install button where the browser offers installation.
// - On pages the worker controls, loads the offline scripts (offline.js, and saved.js where
//   the page offers saving or answering offline). They come from the worker's cache then,
//   so a first visit on a slow link never pays for them.
(function () {
  'use strict';
  var lang = document.documentElement.lang;
  var me = document.currentScript;

  function load(src, then) {
    if (!src) return;
    var script = document.createElement('script');
    script.src = src;
    script.onload = then || null;
    document.head.appendChild(script);
  }

  var loaded = false;
  function loadOffline() {
    if (loaded || !navigator.serviceWorker.controller || !me) return;
    loaded = true;
    var strings = document.getElementById('lawha-strings');
    load(me.dataset.offline, function () {
      if (strings) load(strings.dataset.saved);
    });
  }

  if ('serviceWorker' in navigator) {
    loadOffline();
    navigator.serviceWorker.addEventListener('controllerchange', loadOffline);
    window.addEventListener('load', function () {
      navigator.serviceWorker
        .register('/sw.js')
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (reg) { if (reg.active) reg.active.postMessage({ lang: lang }); })
        .catch(function () {
          // No worker (private mode, storage refused): the site works as before.
        });
    });
  }

  var button = document.getElementById('install');
  if (!button) return;
  var offered = null;
  window.addEventListener('beforeinstallprompt', function (event) {
    event.preventDefault();
    offered = event;
    button.hidden = false;
  });
  button.addEventListener('click', function () {
    if (!offered) return;
    offered.prompt();
    offered.userChoice.then(function () {
      offered = null;
      button.hidden = true;
    });
  });
  window.addEventListener('appinstalled', function () {
    button.hidden = true;
  });
})();
