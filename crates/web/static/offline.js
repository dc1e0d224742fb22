// The device's offline store and what pages do with it (see ARCHITECTURE.md, "Offline app
// shell"). Loaded by shell.js only on pages a service worker controls (then it comes from
// the worker's cache, costing no data), and by the worker itself (`importScripts`), so both
// share one copy of the store.
//
// The store (`LawhaOffline`, IndexedDB "lawha-offline"):
// - `device`: who last used a page here and their anti-forgery token, so that the
//   worker serves saved pages to that pupil only and can send their answers;
// - `saved`: the lessons each pupil saved (see saved.js), their files being in the Cache
//   Storage cache `lawha-saved-<pupil>`;
// - `outbox`: answers, watching progress and showings of a right answer made without
//   network, each with the id made on the device (answers and progress carry it to the
//   server, which records them once; a showing sent again is recorded again, which
//   changes no score), sent through the same routes as online ones when the network
//   returns;
// - `streaks`: per pupil and practice item, the misses in a row the device has seen and
//   when (`missesInARow`), so that offline practice reveals the answer after a second
//   miss whether or not the first has been sent since.
// An outbox entry made on a page is also written first to localStorage (`lawha-pending-*`)
// until IndexedDB holds it, so that leaving the page at once does not lose it.
//
// On pages it shows the offline banner with the count of answers waiting, sends them when
// the network returns, and keeps a shared phone's sign-out from losing or leaking them.
(function (self) {
  'use strict';

  var DB_NAME = 'lawha-offline';
  var SYNC_TAG = 'lawha-outbox';
  var opening = null;

  function db() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var req = self.indexedDB.open(DB_NAME, 2);
        req.onupgradeneeded = function (event) {
          var d = req.result;
          if (event.oldVersion < 1) {
            d.createObjectStore('device', { keyPath: 'k' });
            d.createObjectStore('saved', { keyPath: 'key' }).createIndex('user', 'user');
            d.createObjectStore('outbox', { keyPath: 'id' }).createIndex('user', 'user');
          }
          if (event.oldVersion < 2) {
            d.createObjectStore('streaks', { keyPath: 'key' }).createIndex('user', 'user');
          }
        };
        req.onsuccess = function () {
          var d = req.result;
          // A newer release's script (another tab, the worker) upgrading the store waits
          // for this connection: let it go, and open again on the next use.
          d.onversionchange = function () { d.close(); opening = null; };
          resolve(d);
        };
        req.onerror = function () { opening = null; reject(req.error); };
      });
    }
    return opening;
  }

  // Runs `work(objectStore)` in one transaction; resolves with the result of the request
  // it returns once the transaction has committed.
  function tx(store, mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(store, mode);
        var req = work(t.objectStore(store));
        t.oncomplete = function () { resolve(req ? req.result : undefined); };
        t.onerror = t.onabort = function () { reject(t.error); };
      });
    });
  }

  // Runs `work(transaction)` in one read-write transaction over `stores`, for a read and
  // the write it decides; resolves with what `work` returned (filled in by its requests'
  // callbacks) once the transaction has committed.
  function readWrite(stores, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(stores, 'readwrite');
        var out = work(t);
        t.oncomplete = function () { resolve(out); };
        t.onerror = t.onabort = function () { reject(t.error); };
      });
    });
  }

  function get(store, key) { return tx(store, 'readonly', function (s) { return s.get(key); }); }
  function put(store, value) { return tx(store, 'readwrite', function (s) { return s.put(value); }); }
  function del(store, key) { return tx(store, 'readwrite', function (s) { return s.delete(key); }); }
  function ofUser(store, user) {
    return tx(store, 'readonly', function (s) { return s.index('user').getAll(user); });
  }

  // A UUID v7 (time-ordered, like the server's): the id of an answer made here, dated now
  // or at `ms` (milliseconds since the epoch).
  function uuid7(ms) {
    var b = new Uint8Array(16);
    self.crypto.getRandomValues(b);
    var t = ms === undefined ? Date.now() : ms;
    for (var i = 5; i >= 0; i--) { b[i] = t % 256; t = Math.floor(t / 256); }
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function savedCache(user) { return 'lawha-saved-' + user; }

  // Wrong answers to a practice item in a row, this one included, for the device's rule of
  // help (saved.js). `device`: the `streaks` row `{misses, at}` of the latest answer made
  // on this device, or none; `page`: `{misses, at}` from the result on the set page
  // shown, `at` when the server drew it. The newer of the two is the streak so far: the
  // device's answers stay counted once sent (the page shown does not change), and a page
  // from the network drawn after them (an answer made online since) wins over them.
  function missesInARow(device, page, missed) {
    if (!missed) return 0;
    var before = device && !(page && page.at > device.at) ? device.misses : page ? page.misses : 0;
    return before + 1;
  }

  function streakKey(user, item) { return user + ':' + item; }

  function streak(user, item) { return get('streaks', streakKey(user, item)); }

  // Notes an answer made on the device to the streak of `item`.
  function noteAnswer(user, item, misses, at) {
    return put('streaks', { key: streakKey(user, item), user: user, item: item, misses: misses, at: at });
  }

  function device() { return get('device', 'current'); }

  // A page may be left the moment an entry is made (a video paused, then a link followed),
  // and the IndexedDB write, asynchronous, be cut short with it. On a page the entry is
  // first written to localStorage, which is synchronous, and taken out once the outbox
  // holds it; the next page moves any left there to the outbox (`recoverPending`).
  var PENDING = 'lawha-pending-';

  function pendingStorage() {
    try { return self.localStorage || null; } catch (_) { return null; }
  }

  // The localStorage keys of entries not yet in the outbox.
  function pendingKeys(storage) {
    var keys = [];
    for (var i = 0; i < storage.length; i++) {
      var k = storage.key(i);
      if (k && k.indexOf(PENDING) === 0) keys.push(k);
    }
    return keys;
  }

  // Moves the entries a page left in localStorage to the outbox; an entry already there
  // is written again with the same id, which changes nothing.
  function recoverPending() {
    var storage = pendingStorage();
    if (!storage) return Promise.resolve();
    return Promise.all(pendingKeys(storage).map(function (k) {
      var entry = null;
      try { entry = JSON.parse(storage.getItem(k)); } catch (_) { entry = null; }
      if (!entry || !entry.id || !entry.user) {
        storage.removeItem(k);
        return null;
      }
      return put('outbox', entry).then(function () { storage.removeItem(k); });
    })).catch(function () {}); // kept there for the next page
  }

  // Keeps an answer, a watching report or a showing made without network: `entry` has
  // `id` (for an answer or a report, the event id also in its body), `kind`, `user`, `url`
  // (the route, no query) and `body` (the form, urlencoded, without `csrf`). Asks for a
  // Background Sync where the browser has it.
  function queue(entry) {
    var storage = pendingStorage();
    var key = PENDING + entry.id;
    try {
      if (storage) storage.setItem(key, JSON.stringify(entry));
    } catch (_) {
      storage = null; // full or refused: the outbox alone, as before
    }
    return put('outbox', entry).then(function () {
      if (storage) storage.removeItem(key);
      var sw = self.navigator.serviceWorker;
      if (!sw) return;
      return sw.ready.then(function (reg) {
        if (reg.sync) return reg.sync.register(SYNC_TAG);
      }).catch(function () {});
    });
  }

  // How many answers and watching reports of `user` wait, as the banner and the sign-out
  // warning count them. Showings travel with them uncounted (the pupil answered nothing),
  // and a shared phone's sign-out drops those left with the rest.
  function waiting(user) {
    if (!user) return Promise.resolve(0);
    return ofUser('outbox', user).then(function (rows) {
      return rows.filter(function (r) { return r.kind !== 'showing'; }).length;
    });
  }

  // Sends `user`'s waiting answers, oldest first, with `csrf`, the token of the session
  // they belong to (a page of `user` gives it). The server records each event id once,
  // so an answer sent twice (a reply lost on the way back) counts once. Stops at the
  // first network failure or refused token (another session: kept for later); a conflict
  // is kept for the next time, up to `CONFLICTS_BEFORE_DROP` (`noteConflict`); an answer the
  // server will never take (its item gone, a malformed form) is dropped, and the pupil
  // told in the banner (`dropRefused`).
  // One sender at a time on the device: a page and the worker (Background Sync) may both
  // start when the network returns; the second then finds nothing left to send.
  var flushing = null;
  function flush(user, csrf) {
    var locks = self.navigator.locks;
    if (locks) return locks.request('lawha-outbox', function () { return sendAll(user, csrf); });
    if (!flushing) {
      flushing = sendAll(user, csrf).then(function (r) { flushing = null; return r; });
    }
    return flushing;
  }

  async function sendAll(user, csrf) {
    var result = { sent: 0, dropped: 0 };
    var rows;
    try {
      rows = await ofUser('outbox', user);
    } catch (_) {
      return result;
    }
    rows.sort(function (a, b) { return a.id < b.id ? -1 : 1; });
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var res;
      try {
        res = await self.fetch(row.url, {
          method: 'POST',
          body: row.body + '&csrf=' + encodeURIComponent(csrf),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          credentials: 'same-origin',
          redirect: 'manual'
        });
      } catch (_) {
        return result; // no network after all
      }
      if (res.status === 403 || res.status === 429 || res.status >= 500) {
        return result; // not this session's token, or not now: kept for later
      }
      if (res.status === 409) {
        if (await noteConflict(row)) result.dropped++;
        continue;
      }
      if (res.type === 'opaqueredirect' || res.ok) {
        result.sent++;
        await del('outbox', row.id);
      } else {
        result.dropped++;
        await dropRefused(row);
      }
    }
    return result;
  }

  // A conflict may pass (the same answer being recorded by another send at that moment),
  // so the row is kept and tried again by the next send. One refused so by this many sends
  // is refused for good: an item never presented to the pupil, a quiz with no try left.
  var CONFLICTS_BEFORE_DROP = 3;

  // Counts a conflict on `row`, in one transaction with its drop (told, as `dropRefused`)
  // at the last; resolves with whether it was dropped. A row another sender has sent
  // meanwhile stays gone.
  function noteConflict(row) {
    return readWrite(['outbox', 'device'], function (t) {
      var out = { dropped: false };
      var outbox = t.objectStore('outbox');
      var req = outbox.get(row.id);
      req.onsuccess = function () {
        var kept = req.result;
        if (!kept) return;
        kept.conflicts = (kept.conflicts || 0) + 1;
        if (kept.conflicts < CONFLICTS_BEFORE_DROP) {
          outbox.put(kept);
          return;
        }
        outbox.delete(row.id);
        countRefused(t, row);
        out.dropped = true;
      };
      return out;
    }).then(function (out) { return out.dropped; });
  }

  // Answers of `user` the server refused for good (their item gone or changed since the
  // lesson was saved): counted on the device until a page has told the pupil, who would
  // otherwise believe them recorded.
  function refusedKey(user) { return 'refused-' + user; }

  // Takes `row` out of the outbox, refused for good; an answer is counted in the same
  // transaction, so a sender stopped halfway neither loses the count nor counts it twice.
  function dropRefused(row) {
    return readWrite(['outbox', 'device'], function (t) {
      t.objectStore('outbox').delete(row.id);
      countRefused(t, row);
    });
  }

  // Counts `row`, refused for good, within `t` (over 'device'), if it is an answer.
  function countRefused(t, row) {
    if (row.kind !== 'answer') return;
    var devices = t.objectStore('device');
    var req = devices.get(refusedKey(row.user));
    req.onsuccess = function () {
      var n = req.result ? req.result.n : 0;
      devices.put({ k: refusedKey(row.user), user: row.user, n: n + 1 });
    };
  }

  // How many refused answers of `user` are still to be told, taken in one transaction: the
  // page that asks tells them, and two pages asking at once do not both tell.
  function takeRefused(user) {
    return readWrite(['device'], function (t) {
      var out = { n: 0 };
      var devices = t.objectStore('device');
      var req = devices.get(refusedKey(user));
      req.onsuccess = function () {
        if (!req.result) return;
        out.n = req.result.n;
        devices.delete(refusedKey(user));
      };
      return out;
    }).then(function (out) { return out.n; });
  }

  // Removes what `user` left on this device: waiting answers (with those not yet moved
  // from localStorage), streaks, saved lessons and files.
  function forget(user) {
    var storage = pendingStorage();
    if (storage) {
      pendingKeys(storage).forEach(function (k) {
        var entry = null;
        try { entry = JSON.parse(storage.getItem(k)); } catch (_) { entry = null; }
        if (!entry || entry.user === user) storage.removeItem(k);
      });
    }
    return ofUser('outbox', user).then(function (rows) {
      return Promise.all(rows.map(function (r) { return del('outbox', r.id); }));
    }).then(function () {
      return ofUser('streaks', user);
    }).then(function (rows) {
      return Promise.all(rows.map(function (r) { return del('streaks', r.key); }));
    }).then(function () {
      return ofUser('saved', user);
    }).then(function (rows) {
      return Promise.all(rows.map(function (r) { return del('saved', r.key); }));
    }).then(function () {
      return self.caches ? self.caches.delete(savedCache(user)) : null;
    }).then(function () {
      return del('device', refusedKey(user));
    }).then(function () {
      return device();
    }).then(function (d) {
      if (d && d.user === user) return del('device', 'current');
    });
  }

  self.LawhaOffline = {
    SYNC_TAG: SYNC_TAG,
    get: get,
    put: put,
    del: del,
    ofUser: ofUser,
    uuid7: uuid7,
    savedCache: savedCache,
    missesInARow: missesInARow,
    streak: streak,
    noteAnswer: noteAnswer,
    device: device,
    queue: queue,
    waiting: waiting,
    flush: flush,
    forget: forget
  };

  if (typeof self.document === 'undefined') return; // in the service worker: no page
  var document = self.document;
  var lang = document.documentElement.lang;
  var offline = self.LawhaOffline;

  // Strings the server put on the page for its scripts (not on every page).
  function strings() {
    var el = document.getElementById('lawha-strings');
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (_) { return null; }
  }

  function formatNumber(n) {
    return new Intl.NumberFormat(lang === 'ar' ? 'en' : lang).format(n);
  }

  // `forms`: a message by plural category, `{n}` where the number goes.
  function plural(forms, n) {
    if (!forms) return '';
    var text = forms[new Intl.PluralRules(lang).select(n)] || forms.other || '';
    return text.replace('{n}', formatNumber(n));
  }
  offline.strings = strings;
  offline.plural = plural;
  offline.formatNumber = formatNumber;

  var body = document.body;
  var user = body && body.dataset.user;
  var meta = document.querySelector('meta[name="csrf"]');
  var csrf = meta && meta.content;

  var banner = document.getElementById('offline-banner');
  // Refused answers told on this page: kept in the banner however often it is redrawn.
  var refused = 0;
  // The Saved page's strings, once borrowed (below), for every later redraw of this page.
  var borrowed = null;
  function showBanner() {
    if (!banner) return Promise.resolve();
    var s = strings() || borrowed;
    var told = Promise.resolve(0);
    if (user && s) {
      told = takeRefused(user);
    } else if (user && self.navigator.onLine) {
      // A page without the strings (the home page) borrows the Saved page's, fetched only
      // when there are refused answers to tell; offline they wait for a page that has them.
      told = get('device', refusedKey(user)).then(function (row) {
        if (!row) return 0;
        return savedStrings().then(function (fetched) {
          if (!fetched) return 0;
          s = borrowed = fetched;
          return takeRefused(user);
        });
      });
    }
    return Promise.all([waiting(user), told]).then(function (counts) {
      var n = counts[0];
      refused += counts[1];
      var parts = [];
      if (!self.navigator.onLine) parts.push(s ? s.offline : '');
      if (n > 0 && s) parts.push(plural(s.waiting, n));
      if (refused > 0 && s) parts.push(plural(s.refused, refused));
      banner.textContent = parts.filter(Boolean).join(' · ');
      banner.hidden = banner.textContent === '';
    }).catch(function () {});
  }
  offline.showBanner = showBanner;

  // Where the browser has Background Sync, the worker is the one sender (a page and the
  // worker sending the same answers at once had the server answer the second before the
  // first was recorded); the page asks it to send and redraws the banner when it has.
  // Elsewhere the page sends itself.
  var sw = self.navigator.serviceWorker;
  function sendWaiting() {
    if (!user || !csrf || !self.navigator.onLine) return showBanner();
    if (sw && sw.controller && 'SyncManager' in self) {
      return sw.ready
        .then(function (reg) { return reg.sync.register(SYNC_TAG); })
        .then(showBanner, function () { return flush(user, csrf).then(showBanner); });
    }
    return flush(user, csrf).then(showBanner);
  }
  if (sw) {
    sw.addEventListener('message', function (event) {
      if (event.data && event.data.outbox) showBanner();
    });
  }
  offline.sendWaiting = sendWaiting;

  // A page loaded from the network names who uses the device now (a page from the saved
  // cache carries a token that may be stale: it changes nothing).
  if (user && csrf && self.navigator.onLine && self.indexedDB) {
    recoverPending()
      .then(function () { return put('device', { k: 'current', user: user, csrf: csrf }); })
      .then(sendWaiting, showBanner);
  } else if (self.indexedDB) {
    recoverPending().then(showBanner, showBanner);
  }
  self.addEventListener('online', sendWaiting);
  self.addEventListener('offline', showBanner);

  // Signing out of a shared phone: the waiting answers are sent first; any that could not
  // be sent are removed only after the pupil has been told and agreed. Then nothing of
  // theirs stays on the device for the next pupil.
  var logout = document.querySelector('form[action="/logout"]');
  if (logout && user && self.indexedDB) {
    logout.addEventListener('submit', function (event) {
      event.preventDefault();
      var go = function () { HTMLFormElement.prototype.submit.call(logout); };
      var flushed = csrf && self.navigator.onLine ? flush(user, csrf) : Promise.resolve();
      flushed
        .then(function () { return waiting(user); })
        .then(function (left) {
          if (left === 0) return true;
          return stringsFor('signout_unsent').then(function (forms) {
            return self.confirm(plural(forms, left) || String(left));
          });
        })
        .then(function (agreed) {
          if (agreed) return forget(user).then(go, go);
        })
        .catch(go);
    });
  }

  // A string of the scripts' set, from this page or, where this page has none, from the
  // Saved page (only needed in the rare case of a sign-out with answers still waiting).
  function stringsFor(key) {
    var s = strings();
    if (s) return Promise.resolve(s[key]);
    return savedStrings().then(function (fetched) { return fetched ? fetched[key] : null; });
  }

  // The scripts' strings from the Saved page, which always has them; null when it cannot be
  // had.
  function savedStrings() {
    return self.fetch('/saved', { credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var el = page.getElementById('lawha-strings');
        return el ? JSON.parse(el.textContent) : null;
      })
      .catch(function () { return null; });
  }

})(self);
