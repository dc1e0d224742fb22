// The live page (issue 17): joins the session's Janus VideoRoom with janus.js, served from
// our origin, through `/janus` on our origin (data-server). Loaded on the join page only.
//
// Input: the data attributes of #live-room (room, pin, token, participant, display, role,
// mode; for the host also session and csrf), written by the server at join time. Every text
// shown comes from #live-strings (Arabic or French, from the page): nothing here is shown
// in English.
//
// - Everyone joins as a publisher first (the room demands a publisher's private id to
//   subscribe, and the engine counts attendance from the room's participants).
// - The host (role "moderator") publishes the screen at 5 frames a second, capped at
//   120 kbit/s, and the microphone capped at 24 kbit/s (about 150 kbit/s in all for whoever
//   follows); they can mute the microphone and stop or restart sharing.
// - A viewer may ask to speak: their microphone alone, capped at 24 kbit/s, sent only after
//   they press the button.
// - Everyone subscribes, on one connection, to the host's screen and sound ("screen and
//   sound", and "full", since nobody else sends video) or its sound only ("sound-only"),
//   and to the sound of whoever speaks.
// - The host's page lists whoever speaks, with "mute" and "remove": both post to Lawha
//   (/live/{id}/mute with the streams the room lists for that person, /live/{id}/remove),
//   which asks Janus with the room's secret; pages never hold it.
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
  // Publishers asked for (id → true), streams waiting for the subscriber, whether a
  // negotiation is under way, and what each received stream is (subscriber mid → feed).
  var asked = {};
  var queued = [];
  var negotiating = false;
  var received = {};
  var mic = null;
  var screen = null;
  var ended = false;

  // The host's exact id, from Lawha: anyone may join with an id that looks like a host's,
  // only Lawha can write this one (it is marked with the room's secret).
  function isHostId(id) {
    return !!d.host && String(id) === d.host;
  }

  // `why`: the status to leave on the page ('ended', or 'removed' when the host put this
  // person out).
  function end(why) {
    if (ended) return;
    ended = true;
    say(why || 'ended');
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
        if (up) capSenders();
      },
      // The connection closed (after `unpublish`): only now may a new one be offered, or
      // janus.js's cleanup would close that one too.
      oncleanup: stoppedSpeaking,
    });
  }

  function onPublisherMessage(msg, jsep) {
    var kind = msg.videoroom;
    if (jsep) publisher.handleRemoteJsep({ jsep: jsep });
    if (msg.error_code) {
      // A viewer's microphone refused (the room has as many speakers as it takes) is not
      // the page failing: they still follow.
      if (speakPending) speakRefused();
      else failed(msg.error_code + ' ' + msg.error);
      return;
    }
    if (msg.configured === 'ok' && speakPending) spoke();
    // The host muted (or let through) this page's microphone.
    if (msg.moderation && String(msg.id) === d.participant) {
      mutedByHost = msg.moderation === 'muted';
      if (!host && mic) say(mutedByHost ? 'muted' : 'speaking');
    }
    if (kind === 'joined') {
      privateId = msg.private_id;
      if (host) publish();
      else {
        say('waiting');
        offerToSpeak();
      }
      follow(msg.publishers);
    } else if (kind === 'destroyed') {
      end();
    } else if (kind === 'event') {
      if (msg.publishers) follow(msg.publishers);
      if (msg.leaving === 'ok' && msg.reason === 'kicked') {
        end('removed');
        return;
      }
      // Janus tells the others `kicked` (not `leaving`) for someone put out.
      var gone = msg.unpublished || msg.leaving || msg.kicked;
      if (gone && gone !== 'ok') feedGone(String(gone));
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

  // ---- Viewers: asking to speak ----
  //
  // The microphone is published only while the viewer speaks, and unpublished when they
  // stop: a room holds a limited number of publishers, and nothing is sent otherwise.

  var speakButton = null;
  var speakPending = false;
  var stopping = false;
  var mutedByHost = false;

  function offerToSpeak() {
    var controls = document.getElementById('live-speak-controls');
    speakButton = document.getElementById('live-speak');
    if (!controls || !speakButton) return;
    controls.hidden = false;
    speakButton.addEventListener('click', function () {
      if (speakPending || stopping) return;
      if (mic) stopSpeaking();
      else startSpeaking();
    });
  }

  function showSpeaking(on) {
    speakButton.textContent = on ? t.speakStop : t.speakStart;
    speakButton.setAttribute('aria-pressed', String(on));
    speakButton.disabled = false;
  }

  async function startSpeaking() {
    speakPending = true;
    speakButton.disabled = true;
    try {
      var voice = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      mic = voice.getAudioTracks()[0];
    } catch (e) {
      speakRefused();
      return;
    }
    publisher.createOffer({
      tracks: [{ type: 'audio', capture: mic, recv: false }],
      success: function (jsep) {
        publisher.send({ message: { request: 'configure', audio: true }, jsep: jsep });
      },
      error: speakRefused,
    });
  }

  // Janus took the microphone (`configured`).
  function spoke() {
    speakPending = false;
    mutedByHost = false;
    showSpeaking(true);
    say('speaking');
  }

  function speakRefused() {
    speakPending = false;
    if (mic) mic.stop();
    mic = null;
    if (speakButton) showSpeaking(false);
    say('speak-refused');
  }

  function stopSpeaking() {
    stopping = true;
    speakButton.disabled = true;
    publisher.send({ message: { request: 'unpublish' } });
    if (mic) mic.stop();
    mic = null;
    say(hostFeed ? 'live' : 'waiting');
    // Should Janus never hang up, the button comes back all the same.
    setTimeout(stoppedSpeaking, 5000);
  }

  function stoppedSpeaking() {
    if (!stopping) return;
    stopping = false;
    showSpeaking(false);
  }

  // ---- Everyone: the host's screen and sound, and the sound of whoever speaks ----

  // The streams of `feed` this page wants: the host's sound and (unless "sound only") its
  // screen; anyone else's sound only.
  function wanted(feed) {
    var fromHost = isHostId(feed.id);
    return (feed.streams || [])
      .filter(function (s) {
        return !s.disabled && (s.type === 'audio' || (fromHost && s.type === 'video' && !soundOnly));
      })
      .map(function (s) {
        return { feed: feed.id, mid: s.mid };
      });
  }

  function follow(list) {
    (list || []).forEach(function (feed) {
      var id = String(feed.id);
      if (id === d.participant || asked[id] || !feed.streams || !feed.streams.length) return;
      asked[id] = true;
      if (isHostId(id)) hostFeed = feed;
      else if (host) listSpeaker(feed);
      var streams = wanted(feed);
      if (streams.length) queued.push({ feed: id, streams: streams });
    });
    negotiate();
  }

  function feedGone(id) {
    if (!asked[id]) return;
    delete asked[id];
    queued = queued.filter(function (q) {
      return q.feed !== id;
    });
    // Janus takes the feed's streams off the subscription and offers again by itself.
    if (hostFeed && String(hostFeed.id) === id) hostLeft();
    var item = document.querySelector('#live-people li[data-feed="' + CSS.escape(id) + '"]');
    if (item) item.remove();
    var people = document.getElementById('live-people');
    if (people && !people.querySelector('li')) people.hidden = true;
  }

  function hostLeft() {
    hostFeed = null;
    var video = document.getElementById('live-screen');
    if (video) video.hidden = true;
    if (!ended) say('waiting');
  }

  // One negotiation at a time, one feed at a time (Janus refuses a whole request when one
  // of its feeds has just left): the first feed joins the subscription, later ones are
  // added to it; each offer from Janus is answered and the next feed goes.
  var asking = null;

  function negotiate() {
    if (negotiating || !queued.length || !privateId || ended) return;
    asking = queued.shift();
    negotiating = true;
    if (subscriber && subscribed) {
      subscriber.send({ message: { request: 'subscribe', streams: asking.streams } });
    } else {
      attachSubscriber(asking.streams);
    }
  }

  function negotiated() {
    negotiating = false;
    asking = null;
    negotiate();
  }

  // Whether the subscription's first join went through.
  var subscribed = false;

  function attachSubscriber(streams) {
    if (subscriber) subscriber.detach();
    subscriber = null;
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
      onmessage: onSubscriberMessage,
      webrtcState: function (up) {
        if (up) room.livePeer = subscriber.webrtcStuff.pc;
      },
      onremotetrack: onTrack,
    });
  }

  // Janus's "no such feed": the feed asked for left meanwhile.
  var NO_SUCH_FEED = 428;

  function onSubscriberMessage(msg, jsep) {
    if (msg.error_code) {
      // A feed that left meanwhile only loses that feed (its `leaving` follows); anything
      // else on the subscription's first join is the page failing.
      if (asking) delete asked[asking.feed];
      if (msg.error_code === NO_SUCH_FEED || subscribed) negotiated();
      else failed(msg.error_code + ' ' + msg.error);
      return;
    }
    if (msg.videoroom === 'attached') subscribed = true;
    (msg.streams || []).forEach(function (s) {
      if (s.mid !== undefined) received[s.mid] = { feed: String(s.feed_id), type: s.type };
    });
    if (!jsep) {
      if (msg.videoroom === 'updated') negotiated();
      return;
    }
    subscriber.createAnswer({
      jsep: jsep,
      tracks: [],
      success: function (answer) {
        subscriber.send({ message: { request: 'start', room: d.room }, jsep: answer });
        negotiated();
      },
      error: failed,
    });
  }

  function onTrack(track, mid, on) {
    var from = received[mid];
    var fromHost = !from || isHostId(from.feed);
    if (track.kind === 'video' || fromHost) {
      if (!on) return;
      var el = document.getElementById(track.kind === 'video' ? 'live-screen' : 'live-sound');
      if (!el) return;
      play(el, track);
      if (!host && !(mic && mic.enabled)) say('live');
      return;
    }
    // Someone else's voice: an audio element of its own while it lasts.
    var voice = document.querySelector('audio[data-mid="' + CSS.escape(mid) + '"]');
    if (!on) {
      if (voice) voice.remove();
      return;
    }
    if (!voice) {
      voice = document.createElement('audio');
      voice.dataset.mid = mid;
      voice.autoplay = true;
      room.appendChild(voice);
    }
    play(voice, track);
  }

  function play(el, track) {
    el.srcObject = new MediaStream([track]);
    el.hidden = false;
    var played = el.play();
    if (played && played.catch) played.catch(function () {});
  }

  // ---- The host: who speaks, muted or removed through Lawha ----

  function listSpeaker(feed) {
    var people = document.getElementById('live-people');
    var list = people && people.querySelector('ul');
    if (!list) return;
    var id = String(feed.id);
    var item = document.createElement('li');
    item.dataset.feed = id;
    var name = document.createElement('span');
    name.dir = 'auto';
    name.textContent = feed.display || '';
    var mute = document.createElement('button');
    mute.type = 'button';
    mute.className = 'live-mute';
    mute.textContent = t.muteOther;
    mute.setAttribute('aria-pressed', 'false');
    var out = document.createElement('button');
    out.type = 'button';
    out.className = 'live-remove danger';
    out.textContent = t.removeOther;
    var note = document.createElement('span');
    note.className = 'hint';
    note.setAttribute('role', 'status');
    var mids = (feed.streams || []).map(function (s) {
      return s.mid;
    });
    mute.addEventListener('click', function () {
      var muting = mute.getAttribute('aria-pressed') !== 'true';
      moderate(note, 'mute', { participant: id, streams: mids.join(','), mute: String(muting) }, function () {
        mute.setAttribute('aria-pressed', String(muting));
        mute.textContent = muting ? t.unmuteOther : t.muteOther;
      });
    });
    out.addEventListener('click', function () {
      moderate(note, 'remove', { participant: id }, function () {
        feedGone(id);
      });
    });
    item.append(name, ' ', mute, ' ', out, ' ', note);
    list.appendChild(item);
    people.hidden = false;
  }

  // Posts a moderation to Lawha (the session's CSRF token in the form, as the page's own
  // forms do), naming the participant as the room shows them: Lawha acts on exactly that
  // participant. Muting answers 204; removing redirects to the session page (not followed).
  function moderate(note, what, fields, done) {
    fields.csrf = d.csrf;
    note.textContent = '';
    fetch('/live/' + encodeURIComponent(d.session) + '/' + what, {
      method: 'POST',
      credentials: 'same-origin',
      redirect: 'manual',
      body: new URLSearchParams(fields),
    })
      .then(function (res) {
        var ok = what === 'mute' ? res.status === 204 : res.type === 'opaqueredirect';
        if (ok) done();
        else note.textContent = t.actionFailed;
      })
      .catch(function () {
        note.textContent = t.actionFailed;
      });
  }

  window.addEventListener('pagehide', function () {
    if (janus && !ended) janus.destroy({ unload: true });
  });
})();
