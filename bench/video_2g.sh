#!/usr/bin/env bash
# Video on 2G (issue: national traffic, goal 5): what each rung of the HLS ladder costs a pupil.
# Transcodes a realistic lesson through the real pipeline (`lawha_media::process`, via
# crates/media/examples/bench_ingest.rs) and records, per rendition, the bitrate with
# everything included (MPEG-TS, PES and ADTS headers, tables), the peak BANDWIDTH of the
# master playlist, the data used per capsule-minute and the weight of the opening segments a
# player waits for. Appends a dated section to bench/RESULTS.md.
#
#   bash bench/video_2g.sh
#
# The source: BENCH_SOURCE_SECONDS (60) of 1280x720 25 fps testsrc2 (a busy moving picture,
# harder to compress than a slide lesson) with a synthetic voice reading a lesson (ffmpeg's
# flite filter, looped; a syllable-rate modulated tone where ffmpeg has no flite) at about
# −23 LUFS, stereo AAC in an H.264 MP4 like a phone upload.
#
# Knobs (environment): BENCH_SOURCE_SECONDS=60, BENCH_NOTES="" (appended as "Notes: …"),
# BENCH_RESULTS=bench/RESULTS.md (where the section goes; /dev/null for a trial).
# Not part of scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$ROOT/bench/lib.sh"

SRC_SECS="${BENCH_SOURCE_SECONDS:-60}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"
# The link of the goal: 50 kbit/s, 300 ms round trip.
LINK_KBPS=50
RTT_S=0.3

[[ "$SRC_SECS" =~ ^[0-9]+$ ]] && [ "$SRC_SECS" -ge 10 ] && [ "$SRC_SECS" -le 600 ] || die "BENCH_SOURCE_SECONDS must be 10..600"

bench_tools python3
bench_ffmpeg
# The release build bench/ingest_media.sh uses too (bytes, not speed, are measured here).
EXAMPLE="$(bench_example lawha-media bench_ingest)"

# --- the source --------------------------------------------------------------
LESSON="Bonjour. Aujourd'hui nous étudions les fractions. Une fraction est une partie d'un tout. \
Quand on coupe un gâteau en quatre parts égales, chaque part est un quart. Le nombre du haut \
est le numérateur, le nombre du bas est le dénominateur. Regardons ensemble quelques exemples \
au tableau. Deux quarts, c'est la même chose qu'une moitié. Trois quarts, c'est plus qu'une \
moitié. Maintenant, faites l'exercice seuls, puis vérifiez votre réponse avec le professeur."
VOICE="$TMP/voice.wav"
FILTERS="$(ffmpeg -hide_banner -filters 2>/dev/null)" || die "ffmpeg -filters failed"
if grep -q ' flite ' <<<"$FILTERS"; then
    VOICE_KIND="synthetic voice (flite, slt) reading a lesson, looped"
    ffmpeg -hide_banner -nostdin -v error -y -f lavfi -i "flite=text='${LESSON//\'/}':voice=slt" "$VOICE" \
        || die "ffmpeg could not synthesise the voice"
else
    VOICE_KIND="a 150 Hz buzz with its harmonics, cut into 4 Hz syllables with pauses (no flite here)"
    ffmpeg -hide_banner -nostdin -v error -y -f lavfi \
        -i "aevalsrc='0.4*sin(2*PI*150*t)*sin(2*PI*4*t)^2*lt(mod(t,7),5)+0.1*sin(2*PI*450*t)*sin(2*PI*4*t)^2':s=16000:d=20" \
        "$VOICE" || die "ffmpeg could not make the voice"
fi
SOURCE="$TMP/source.mp4"
step "making a ${SRC_SECS} s 1280x720 25 fps source with a voice"
ffmpeg -hide_banner -nostdin -v error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=$SRC_SECS" \
    -stream_loop -1 -i "$VOICE" -t "$SRC_SECS" \
    -filter:a "aresample=48000,pan=stereo|c0=c0|c1=c0,loudnorm=I=-23:TP=-2:LRA=7" \
    -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -g 50 \
    -c:a aac -b:a 128k -ar 48000 -movflags +faststart "$SOURCE" || die "ffmpeg could not make the source"
DURATION="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$SOURCE")"

# --- the pipeline --------------------------------------------------------------
OUT="$TMP/capsule"
step "lawha_media::process"
"$EXAMPLE" process "$SOURCE" "$OUT" >"$TMP/process.txt" || die "process failed on the source"

# --- report --------------------------------------------------------------------
SECTION="$TMP/section.md"
BENCH_NOTES="${BENCH_NOTES:-}" python3 - "$OUT" "$DURATION" <<PY >"$SECTION"
import os, re, sys
out, duration = sys.argv[1], float(sys.argv[2])
link_bps, rtt = $LINK_KBPS * 1000, $RTT_S

master = open(os.path.join(out, "master.m3u8")).read()
variants = re.findall(r"#EXT-X-STREAM-INF:([^\n]*)\n([^\n]+)", master)
rows = []
for attrs, uri in variants:
    peak = int(re.search(r"(?:^|,)BANDWIDTH=(\d+)", attrs).group(1))
    name = uri.split("/")[0]
    playlist_path = os.path.join(out, uri)
    playlist = open(playlist_path).read()
    durations = [float(d) for d in re.findall(r"#EXTINF:([\d.]+)", playlist)]
    segments = [l for l in playlist.splitlines() if l and not l.startswith("#")]
    sizes = [os.path.getsize(os.path.join(out, name, s)) for s in segments]
    # What a pupil downloads to watch it all: the media playlist and every segment.
    used = sum(sizes) + os.path.getsize(playlist_path)
    avg_kbps = sum(sizes) * 8 / sum(durations) / 1000
    mb_per_min = used / duration * 60 / 1e6
    # A player starts once its first two segments are in (Chromium's own HLS player).
    opening_s, opening_b = sum(durations[:2]), sum(sizes[:2])
    wait = 2 * rtt + opening_b * 8 / link_bps
    rows.append((name, avg_kbps, peak / 1000, mb_per_min, len(segments) / duration * 60,
                 opening_s, opening_b, wait))
mp4 = os.path.getsize(os.path.join(out, "download.mp4"))

goals = {"144p": (100, 1.0), "audio": (32, 0.25)}
def verdict(name, kbps, peak, mb):
    if name not in goals:
        return ""
    limit_kbps, limit_mb = goals[name]
    ok = kbps <= limit_kbps and peak <= limit_kbps and mb <= limit_mb
    return f"≤ {limit_kbps} kbit/s, ≤ {limit_mb} MB: " + ("**met**" if ok else "**missed**")

print("## $(date -u '+%Y-%m-%d %H:%M UTC') — video on 2G: data per rung (commit $(bench_commit))")
print()
print("- Machine: $(bench_machine)")
print(f"- Source: {duration:.1f} s of 1280x720 25 fps testsrc2 with $VOICE_KIND, about −23 LUFS, "
      "stereo AAC 128 kbit/s in an H.264 MP4; ffmpeg $(ffmpeg -version | head -n 1 | awk '{print $3}')")
print("- Pipeline: \`lawha_media::process\` (the upload job's ladder run, through crates/media/examples/bench_ingest.rs)")
print(f"- Bitrates include everything in the segments (MPEG-TS packets, PES and ADTS headers, tables); "
      f"MB per minute adds the media playlist; \"opening\" is the first two segments, which Chromium's "
      f"own HLS player waits for, and its wait is their transfer at {link_bps // 1000} kbit/s plus two "
      f"{rtt * 1000:.0f} ms round trips (the page itself and the playlist come before it)")
print()
print("| rung | average kbit/s | peak (BANDWIDTH) kbit/s | MB per capsule-minute | requests per minute | opening | opening on 2G | goal |")
print("|---|---:|---:|---:|---:|---:|---:|---|")
for name, kbps, peak, mb, req, opening_s, opening_b, wait in rows:
    print(f"| {name} | {kbps:.1f} | {peak:.1f} | {mb:.3f} | {req:.0f} | {opening_s:.1f} s, {opening_b / 1000:.1f} kB | {wait:.1f} s | {verdict(name, kbps, peak, mb)} |")
print(f"| download.mp4 (no-JavaScript fallback, 144p) | {mp4 * 8 / duration / 1000:.1f} | — | {mp4 / duration * 60 / 1e6:.3f} | 1 | — | — | |")
print()
notes = os.environ.get("BENCH_NOTES", "").strip()
if notes:
    print("Notes: " + notes)
    print()
PY

bench_append "$SECTION"
