// Lawha's resumable uploader for the studio. Without JavaScript the form sends the whole
// file at once; with it, the file goes in chunks over the tus protocol (POST /uploads, then
// PATCH at the offset the server confirms), so a cut connection resumes where it stopped
// instead of starting again, even after reloading the page.
(function () {
  'use strict';
  var form = document.getElementById('video-upload');
  if (!form || !window.fetch || !window.File) return;
  var input = form.querySelector('input[type="file"]');
  var bar = document.getElementById('upload-progress');
  var status = document.getElementById('upload-status');
  var CHUNK = 4 * 1024 * 1024;
  var csrf = '?csrf=' + encodeURIComponent(form.dataset.csrf);
  var TUS = { 'Tus-Resumable': '1.0.0' };

  function b64(text) { return btoa(unescape(encodeURIComponent(text))); }
  function say(text) { status.textContent = text; }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function key(file) { return 'lawha-upload:' + form.dataset.capsule + ':' + file.name + ':' + file.size + ':' + file.lastModified; }

  async function create(file) {
    var r = await fetch('/uploads' + csrf, {
      method: 'POST',
      credentials: 'same-origin',
      headers: Object.assign({
        'Upload-Length': String(file.size),
        'Upload-Metadata': 'capsule ' + b64(form.dataset.capsule) + ',filename ' + b64(file.name)
      }, TUS)
    });
    if (r.status !== 201) throw new Error('create ' + r.status);
    return r.headers.get('Location');
  }

  async function offset(url) {
    var r = await fetch(url, { method: 'HEAD', credentials: 'same-origin', headers: TUS });
    if (!r.ok) return null;
    return parseInt(r.headers.get('Upload-Offset'), 10);
  }

  async function send(file) {
    var stored = localStorage.getItem(key(file));
    var url = stored;
    var at = stored ? await offset(stored) : null;
    if (at === null) { url = await create(file); at = 0; }
    localStorage.setItem(key(file), url);
    var failures = 0;
    while (at < file.size) {
      bar.value = Math.floor(100 * at / file.size);
      say(bar.value + ' %');
      try {
        var r = await fetch(url + csrf, {
          method: 'PATCH',
          credentials: 'same-origin',
          headers: Object.assign({ 'Upload-Offset': String(at), 'Content-Type': 'application/offset+octet-stream' }, TUS),
          body: file.slice(at, at + CHUNK)
        });
        if (r.status === 204) {
          at = parseInt(r.headers.get('Upload-Offset'), 10);
          failures = 0;
          var page = r.headers.get('Lawha-Capsule-Page');
          if (at >= file.size) { localStorage.removeItem(key(file)); return page; }
          continue;
        }
        if (r.status === 409) { at = await offset(url); continue; }
        throw new Error('patch ' + r.status);
      } catch (e) {
        failures += 1;
        if (failures > 8) throw e;
        say(form.dataset.retrying || '…');
        await sleep(Math.min(30000, 1000 * Math.pow(2, failures)));
        var now = await offset(url).catch(function () { return null; });
        if (now !== null) at = now;
      }
    }
    return null;
  }

  form.addEventListener('submit', function (e) {
    var file = input.files && input.files[0];
    if (!file || file.size === 0) return; // the server explains an empty file
    e.preventDefault();
    bar.hidden = false;
    form.querySelector('button[type="submit"]').disabled = true;
    send(file).then(function (page) {
      bar.value = 100;
      location.href = page || location.pathname;
    }, function () {
      form.querySelector('button[type="submit"]').disabled = false;
      say(form.dataset.failed || '✗');
    });
  });
})();
