// The live page (issue 17): joins the session's Janus VideoRoom with janus.js, served from
// our origin, through `/janus` on our origin (data-server). Loaded on the join page only.
//
// Input: the data attributes of #live-room (room, pin, token, participant, display, role,
// mode), written by the server at join time. Every text shown comes from #live-strings
// (Arabic or French, from the page): nothing here is shown in English.
//
// - Everyone joins as a publisher first (the room demands a publisher's private id to
//   subscribe, and the engine counts attendance from the room's participants).
// - The host (role "moderator") publishes the screen at 5 frames a second, capped at
//   120 kbit/s, and the microphone capped at 24 kbit/s (about 150 kbit/s in all for whoever
//   follows); they can mute the microphone and stop or restart sharing.
// - Viewers subscribe to the host's feed only (no cameras): its screen and sound ("screen
//   and sound", and "full", since nobody else publishes), or its sound only ("sound-only").
//
// For the browser test only, #live-room's `livePeer` property is the subscriber's
// RTCPeerConnection (for its statistics), and data-state says where the page is.
(function () {
  'use strict';
  var room = document.getElementById('live-room');
  var strings = document.getElementById('live-strings');
  var status = document.getElementById('live-status');
  if (!room || !strings || !status) return;
  var d = room.dataset;
  var t = strings.dataset;
  var host = d.role === 'moderator';
  var soundOnly = d.mode === 'sound-only';
  var SCREEN_FPS = 5;
  var SCREEN_BPS = 120000;
  var MIC_BPS = 24000;

  // `key` as in #live-strings' attributes (data-share-refused: "share-refused").
  function say(key) {
    var name = key.replace(/-([a-z])/g, function (_, c) {
      return c.toUpperCase();
    });
    status.textContent = t[name] || '';
    room.dataset.state = key;
  }

  if (typeof window.Janus !== 'function' || !window.RTCPeerConnection) {
    say('unsupported');
    return;
  }

  // janus.js asks an `adapter` (webrtc-adapter) only which browser it runs in.
  function browserDetails() {
    var ua = navigator.userAgent;
    var m;
    if ((m = ua.match(/Firefox\/(\d+)/))) return { browser: 'firefox', version: +m[1] };
    if ((m = ua.match(/Chrom(?:e|ium)\/(\d+)/))) return { browser: 'chrome', version: +m[1] };
    if ((m = ua.match(/Version\/(\d+).*Safari/))) return { browser: 'safari', version: 605 };
    return { browser: 'chrome', version: 0 };
  }

  var janus = null;
  var publisher = null;
  var subscriber = null;
  var privateId = null;
  var hostFeed = null;
  var mic = null;
  var screen = null;
  var ended = false;

  // The host's exact id, from Lawha: anyone may join with an id that looks like a host's,
  // only Lawha can write this one (it is marked with the room's secret).
  function isHostId(id) {
    return !!d.host && String(id) === d.host;
  }

  function end() {
    if (ended) return;
    ended = true;
    say('ended');
    if (screen) screen.stop();
    if (mic) mic.stop();
    if (janus) janus.destroy({ unload: true });
  }

  // The cause stays in data-error for whoever debugs (it is never shown).
  function failed(cause) {
    if (ended) return;
    room.dataset.error = String((cause && (cause.error || cause.message)) || cause || '');
    say('failed');
  }

  window.Janus.init({
    debug: false,
    dependencies: window.Janus.useDefaultDependencies({ adapter: { browserDetails: browserDetails() } }),
    callback: function () {
      janus = new window.Janus({
        server: d.server,
        // The proxy on our origin wants the session cookie (janus.js omits it otherwise).
        withCredentials: true,
        success: attachPublisher,
        error: failed,
        destroyed: function () {},
      });
    },
  });

  function attachPublisher() {
    janus.attach({
      plugin: 'janus.plugin.videoroom',
      success: function (handle) {
        publisher = handle;
        handle.send({
          message: {
            request: 'join',
            ptype: 'publisher',
            room: d.room,
            pin: d.pin,
            token: d.token,
            id: d.participant,
            display: d.display,
          },
        });
      },
      error: failed,
      onmessage: onPublisherMessage,
      webrtcState: function (up) {
        if (up && host) capSenders();
      },
    });
  }

  function onPublisherMessage(msg, jsep) {
    var kind = msg.videoroom;
    if (jsep) publisher.handleRemoteJsep({ jsep: jsep });
    if (msg.error_code) {
      failed(msg.error_code + ' ' + msg.error);
      return;
    }
    if (kind === 'joined') {
      privateId = msg.private_id;
      if (host) publish();
      else {
        say('waiting');
        lookForHost(msg.publishers);
      }
    } else if (kind === 'destroyed') {
      end();
    } else if (kind === 'event') {
      if (msg.publishers) lookForHost(msg.publishers);
      var gone = msg.unpublished || msg.leaving;
      if (gone && hostFeed && String(gone) === String(hostFeed.id)) hostLeft();
    }
  }

  // ---- Host: the screen at a slide-friendly rate, and the microphone ----

  async function publish() {
    try {
      var media = navigator.mediaDevices;
      var shared = await media.getDisplayMedia({ video: { frameRate: { ideal: SCREEN_FPS, max: SCREEN_FPS } }, audio: false });
      screen = shared.getVideoTracks()[0];
      var voice = await media.getUserMedia({ audio: true, video: false });
      mic = voice.getAudioTracks()[0];
    } catch (e) {
      say('share-refused');
      return;
    }
    watchScreen(screen);
    publisher.createOffer({
      tracks: [
        { type: 'audio', capture: mic, recv: false },
        { type: 'screen', capture: screen, recv: false },
      ],
      success: function (jsep) {
        publisher.send({ message: { request: 'configure', audio: true, video: true }, jsep: jsep });
        showControls();
        say('sharing');
      },
      error: function () {
        say('share-refused');
      },
    });
  }

  function sender(kind) {
    var pc = publisher && publisher.webrtcStuff && publisher.webrtcStuff.pc;
    if (!pc) return null;
    return pc.getSenders().find(function (s) {
      return (s.track && s.track.kind === kind) || (s._lawhaKind === kind);
    }) || null;
  }

  // Caps what the host sends, which is what every viewer receives.
  function capSenders() {
    [['video', SCREEN_BPS, SCREEN_FPS], ['audio', MIC_BPS, 0]].forEach(function (c) {
      var s = sender(c[0]);
      if (!s) return;
      s._lawhaKind = c[0];
      var p = s.getParameters();
      if (!p.encodings || !p.encodings.length) p.encodings = [{}];
      p.encodings[0].maxBitrate = c[1];
      if (c[2]) p.encodings[0].maxFramerate = c[2];
      s.setParameters(p).catch(function () {});
    });
  }

  function showControls() {
    var controls = document.getElementById('live-controls');
    var micButton = document.getElementById('live-mic');
    var shareButton = document.getElementById('live-share');
    if (!controls || !micButton || !shareButton) return;
    controls.hidden = false;
    micButton.addEventListener('click', function () {
      if (!mic) return;
      mic.enabled = !mic.enabled;
      micButton.textContent = mic.enabled ? t.micMute : t.micUnmute;
      micButton.setAttribute('aria-pressed', String(!mic.enabled));
    });
    shareButton.addEventListener('click', function () {
      if (screen && screen.readyState === 'live') stopSharing();
      else restartSharing();
    });
  }

  function watchScreen(track) {
    // The browser's own "stop sharing" ends the track.
    track.addEventListener('ended', function () {
      if (screen === track) sharingStopped();
    });
  }

  function sharingStopped() {
    var b = document.getElementById('live-share');
    if (b) b.textContent = t.shareStart;
    say('not-sharing');
  }

  function stopSharing() {
    var s = sender('video');
    if (screen) screen.stop();
    if (s) s.replaceTrack(null);
    sharingStopped();
  }

  async function restartSharing() {
    var s = sender('video');
    if (!s) return;
    try {
      var shared = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: SCREEN_FPS, max: SCREEN_FPS } }, audio: false });
      screen = shared.getVideoTracks()[0];
    } catch (e) {
      say('share-refused');
      return;
    }
    watchScreen(screen);
    await s.replaceTrack(screen);
    capSenders();
    var b = document.getElementById('live-share');
    if (b) b.textContent = t.shareStop;
    say('sharing');
  }

  // ---- Viewers: the host's feed, screen and sound or sound only ----

  function lookForHost(list) {
    if (host || hostFeed || !list) return;
    var found = list.find(function (p) {
      return isHostId(p.id) && p.streams && p.streams.length;
    });
    if (found) subscribe(found);
  }

  function hostLeft() {
    hostFeed = null;
    if (subscriber) subscriber.detach();
    subscriber = null;
    delete room.livePeer;
    var video = document.getElementById('live-screen');
    if (video) video.hidden = true;
    if (!ended) say('waiting');
  }

  function subscribe(feed) {
    hostFeed = feed;
    var streams = feed.streams
      .filter(function (s) {
        return !s.disabled && (s.type === 'audio' || (s.type === 'video' && !soundOnly));
      })
      .map(function (s) {
        return { feed: feed.id, mid: s.mid };
      });
    janus.attach({
      plugin: 'janus.plugin.videoroom',
      success: function (handle) {
        subscriber = handle;
        handle.send({
          message: {
            request: 'join',
            ptype: 'subscriber',
            room: d.room,
            pin: d.pin,
            token: d.token,
            private_id: privateId,
            streams: streams,
          },
        });
      },
      error: failed,
      onmessage: function (msg, jsep) {
        if (msg.error_code) {
          failed(msg.error_code + ' ' + msg.error);
          return;
        }
        if (!jsep) return;
        subscriber.createAnswer({
          jsep: jsep,
          tracks: [],
          success: function (answer) {
            subscriber.send({ message: { request: 'start', room: d.room }, jsep: answer });
          },
          error: failed,
        });
      },
      webrtcState: function (up) {
        if (up) {
          room.livePeer = subscriber.webrtcStuff.pc;
          say('live');
        }
      },
      onremotetrack: function (track, mid, on) {
        if (!on) return;
        var el = document.getElementById(track.kind === 'video' ? 'live-screen' : 'live-sound');
        if (!el) return;
        el.srcObject = new MediaStream([track]);
        el.hidden = false;
        var played = el.play();
        if (played && played.catch) played.catch(function () {});
      },
    });
  }

  window.addEventListener('pagehide', function () {
    if (janus && !ended) janus.destroy({ unload: true });
  });
})();
