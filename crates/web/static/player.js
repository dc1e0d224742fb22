// Lawha's player. Without JavaScript the <video> plays the small MP4; this script takes the
// MP4 away before anything asks for it and plays HLS instead (native where the browser has
// it, else the vendored hls.js, loaded when play is pressed) with the viewer's data-saver
// choice, resumes where they stopped, switches rendition when the choice changes, reports
// watching progress (each report has its own id, so a retried report counts once) and
// reports playback that fails (a code, for the hotline).
(function () {
  'use strict';
  var video = document.getElementById('player');
  if (!video) return;
  var d = video.dataset;
  var hls = null;
  var seen = {};
  var REPORT_EVERY_MS = 15000;

  // The lowest rung's thumbnail (data-poster) once the page has loaded, and only if the
  // video has not started by then: on a slow link it would otherwise share the line with
  // this script and the first segments, and once playing it is never seen.
  function latePoster() {
    if (d.poster && video.paused) video.poster = d.poster;
  }
  if (document.readyState === 'complete') latePoster();
  else window.addEventListener('load', latePoster);

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // The rung of this capsule the pupil saved for offline use (saved.js), looked up when play
  // is pressed without network: then it plays whatever the choice, through hls.js, which
  // the worker feeds from the saved files.
  var saved = null;
  var user = document.body.dataset.user;
  function findSaved() {
    var offline = window.LawhaOffline;
    if (navigator.onLine || !offline || !user || !window.caches) return Promise.resolve(null);
    var name = offline.savedCache(user);
    return caches.has(name).then(function (has) {
      if (!has) return null;
      return caches.open(name).then(function (cache) {
        return [d.audio, d.lowest].filter(Boolean).reduce(function (found, url) {
          return found.then(function (f) { return f || cache.match(url).then(function (hit) { return hit ? url : null; }); });
        }, Promise.resolve(null));
      });
    }).catch(function () { return null; });
  }
  function playingSaved() { return saved !== null && !navigator.onLine; }

  function sourceFor(choice) {
    if (playingSaved()) return saved;
    if (choice === 'audio' && d.audio) return d.audio;
    if (choice === 'lowest' || choice === 'audio') return d.lowest;
    return d.master;
  }

  // `#hlsjs` in the address forces hls.js (tests and support use it to compare engines).
  function useNative() {
    if (playingSaved()) return false;
    return location.hash !== '#hlsjs' && video.canPlayType('application/vnd.apple.mpegurl') !== '';
  }

  function whenReady(at, play) {
    video.addEventListener('loadedmetadata', function once() {
      video.removeEventListener('loadedmetadata', once);
      if (at > 0) video.currentTime = at;
      if (play) video.play().catch(function () {});
    });
  }

  function load(choice, at, play) {
    var url = sourceFor(choice);
    d.current = choice;
    if (hls) { hls.destroy(); hls = null; }
    if (useNative()) {
      d.engine = 'native';
      whenReady(at, false);
      video.src = url;
      video.load();
      // At once rather than once loaded: with preload="none" nothing loads before play.
      if (play) video.play().catch(function () {});
    } else if (window.Hls && window.Hls.isSupported()) {
      d.engine = 'hls.js';
      hls = new window.Hls({ enableWorker: false, startPosition: at > 0 ? at : -1, capLevelToPlayerSize: true, startLevel: 0 });
      if (play) hls.on(window.Hls.Events.MANIFEST_PARSED, function () { video.play().catch(function () {}); });
      hls.on(window.Hls.Events.ERROR, function (_, data) {
        if (!data || !data.fatal) return;
        reportFailure(data.type === 'networkError' ? 'hls_network' : data.type === 'mediaError' ? 'hls_media' : 'hls_other');
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    } else {
      d.engine = 'mp4';
    }
  }

  // Nothing is fetched before the pupil presses play (data costs money), and the MP4 is
  // never started only to be abandoned: its <source> goes before anything asks for it (the
  // video has preload="none"). An empty MediaSource stands in until play, since a video
  // without a source has no play button and Chromium's own HLS player fetches its first
  // segments at once whatever preload says; the first play then loads HLS natively, or
  // hls.js first. Without MediaSource (older iPhones) native HLS is the source at once,
  // which Safari leaves alone until play. If the pupil pressed play before this script
  // arrived, the MP4 already plays: keep it.
  var sources = Array.prototype.slice.call(video.querySelectorAll('source'));
  var start = parseFloat(d.start || '0') || 0;
  var upgraded = false;
  var started = !video.paused || video.networkState === video.NETWORK_LOADING;
  if (started || !(useNative() || 'MediaSource' in window)) {
    d.engine = 'mp4';
  } else {
    sources.forEach(function (s) { s.remove(); });
    if ('MediaSource' in window) {
      video.src = URL.createObjectURL(new MediaSource());
      video.addEventListener('play', upgrade);
    } else {
      upgraded = true;
      load(d.current || d.saver || 'auto', start, false);
    }
  }

  // Where the pupil is: the resume point until the video has loaded anything.
  function position() {
    return upgraded && video.readyState > 0 ? video.currentTime : start;
  }

  function upgrade() {
    if (upgraded) return;
    upgraded = true;
    findSaved().then(function (url) {
      saved = url;
      startPlaying();
    });
  }

  function startPlaying() {
    var choice = d.current || d.saver || 'auto';
    if (useNative()) {
      load(choice, start, true);
      return;
    }
    var script = document.createElement('script');
    script.src = d.hlsScript;
    script.onload = function () { load(choice, start, true); };
    script.onerror = function () {
      // hls.js could not be fetched: back to the MP4.
      d.engine = 'mp4';
      video.removeAttribute('src');
      sources.forEach(function (s) { video.appendChild(s); });
      video.load();
      whenReady(start, true);
    };
    document.head.appendChild(script);
  }

  // The data-saver form: saved in the background, applied at once where the video is.
  var form = document.getElementById('saver');
  if (form) {
    form.addEventListener('change', function (e) {
      if (!e.target || e.target.name !== 'data_saver') return;
      var body = new URLSearchParams(new FormData(form));
      body.set('js', '1'); // answered with 204 instead of the page again
      fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin' });
      if (upgraded) load(e.target.value, position(), !video.paused);
      else d.current = e.target.value;
    });
    var button = form.querySelector('button[type="submit"]');
    if (button) button.hidden = true;
  }

  // Playback that fails is reported, once per page and kind, for the hotline agent who may
  // help later: a code and the rendition from fixed lists (the server refuses anything
  // else), never the browser's message, which can quote addresses or devices.
  var failures = {};
  var MEDIA_ERRORS = { 1: 'aborted', 2: 'network', 3: 'decode', 4: 'unsupported' };
  function rendition() {
    if (playingSaved()) return 'saved';
    if (d.engine === 'mp4') return 'mp4';
    var choice = d.current || d.saver || 'auto';
    return choice === 'lowest' || choice === 'audio' ? choice : 'auto';
  }
  function reportFailure(code) {
    if (!d.playbackError || failures[code] || !navigator.onLine) return;
    failures[code] = true;
    var body = new URLSearchParams({ code: code, rendition: rendition() });
    fetch(d.playbackError, { method: 'POST', body: body, credentials: 'same-origin', keepalive: true }).catch(function () {});
  }
  video.addEventListener('error', function () {
    // No source at all (taken away while switching engines) is not a failure to play.
    if (!video.error || !video.currentSrc) return;
    var code = MEDIA_ERRORS[video.error.code];
    if (code) reportFailure(code);
  });

  // Watching progress.
  if (!d.progress) return;
  video.addEventListener('timeupdate', function () { seen[Math.floor(video.currentTime)] = true; });
  function report(beacon) {
    var duration = video.duration;
    if (!isFinite(duration) || duration <= 0) return;
    var watched = Math.min(100, 100 * Object.keys(seen).length / Math.ceil(duration));
    var body = new URLSearchParams({
      event_id: uuid(),
      position_ms: String(Math.round(video.currentTime * 1000)),
      watched_pct: watched.toFixed(1)
    });
    if (!navigator.onLine && keep(body)) return;
    if (beacon && navigator.sendBeacon) {
      navigator.sendBeacon(d.progress, body);
    } else {
      fetch(d.progress, { method: 'POST', body: body, credentials: 'same-origin', keepalive: true }).catch(function () { keep(body); });
    }
  }
  // Without network, the report waits on the device with its id (shell.js sends it when
  // the network returns; the server counts it once). `watched_at` keeps when it happened.
  function keep(body) {
    var offline = window.LawhaOffline;
    if (!offline || !user) return false;
    body.set('watched_at', String(Date.now()));
    offline.queue({ id: body.get('event_id'), user: user, url: d.progress.split('?')[0], body: body.toString(), kind: 'watch' });
    return true;
  }
  var timer = null;
  video.addEventListener('play', function () { timer = timer || setInterval(function () { report(false); }, REPORT_EVERY_MS); });
  video.addEventListener('pause', function () { clearInterval(timer); timer = null; report(false); });
  video.addEventListener('ended', function () { report(false); });
  window.addEventListener('pagehide', function () { if (!video.paused) report(true); });
})();
