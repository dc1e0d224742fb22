// Lawha's app shell, on every page (deferred, never blocking rendering):
// - registers the service worker once the page has finished loading, so that its
//   precache never competes with the page itself, and tells it the page's language
//   (its offline page is shown in that language);
// - shows the install button where the browser offers installation.
// Pages work the same without it.
(function () {
  'use strict';
  var lang = document.documentElement.lang;

  if ('serviceWorker' in navigator) {
    window.addEventListener('load', function () {
      navigator.serviceWorker
        .register('/sw.js')
        .then(function () {
          return navigator.serviceWorker.ready;
        })
        .then(function (reg) {
          if (reg.active) reg.active.postMessage({ lang: lang });
        })
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
