// Saving lessons for offline use (see ARCHITECTURE.md, "Offline app shell"). On the pages
// that offer it (lesson, capsule, practice set, Saved), for a signed-in pupil, where the
// browser has a service worker:
//
// - "Save for offline": fetches the lesson's bundle (what to keep: pages, sound or lowest
//   video rung, poster, subtitles, worksheets, practice keys), then every page and file
//   into the pupil's own cache. Progress is kept as it goes, so a download cut halfway
//   resumes with the files still missing instead of starting again.
// - The Saved page: what is kept, sizes, space used and left, delete, and the saved
//   practice items due for revision.
// - A saved practice set without network: the answer is corrected here with the saved
//   key (correct.js, a port of the server's corrector) and kept with an id made here;
//   shell.js sends it through the normal answer route when the network returns, and the
//   server records it once and corrects it again. The result teaches first, by the set
//   page's rule (see `helpShown`): feedback at once, the right answer and worked solution
//   after a second miss in a row or when the pupil asks.
(function () {
  'use strict';
  var O = window.LawhaOffline;
  var body = document.body;
  var user = body && body.dataset.user;
  if (!O || !user || !('serviceWorker' in navigator) || !window.indexedDB || !window.caches) return;
  var S = O.strings() || {};
  var lang = document.documentElement.lang;

  function text(template, values) {
    return String(template || '').replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  function formatBytes(n) {
    var mega = n >= 100000;
    return new Intl.NumberFormat(lang === 'ar' ? 'ar-MA' : lang, {
      style: 'unit',
      unit: mega ? 'megabyte' : 'kilobyte',
      unitDisplay: 'short',
      maximumFractionDigits: 1,
      numberingSystem: 'latn'
    }).format(mega ? n / 1e6 : n / 1e3);
  }

  function recordKey(lesson, capsule) {
    return user + ':' + lesson + (capsule ? ':' + capsule : '');
  }

  function savedRecords() {
    return O.ofUser('saved', user);
  }

  function el(name, attrs, children) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  // --- Saving ---------------------------------------------------------------------

  // Straight to the network: the worker lets requests marked so through untouched (it
  // would otherwise fetch them itself, outside the page's own network conditions).
  function fetchOk(url) {
    var headers = { 'X-Lawha-Save': '1' };
    return fetch(url, { credentials: 'same-origin', headers: headers }).then(function (res) {
      if (!res.ok || res.redirected) throw new Error('not saved: ' + res.status);
      return res;
    });
  }

  // Downloads what `bundle` lists into the pupil's cache, skipping files already there
  // (a resumed download), reporting progress by bytes. Pages are always fetched again:
  // they are small and must show what the server knows now.
  function download(bundle, onProgress) {
    return caches.open(O.savedCache(user)).then(function (cache) {
      var done = 0;
      var total = Math.max(bundle.bytes || 0, 1);
      var files = bundle.files.slice();
      var next = function () {
        var file = files.shift();
        if (!file) return null;
        return cache.match(file.url).then(function (hit) {
          if (hit) return null;
          return fetchOk(file.url).then(function (res) { return cache.put(file.url, res); });
        }).then(function () {
          done += file.bytes || 0;
          onProgress(Math.min(99, Math.floor((100 * done) / total)));
          return next();
        });
      };
      return next().then(function () {
        return Promise.all(bundle.pages.map(function (page) {
          return fetchOk(page).then(function (res) { return cache.put(page, res); });
        }));
      });
    });
  }

  function save(button, status) {
    var lesson = button.dataset.lesson;
    var capsule = button.dataset.capsule;
    var url = '/offline/lessons/' + encodeURIComponent(lesson) + (capsule ? '?capsule=' + encodeURIComponent(capsule) : '');
    button.disabled = true;
    status.textContent = text(S.saving, { percent: O.formatNumber(0) });
    var record;
    return fetchOk(url)
      .then(function (res) { return res.json(); })
      .then(function (bundle) {
        if (bundle.user !== user) throw new Error('bundle of another account');
        record = bundle;
        record.key = recordKey(lesson, capsule);
        record.done = false;
        record.savedAt = Date.now();
        return O.put('saved', record);
      })
      .then(function () {
        return download(record, function (percent) {
          status.textContent = text(S.saving, { percent: O.formatNumber(percent) });
        });
      })
      .then(function () {
        record.done = true;
        return O.put('saved', record);
      })
      .then(function () {
        status.textContent = S.saved || '';
        button.textContent = S.saved || button.textContent;
        if (record.quizzes && record.quizzes.length) status.textContent += ' ' + (S.quiz_not_saved || '');
      })
      .catch(function () {
        status.textContent = S.save_failed || '';
        button.textContent = S.resume || button.textContent;
        button.disabled = false;
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll('button.save-offline'), function (button) {
    var status = button.parentNode.querySelector('.save-status') || el('p', { role: 'status' });
    if (!status.parentNode) button.parentNode.insertBefore(status, button.nextSibling);
    O.get('saved', recordKey(button.dataset.lesson, button.dataset.capsule)).then(function (r) {
      if (r && r.done) button.textContent = S.saved || button.textContent;
      else if (r) button.textContent = S.resume || button.textContent;
      button.hidden = false;
    }).catch(function () {});
    button.addEventListener('click', function () { save(button, status); });
  });

  // --- The Saved page -------------------------------------------------------------

  // Deletes a saved lesson and the files no other saved lesson of the pupil uses.
  function remove(record) {
    return savedRecords().then(function (all) {
      var keep = {};
      all.forEach(function (r) {
        if (r.key === record.key) return;
        r.files.forEach(function (f) { keep[f.url] = true; });
        r.pages.forEach(function (p) { keep[p] = true; });
      });
      return caches.open(O.savedCache(user)).then(function (cache) {
        var urls = record.files.map(function (f) { return f.url; }).concat(record.pages);
        return Promise.all(urls.filter(function (u) { return !keep[u]; }).map(function (u) { return cache.delete(u); }));
      }).then(function () {
        return O.del('saved', record.key);
      }).then(function () {
        if (all.length === 1) return caches.delete(O.savedCache(user));
      });
    });
  }

  function drawSpace() {
    var space = document.getElementById('saved-space');
    if (!space || !navigator.storage || !navigator.storage.estimate) return;
    navigator.storage.estimate().then(function (e) {
      space.textContent = text(S.space, {
        used: formatBytes(e.usage || 0),
        left: formatBytes(Math.max(0, (e.quota || 0) - (e.usage || 0)))
      });
    });
  }

  function drawRevision(records) {
    var section = document.getElementById('saved-revision');
    if (!section) return;
    var list = section.querySelector('ul');
    list.textContent = '';
    var now = Date.now();
    var titles = {};
    records.forEach(function (r) {
      (r.practice || []).forEach(function (p) { titles[p.set] = p.title; });
    });
    var due = [];
    records.forEach(function (r) {
      (r.due || []).forEach(function (d) {
        if (Date.parse(d.due_at) <= now && titles[d.set] !== undefined) due.push(d);
      });
    });
    due.forEach(function (d, i) {
      var link = el('a', { href: '/exercises/' + d.set + '#item-' + d.item, dir: 'auto' }, [titles[d.set] + ' · ' + O.formatNumber(i + 1)]);
      list.appendChild(el('li', {}, [link]));
    });
    section.hidden = due.length === 0;
  }

  function drawSaved() {
    var list = document.getElementById('saved-list');
    if (!list) return;
    var empty = document.getElementById('saved-empty');
    savedRecords().then(function (records) {
      records.sort(function (a, b) { return b.savedAt - a.savedAt; });
      list.textContent = '';
      records.forEach(function (r) {
        var open = el('a', { href: '/lessons/' + r.lesson, dir: 'auto' }, [r.title]);
        var size = el('span', { class: 'hint' }, [' · ' + formatBytes(r.bytes || 0)]);
        var state = r.done ? null : el('span', { class: 'tag' }, [S.resume || '']);
        var del = el('button', { type: 'button', class: 'link' }, [S.delete || '']);
        del.addEventListener('click', function () {
          del.disabled = true;
          remove(r).then(drawSaved);
        });
        var children = [open, size];
        if (state) children.push(' ', state);
        children.push(' ', del);
        if (r.quizzes && r.quizzes.length) children.push(el('p', { class: 'hint' }, [S.quiz_not_saved || '']));
        list.appendChild(el('li', {}, children));
      });
      if (empty) empty.hidden = records.length > 0;
      drawRevision(records);
      drawSpace();
    }).catch(function () {});
  }
  drawSaved();

  // --- Answering a saved practice set without network -------------------------------

  var setMatch = /^\/exercises\/([0-9a-f-]{36})$/.exec(location.pathname);
  if (setMatch) {
    var setId = setMatch[1];
    // When the results on this page were drawn: now, or for the saved copy the worker
    // serves without network, when the lesson was last saved.
    var loadedAt = Date.now();
    var savedCopy = body.hasAttribute('data-saved-copy');
    savedRecords().then(function (records) {
      var practice = null;
      var savedAt = 0;
      records.forEach(function (r) {
        (r.practice || []).forEach(function (p) {
          if (p.set !== setId) return;
          practice = p;
          savedAt = Math.max(savedAt, r.savedAt || 0);
        });
      });
      if (practice) wireSet(practice, savedCopy ? savedAt : loadedAt);
    }).catch(function () {});
  }

  var corrector = null;
  function loadCorrector() {
    if (window.LawhaCorrect) return Promise.resolve(window.LawhaCorrect);
    if (!corrector) {
      corrector = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = S.correct_js;
        script.onload = function () { resolve(window.LawhaCorrect); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return corrector;
  }

  function wireSet(practice, pageAt) {
    var answers = practice.right_answers || {}; // absent from lessons saved before it travelled
    Array.prototype.forEach.call(document.querySelectorAll('form[action$="/answer"]'), function (form) {
      var itemId = form.getAttribute('action').split('/')[4];
      var item = practice.items[itemId];
      if (!item) return;
      var section = form.closest('section') || form.parentNode;
      // The server's result on the page: a miss there is the first of a row (or more;
      // the page does not say).
      var server = section.querySelector('.result');
      var state = {
        item: item,
        id: itemId,
        key: answers[itemId] || [],
        page: { misses: server && !server.classList.contains('right') ? 1 : 0, at: pageAt },
        last: null
      };
      form.addEventListener('submit', function (event) {
        if (navigator.onLine) return; // the server corrects as always
        event.preventDefault();
        // "Show the answer" posts elsewhere (formaction): no answer to save, the answer
        // shown here.
        if (event.submitter && event.submitter.hasAttribute('formaction')) showAnswer(form, state);
        else answerOffline(form, state);
      });
    });
  }

  // How much help a practice result shows: the rule of the set page
  // (`HelpState::showing`, routes/exercises/result.rs). The feedback at once, as a hint
  // after a wrong answer; the right answer and the worked solution after a second wrong
  // answer in a row or when asked for; a right answer shows the worked solution.
  function helpShown(correct, misses, asked) {
    var answer = !correct && (misses >= 2 || asked);
    return { solution: correct || answer, key: answer, canAsk: !correct && !answer };
  }

  // The right answer shown here waits in the outbox like an answer, and goes to the
  // show-answer route with when it was shown (`shown_at`), so that an answer typed after
  // it that day does not count towards mastery on the server either. Its id is dated after
  // `after` (the answer it follows, in milliseconds) so that it is sent after that answer.
  function queueShowing(form, state, after) {
    var at = Math.max(Date.now(), after + 1);
    return O.queue({
      id: O.uuid7(at),
      user: user,
      url: form.getAttribute('action').replace(/\/answer$/, '/show-answer'),
      body: new URLSearchParams({ shown_at: String(at) }).toString(),
      kind: 'showing',
      item: state.id
    });
  }

  function answerOffline(form, state) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== 'csrf' && name !== 'event_id') fields.push([name, String(value)]);
    });
    loadCorrector().then(function (C) {
      var parsed = C.responseFromFields(state.item, fields);
      if (parsed.error) return;
      var correction = C.correct(state.item, parsed.response);
      if (!correction || correction.error) return;
      var id = O.uuid7();
      var at = Date.now();
      var payload = new URLSearchParams(fields);
      payload.set('event_id', id);
      payload.set('answered_at', String(at));
      // The streak is kept apart from the outbox: sending an answer must not take it
      // out of the count (the page shown still says what the server knew before it).
      var misses;
      return O.streak(user, state.id).then(function (device) {
        misses = O.missesInARow(device, state.page, !correction.correct);
        return O.queue({
          id: id,
          user: user,
          url: form.getAttribute('action'),
          body: payload.toString(),
          kind: 'answer',
          item: state.id
        });
      }).then(function () {
        return O.noteAnswer(user, state.id, misses, at);
      }).then(function () {
        if (helpShown(correction.correct, misses, false).key) return queueShowing(form, state, at);
      }).then(function () {
        state.last = { correction: correction, misses: misses, at: at };
        showResult(form, state, false);
        return O.showBanner();
      });
    }).catch(function () {});
  }

  // "Show the answer" without network: the device's result drawn again with the answer,
  // or the answer added under the saved page's result.
  function showAnswer(form, state) {
    if (state.last) {
      queueShowing(form, state, state.last.at).catch(function () {});
      return showResult(form, state, true);
    }
    var section = form.closest('section') || form.parentNode;
    var box = section.querySelector('.result');
    if (!box) return;
    queueShowing(form, state, 0).catch(function () {});
    Array.prototype.forEach.call(box.querySelectorAll('.key, .solution'), function (n) {
      if (n.previousElementSibling && n.previousElementSibling.tagName === 'H4') n.previousElementSibling.remove();
      n.remove();
    });
    Array.prototype.forEach.call(box.querySelectorAll('p.hint'), function (n) {
      if (n.textContent === S.answer_later) n.remove();
    });
    appendAnswer(box, state.key, state.item.solution, true);
    setAskButton(form, false);
  }

  // The right answer (as the set page writes it) and the worked solution.
  function appendAnswer(box, key, solution, withKey) {
    if (withKey && key.length) {
      box.appendChild(el('h4', {}, [S.right_answer || '']));
      box.appendChild(el('ul', { class: 'key' }, key.map(function (l) {
        var parts = l.label ? [el('span', { dir: 'auto' }, [l.label]), ' : '] : [];
        return el('li', {}, parts.concat([el('span', { dir: 'auto' }, [l.text])]));
      })));
      box.appendChild(el('p', { class: 'hint' }, [S.counts_tomorrow || '']));
    }
    if (solution) {
      box.appendChild(el('h4', {}, [S.solution || '']));
      box.appendChild(el('div', { class: 'solution', dir: 'auto' }, [solution]));
    }
  }

  // The set page's "show the answer" button in the form, or none.
  function setAskButton(form, wanted) {
    var button = form.querySelector('button.show-answer');
    if (!wanted) {
      if (button) button.remove();
      return;
    }
    if (button) return;
    button = el('button', {
      type: 'submit',
      class: 'secondary show-answer',
      formaction: form.getAttribute('action').replace(/\/answer$/, '/show-answer'),
      formnovalidate: ''
    }, [S.show_answer || '']);
    form.appendChild(button);
  }

  // The correction above the form, as the server draws it (result.html) from what the
  // device knows: verdict and score, the hint, and the answer when the rule allows.
  function showResult(form, state, asked) {
    var c = state.last.correction;
    var shown = helpShown(c.correct, state.last.misses, asked);
    var section = form.closest('section') || form.parentNode;
    var old = section.querySelector('.result');
    if (old) old.remove();
    var verdict = c.correct ? 'right' : c.score > 0 ? 'partly' : 'wrong';
    var percent = Math.max(0, Math.min(100, Math.round(c.score * 100)));
    var box = el('div', { class: 'result ' + verdict, role: 'status' }, [
      el('h3', {}, [(S[verdict] || '') + ' · ' + text(S.score, { score: O.formatNumber(percent) })]),
      el('p', { class: 'hint' }, [S.answer_saved_offline || ''])
    ]);
    var feedback = (c.feedback || []).concat(c.general_feedback ? [c.general_feedback] : []);
    if (!c.correct) {
      box.appendChild(el('h4', {}, [S.hint_title || '']));
      if (!feedback.length) box.appendChild(el('p', { class: 'hint' }, [S.no_hint || '']));
    }
    box.appendChild(el('div', { class: 'hints' }, feedback.map(function (f) {
      return el('p', { class: 'feedback', dir: 'auto' }, [f]);
    })));
    appendAnswer(box, state.key, shown.solution ? c.solution : null, shown.key);
    if (shown.canAsk) box.appendChild(el('p', { class: 'hint' }, [S.answer_later || '']));
    form.parentNode.insertBefore(box, form);
    var submit = form.querySelector('button[type="submit"]:not(.show-answer)');
    if (submit && S.answer_again) submit.textContent = S.answer_again;
    setAskButton(form, shown.canAsk);
  }
})();
