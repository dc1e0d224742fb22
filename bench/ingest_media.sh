#!/usr/bin/env bash
# Ingest speed (issue: capsules): `lawha_media::process` on a realistic upload against a plain
# ffmpeg run of the same ladder, measured in the same run, alternating. Appends a dated
# section to bench/RESULTS.md.
#
#   bash bench/ingest_media.sh
#
# The source is made once: BENCH_SOURCE_SECONDS (60) of 1280x720 25 fps testsrc2 with a 1 kHz
# stereo tone, H.264 + AAC in MP4 (like a phone upload). Then, BENCH_RUNS (3) times each:
#   (a) process: crates/media/examples/bench_ingest.rs → lawha_media::process (probe with two
#       test decodes, EBU R128 loudness pass, the one-run ladder transcode, poster and
#       thumbnail, playlist measurement, master playlist, compliance report);
#   (b) plain: one ffmpeg command writing the same outputs — 144p/240p/360p/480p/720p HLS
#       with muxed audio, audio-only HLS, faststart download.mp4 — written by hand below
#       from what crates/media/src/outputs.rs builds. Before timing, the script runs (a)
#       once through a logging wrapper and checks that its hand-written output options are
#       exactly those process passed to ffmpeg; it stops if they differ.
# Then once: the stages through the public API (probe, measure_loudness, transcode) and the
# poster command alone, to say where the overhead comes from.
#
# Knobs (environment): BENCH_RUNS=3, BENCH_SOURCE_SECONDS=60, BENCH_NOTES="" (appended as
# "Notes: …"), BENCH_RESULTS=bench/RESULTS.md (where the section goes; /dev/null for a trial).
# Not part of scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$ROOT/bench/lib.sh"

RUNS="${BENCH_RUNS:-3}"
SRC_SECS="${BENCH_SOURCE_SECONDS:-60}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"

[[ "$RUNS" =~ ^[0-9]+$ ]] && [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 20 ] || die "BENCH_RUNS must be 1..20"
[[ "$SRC_SECS" =~ ^[0-9]+$ ]] && [ "$SRC_SECS" -ge 10 ] && [ "$SRC_SECS" -le 600 ] || die "BENCH_SOURCE_SECONDS must be 10..600"
[ -n "${EPOCHREALTIME:-}" ] || die "bash 5 or later is needed (EPOCHREALTIME)"

bench_tools python3
bench_ffmpeg
FFMPEG="$(command -v ffmpeg)"
EXAMPLE="$(bench_example lawha-media bench_ingest)"

# --- the source --------------------------------------------------------------
SOURCE="$TMP/source.mp4"
step "making a ${SRC_SECS} s 1280x720 25 fps source"
ffmpeg -hide_banner -nostdin -v error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=$SRC_SECS" \
    -f lavfi -i "sine=frequency=1000:sample_rate=48000:duration=$SRC_SECS" \
    -af "pan=stereo|c0=c0|c1=c0" \
    -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -g 50 \
    -c:a aac -b:a 128k -ar 48000 -movflags +faststart "$SOURCE" || die "ffmpeg could not make the source"
SOURCE_BYTES="$(stat -c %s "$SOURCE")"
DURATION="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$SOURCE")"

# --- the plain ffmpeg command, by hand from outputs.rs -------------------------
# For this source (1280x720, 25 fps, stereo 48 kHz) ladder.rs gives five rungs; 144p keeps one
# frame in two (12.5 fps, GOP 51), the others keep 25 fps (GOP 101); keyframes at 0, 1, 2 s,
# then every 4 s; the VBV buffer starts a tenth full. 144p and sound only carry the speech
# encoding (mono AAC-LC 20 kbit/s at 24 kHz after an 80 Hz high-pass); sound only is cut by the
# segment muxer at 0.5, 1, 2 s, then every 4 s.
KEYFRAMES='expr:gte(t,if(lt(n_forced,1),0,if(lt(n_forced,2),1,if(lt(n_forced,3),2,(n_forced-2)*4))))'
SPEECH=(-filter:a highpass=f=80 -c:a aac -b:a 20k -ac 1 -ar 24000)
A=()
rung() { # name width height framestep profile level crf video_kbps gop audio_kbps|speech [audio_channels]
    local vf="scale=$2:$3:flags=bicubic,setsar=1,format=yuv420p"
    [ "$4" -le 1 ] || vf="framestep=$4,$vf"
    A+=(-map 0:v:0 -map 0:a:0 -filter:v "$vf" -c:v libx264 -preset veryfast
        -profile:v "$5" -level:v "$6" -crf "$7" -maxrate "${8}k" -bufsize "${8}k"
        -rc_init_occupancy "$(( $8 * 100 ))"
        -force_key_frames "$KEYFRAMES" -forced-idr 1 -g "$9" -sc_threshold 0
        -max_muxing_queue_size 4096)
    if [ "${10}" = speech ]; then A+=("${SPEECH[@]}"); else A+=(-c:a aac -b:a "${10}k" -ac "${11}" -ar 48000); fi
}
hls() { # dir name
    A+=(-f hls -hls_time 1 -hls_playlist_type vod -hls_segment_type mpegts
        -hls_flags independent_segments -hls_segment_filename "$1/$2/seg_%04d.ts" "$1/$2/index.m3u8")
}
sound_cuts() { # duration → 0.5,1,2,4,8,… below it
    python3 -c 'import sys
d = float(sys.argv[1])
cuts = [0.5, 1, 2] + list(range(4, int(d) + 4, 4))
print(",".join(str(c) for c in cuts if c < d))' "$1"
}
ladder_args() { # dir → fills A with the output options
    local d="$1"
    A=()
    rung 144p 256 144 2 baseline 3.0 28 48 51 speech; hls "$d" 144p
    rung 240p 426 240 1 baseline 3.0 26 160 101 48 2; hls "$d" 240p
    rung 360p 640 360 1 main 3.0 24 380 101 64 2; hls "$d" 360p
    rung 480p 854 480 1 main 3.1 23 760 101 96 2; hls "$d" 480p
    rung 720p 1280 720 1 main 3.1 23 1600 101 128 2; hls "$d" 720p
    A+=(-map 0:a:0 "${SPEECH[@]}" -f segment -segment_format mpegts
        -segment_format_options pat_period=3600:sdt_period=3600
        -segment_times "$(sound_cuts "$DURATION")" -segment_list_type m3u8
        -segment_list "$d/audio/index.m3u8" "$d/audio/seg_%04d.ts")
    rung 144p 256 144 2 baseline 3.0 28 48 51 speech
    A+=(-movflags +faststart -f mp4 "$d/download.mp4")
}
RENDITIONS=(144p 240p 360p 480p 720p audio)
plain_ladder() { # out_dir
    mkdir -p "$1"
    local r; for r in "${RENDITIONS[@]}"; do mkdir -p "$1/$r"; done
    ladder_args "$1"
    ffmpeg -hide_banner -nostdin -nostats -v warning -y -i "$SOURCE" "${A[@]}"
}

# --- check: the hand-written options are those process passes -------------------
step "checking the hand-written ladder against what process runs (logging wrapper, untimed)"
mkdir -p "$TMP/calls" "$TMP/shim"
cat >"$TMP/shim/ffmpeg" <<SH
#!/bin/sh
f=\$(mktemp "$TMP/calls/call.XXXXXX")
for a in "\$@"; do printf '%s\0' "\$a"; done >"\$f"
exec "$FFMPEG" "\$@"
SH
chmod +x "$TMP/shim/ffmpeg"
LAWHA_BENCH_FFMPEG="$TMP/shim/ffmpeg" "$EXAMPLE" process "$SOURCE" "$TMP/check" >"$TMP/check.txt" \
    || die "process failed on the source (see above)"
ladder_args "{DIR}"
printf '%s\0' "${A[@]}" >"$TMP/plain-args"
python3 - "$TMP/calls" "$TMP/plain-args" <<'PY' || die "the hand-written ladder differs from what process runs: update ladder_args in this script"
import os, sys
calls = []
for name in sorted(os.listdir(sys.argv[1])):
    args = open(os.path.join(sys.argv[1], name), "rb").read().split(b"\0")[:-1]
    calls.append([a.decode() for a in args])
ladder = [c for c in calls if "-progress" in c]
if len(ladder) != 1:
    sys.exit(f"expected one ffmpeg run with -progress, saw {len(ladder)} of {len(calls)} runs")
args = ladder[0]
outputs = args[args.index("-i") + 2:]
staged = os.path.dirname(outputs[-1])  # …/download.mp4 in the staging directory
outputs = [a.replace(staged, "{DIR}") for a in outputs]
plain = [a.decode() for a in open(sys.argv[2], "rb").read().split(b"\0")[:-1]]
if outputs != plain:
    import difflib
    print("\n".join(difflib.unified_diff(outputs, plain, "process", "plain", lineterm="")), file=sys.stderr)
    sys.exit(1)
print(f"    same {len(plain)} output options; process ran ffmpeg {len(calls)} times "
      f"(ffprobe calls not counted)")
PY
rm -rf "$TMP/check"

# --- timed runs ----------------------------------------------------------------
ROWS="$TMP/rows.tsv"
: >"$ROWS"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='%3R %3U %3S'
source "$ROOT/bench/cpu.sh"
timed() { # kind run cmd...: appends "kind run wall user sys others%" to ROWS
    local kind="$1" run="$2" t others
    shift 2
    # shellcheck disable=SC2119 # no long-running process of ours to leave out
    cpu_start
    { t="$( { time "$@" >"$TMP/last.out" 2>"$TMP/last.err" ; } 2>&1 )"; } || { cat "$TMP/last.err" >&2; die "$kind run $run failed"; }
    others="$(cpu_others_pct)"
    printf '%s\t%s\t%s\t%s\n' "$kind" "$run" "${t// /$'\t'}" "$others" >>"$ROWS"
    printf '    %-8s run %s: %s s wall, %s s user, %s s sys; other processes: %s %% of all cores\n' "$kind" "$run" $t "$others"
}
for i in $(seq 1 "$RUNS"); do
    step "run $i of $RUNS"
    timed process "$i" "$EXAMPLE" process "$SOURCE" "$TMP/process-$i"
    cp "$TMP/last.out" "$TMP/process-$i.txt"
    timed plain "$i" plain_ladder "$TMP/plain-$i"
    for r in "${RENDITIONS[@]}"; do
        [ -s "$TMP/plain-$i/$r/index.m3u8" ] || die "plain ffmpeg wrote no $r playlist"
        a="$(find "$TMP/process-$i/$r" -name 'seg_*.ts' | wc -l)"
        b="$(find "$TMP/plain-$i/$r" -name 'seg_*.ts' | wc -l)"
        [ "$a" = "$b" ] || die "$r: process wrote $a segments, plain ffmpeg $b"
    done
    PROCESS_BYTES="$(du -sb "$TMP/process-$i" | cut -f1)"
    PLAIN_BYTES="$(du -sb "$TMP/plain-$i" | cut -f1)"
    rm -rf "$TMP/process-$i" "$TMP/plain-$i"
done

step "stages, once: probe, measure_loudness, transcode; and the poster command alone"
timed stages 1 "$EXAMPLE" stages "$SOURCE" "$TMP/stages"
cp "$TMP/last.out" "$TMP/stages.txt"
rm -rf "$TMP/stages"
mkdir -p "$TMP/poster"
SS="$(python3 -c "print(f'{float(\"$DURATION\") * 0.1:.3f}')")"
timed poster 1 ffmpeg -hide_banner -nostdin -nostats -v error -y -ss "$SS" -i "$SOURCE" \
    -filter_complex "[0:v:0]split=2[p][t];[p]scale=640:360:flags=lanczos,setsar=1[poster];[t]scale=160:90:flags=lanczos,setsar=1[thumb]" \
    -map '[poster]' -frames:v 1 -q:v 4 -update 1 "$TMP/poster/poster.jpg" \
    -map '[thumb]' -frames:v 1 -q:v 5 -update 1 "$TMP/poster/thumb.jpg"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- report --------------------------------------------------------------------
FFVER="$(ffmpeg -version | head -n 1 | awk '{print $3}')"

SECTION="$TMP/section.md"
BENCH_NOTES="${BENCH_NOTES:-}" python3 - "$ROWS" "$TMP/stages.txt" "$TMP/process-1.txt" "$DURATION" <<PY >"$SECTION"
import json, os, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    kind, run, wall, user, sys_, others = line.split()
    rows.setdefault(kind, []).append((float(wall), float(user) + float(sys_), float(others)))
stages = json.loads(open(sys.argv[2]).read().split("BENCH_STAGES ", 1)[1])
first = json.loads(open(sys.argv[3]).read().split("BENCH_PROCESS ", 1)[1])
dur = float(sys.argv[4])
med = lambda xs: statistics.median(xs)
pw, pc = med([r[0] for r in rows["process"]]), med([r[1] for r in rows["process"]])
fw, fc = med([r[0] for r in rows["plain"]]), med([r[1] for r in rows["plain"]])
poster = rows["poster"][0][0]
def runs(kind):
    return ", ".join(f"{r[0]:.1f}" for r in rows[kind])
def others(kind):
    return ", ".join(f"{r[2]:.0f}" for r in rows[kind])
pairs = [p[0] / f[0] for p, f in zip(rows["process"], rows["plain"])]
quiet = [p[0] / f[0] for p, f in zip(rows["process"], rows["plain"]) if max(p[2], f[2]) < 10]
print("## $(date -u '+%Y-%m-%d %H:%M UTC') — ingest speed: process vs plain ffmpeg (commit $(bench_commit))")
print()
print("- Machine: $(bench_machine); load average $LOAD_BEFORE before the runs, $LOAD_AFTER after")
print(f"- Source: {dur:.1f} s of 1280x720 25 fps testsrc2 + 1 kHz stereo tone, H.264/AAC MP4, $SOURCE_BYTES B; ffmpeg $FFVER, default threads")
print(f"- Ladder: 144p (12.5 fps), 240p, 360p, 480p, 720p HLS with muxed AAC, audio-only HLS, faststart MP4 — one ffmpeg run; "
      f"outputs about $PROCESS_BYTES B (process) / $PLAIN_BYTES B (plain)")
print(f"- $RUNS runs each, alternating process / plain; wall clock and CPU (user + sys of all child processes); "
      "others' CPU % = share of all cores used by processes outside the bench during that run")
print()
print("| run | median wall | runs (s) | median CPU | realtime factor | wall × plain | CPU × plain | others' CPU % per run |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
print(f"| plain ffmpeg, same ladder (baseline) | {fw:.2f} s | {runs('plain')} | {fc:.1f} s | {dur / fw:.2f}× | 1.00 | 1.00 | {others('plain')} |")
print(f"| \`lawha_media::process\` | {pw:.2f} s | {runs('process')} | {pc:.1f} s | {dur / pw:.2f}× | {pw / fw:.3f} | {pc / fc:.3f} | {others('process')} |")
print()
print("Wall ratio of each (process, plain) pair: " + ", ".join(f"{x:.3f}" for x in pairs) + "; "
      + (f"median over the {len(quiet)} pair(s) where others used < 10 %: {statistics.median(quiet):.3f}."
         if quiet else "no pair ran with others under 10 %."))
print()
rest = stages["transcode_s"] - fw - poster
print(f"Where the time goes (one \`stages\` run, others {rows['stages'][0][2]:.0f} %; plain-ffmpeg median as the ladder's share):")
print()
print("| stage | wall |")
print("|---|---:|")
print(f"| probe (ffprobe + first and last frame decoded) | {stages['probe_s']:.2f} s |")
print(f"| loudness (EBU R128 pass over the audio) | {stages['loudness_s']:.2f} s |")
print(f"| transcode (ladder run + poster + playlist measurement + master) | {stages['transcode_s']:.2f} s |")
print(f"| … of which poster and thumbnail alone (same ffmpeg command) | {poster:.2f} s |")
print(f"| … of which the rest (transcode − plain ladder median − poster; noise included) | {rest:+.2f} s |")
print()
notes = os.environ.get("BENCH_NOTES", "").strip()
if notes:
    print("Notes: " + notes)
    print()
PY

bench_append "$SECTION"
