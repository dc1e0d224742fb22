# shellcheck shell=bash
# Sourced by the benchmarks: the tools they need, the release builds, servers on loopback
# that stop with the script, signing in as a demo account, one wrk run, the machine line and
# the results append.
#
#   source "$ROOT/bench/lib.sh"
#   bench_tools wrk curl python3      # installs what is missing (Debian packages)
#   bench_binary                      # $BIN: LAWHA_BIN, or target/release/lawha (built if missing)
#   EX="$(bench_example PACKAGE NAME)" # a release example, built if missing or stale
#   bench_start NAME URL CMD…         # runs CMD in the background, waits for URL; PID in BENCH_PIDS[NAME]
#   bench_stop NAME                   # stops it (the same NAME may be started again)
#   COOKIE="$(bench_sign_in BASE ACCOUNTS_JSON ROLE)"
#   bench_wrk CONNS SECONDS URL [COOKIE] # wrk with bench/report.lua: prints a BENCH_JSON line
#
# Every script that sources this gets a TMP directory and a cleanup that stops what
# bench_start started (TERM, then KILL after 5 s) and removes TMP.

BENCH_THREADS=2
BENCH_LUA="$ROOT/bench/report.lua"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
export DEBIAN_FRONTEND=noninteractive

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

# bench_tools TOOL… — apt-installs the packages of the same names that are missing.
bench_tools() {
    local missing=() tool sudo=()
    for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
    [ "${#missing[@]}" -gt 0 ] || return 0
    step "installing ${missing[*]}"
    [ "$(id -u)" = 0 ] || sudo=(sudo -n)
    "${sudo[@]}" apt-get update -qq </dev/null >/dev/null || die "apt-get update failed (install ${missing[*]} by hand)"
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null \
        || die "could not install ${missing[*]} (install them by hand)"
}

# bench_ffmpeg — ffmpeg and ffprobe (the ffmpeg package, installed when missing), checked for
# the libx264 encoder the media pipeline uses.
bench_ffmpeg() {
    local encoders
    bench_tools ffmpeg
    command -v ffprobe >/dev/null 2>&1 || die "ffprobe is missing (it comes with ffmpeg)"
    encoders="$(ffmpeg -hide_banner -encoders 2>/dev/null)" || die "ffmpeg -encoders failed"
    grep -q libx264 <<<"$encoders" || die "this ffmpeg has no libx264 encoder"
}

# bench_load_knobs DEFAULT_SECONDS — SECS, WARMUP and CONNS from BENCH_SECONDS,
# BENCH_WARMUP_SECONDS (2) and BENCH_CONNECTIONS ("32 256"), checked.
bench_load_knobs() {
    SECS="${BENCH_SECONDS:-$1}"
    WARMUP="${BENCH_WARMUP_SECONDS:-2}"
    CONNS="${BENCH_CONNECTIONS:-32 256}"
    [[ "$SECS" =~ ^[0-9]+$ ]] && [ "$SECS" -ge 1 ] && [ "$SECS" -le 600 ] || die "BENCH_SECONDS must be 1..600"
    [[ "$WARMUP" =~ ^[0-9]+$ ]] && [ "$WARMUP" -le 60 ] || die "BENCH_WARMUP_SECONDS must be 0..60"
    local c
    for c in $CONNS; do
        [[ "$c" =~ ^[0-9]+$ ]] && [ "$c" -ge "$BENCH_THREADS" ] && [ "$c" -le 4096 ] || die "bad connection count: $c"
    done
}

# bench_binary — sets BIN to LAWHA_BIN or the release build, building the latter when missing.
bench_binary() {
    BIN="${LAWHA_BIN:-$TARGET_DIR/release/lawha}"
    if [ ! -x "$BIN" ]; then
        [ -z "${LAWHA_BIN:-}" ] || die "LAWHA_BIN=$LAWHA_BIN is not an executable"
        step "cargo build --release -p lawha"
        cargo build --release -p lawha
    fi
    [ -x "$BIN" ] || die "$BIN not found"
}

# bench_binary_name — BIN as a results entry names it: relative to the repository, or its file name.
bench_binary_name() {
    case "$BIN" in "$ROOT"/*) printf '%s\n' "${BIN#"$ROOT"/}" ;; *) basename "$BIN" ;; esac
}

# bench_example PACKAGE NAME — the release build of example NAME of the workspace package
# PACKAGE (its examples/NAME.rs, or a directory examples/NAME/), built when missing or older
# than its source: the example's files and, when the package has a library, its src/ (the
# example links it); prints its path.
bench_example() {
    local package="$1" name="$2" dir src bin="$TARGET_DIR/release/examples/$2"
    dir="$(bench_package_dir "$package")"
    src="$dir/examples/$name.rs"
    [ -e "$src" ] || src="$dir/examples/$name"
    [ -e "$src" ] || die "package $package has no example $name"
    local sources=("$src")
    [ ! -e "$dir/src/lib.rs" ] || sources+=("$dir/src")
    if [ ! -x "$bin" ] || [ -n "$(find "${sources[@]}" -newer "$bin" -print -quit)" ]; then
        step "cargo build --release -p $package --example $name" >&2
        cargo build --release -p "$package" --example "$name" >&2 || die "building the $name example failed"
    fi
    [ -x "$bin" ] || die "$bin not found"
    printf '%s\n' "$bin"
}

# bench_package_dir PACKAGE — the directory under crates/ of the workspace package PACKAGE.
bench_package_dir() {
    local manifest
    for manifest in "$ROOT"/crates/*/Cargo.toml; do
        # The first `name` of the [package] table (examples and binaries have names too).
        if [ "$(awk '/^\[/ { in_package = ($0 == "[package]") } in_package && $1 == "name" { gsub(/"/, "", $3); print $3; exit }' "$manifest")" = "$1" ]; then
            dirname "$manifest"
            return
        fi
    done
    die "no package $1 under crates/"
}

# bench_port — a free TCP port on loopback.
bench_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

declare -A BENCH_PIDS=()
TMP="$(mktemp -d "${TMPDIR:-/tmp}/lawha-bench.XXXXXX")"

bench_stop() { # NAME
    local pid="${BENCH_PIDS[$1]:-}"
    [ -n "$pid" ] || return 0
    # Under `set -e` too: the process's own exit status (143 after TERM) is not our failure.
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    unset "BENCH_PIDS[$1]"
}

bench_cleanup() {
    local rc=$? name
    set +e
    for name in "${!BENCH_PIDS[@]}"; do bench_stop "$name"; done
    [ "$(type -t bench_on_exit)" != function ] || bench_on_exit
    rm -rf "$TMP"
    exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# bench_start NAME URL CMD… — starts CMD (output in $TMP/NAME.log) and waits up to
# BENCH_START_SECONDS (180) for URL to answer 2xx; dies with the log's tail if it exits first.
bench_start() {
    local name="$1" url="$2" log="$TMP/$1.log" deadline pid
    shift 2
    step "starting $name: $(basename "$1") ${*:2}"
    "$@" </dev/null >"$log" 2>&1 &
    pid=$!
    BENCH_PIDS[$name]=$pid
    deadline=$((SECONDS + ${BENCH_START_SECONDS:-180}))
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            unset "BENCH_PIDS[$name]"
            tail -n 100 "$log" >&2
            die "$name exited before $url answered"
        fi
        [ "$SECONDS" -lt "$deadline" ] || { tail -n 100 "$log" >&2; die "$url did not answer in time"; }
        sleep 0.2
    done
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# bench_csrf FILE — the value of the first csrf input of an HTML page.
bench_csrf() {
    python3 - "$1" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
for tag in re.findall(r"<input\b[^>]*>", page, re.I):
    if re.search(r"""\bname\s*=\s*["']?csrf["'\s>/]""", tag, re.I):
        m = re.search(r"""\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.I)
        if m:
            print(html.unescape(next(g for g in m.groups() if g is not None)))
            sys.exit(0)
sys.exit("no csrf input on the page")
PY
}

# bench_sign_in BASE ACCOUNTS_JSON ROLE — signs in as the demo account of ROLE and prints the
# session's Cookie header value.
bench_sign_in() {
    local base="$1" accounts="$2" role="$3" jar login password csrf code
    [ -s "$accounts" ] || die "$accounts is missing"
    read -r login password < <(python3 - "$accounts" "$role" <<'PY'
import json, sys
accts = json.load(open(sys.argv[1], encoding="utf-8"))
a = next((a for a in accts if a.get("role") == sys.argv[2]), None)
if a is None:
    sys.exit(f"no demo account with role {sys.argv[2]!r}")
if any(c.isspace() for c in a["login"] + a["password"]):
    sys.exit("login/password with whitespace are not supported here")
print(a["login"], a["password"])
PY
)
    # A fresh jar: a session cookie of an earlier sign-in would make GET /login redirect.
    jar="$TMP/cookies-$role.txt"
    rm -f "$jar"
    curl -fsS -c "$jar" -b "$jar" -o "$TMP/login.html" "$base/login"
    csrf="$(bench_csrf "$TMP/login.html")"
    code="$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
        --data-urlencode "identifier=$login" --data-urlencode "password=$password" --data-urlencode "csrf=$csrf" \
        "$base/login")"
    [ "$code" = 303 ] || die "POST /login as $role answered HTTP $code (expected 303)"
    # All cookies of the jar as one Cookie header (HttpOnly ones are prefixed #HttpOnly_).
    awk -F'\t' 'NF == 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}

# bench_get URL FILE [COOKIE] — GET (compressed if offered), failing unless HTTP 200.
bench_get() {
    local hdr=() code
    [ -z "${3:-}" ] || hdr=(-H "Cookie: $3")
    code="$(curl -sS --compressed "${hdr[@]}" -o "$2" -w '%{http_code}' "$1")" || die "GET $1 failed"
    [ "$code" = 200 ] || die "GET $1 answered HTTP $code (expected 200)"
}

# bench_wrk CONNS SECONDS URL [COOKIE] — one wrk run; its output ends with a BENCH_JSON line.
bench_wrk() {
    local hdr=()
    [ -z "${4:-}" ] || hdr=(-H "Cookie: $4")
    timeout $(($2 + 60)) wrk -t"$BENCH_THREADS" -c"$1" -d"${2}s" --timeout 10s --latency \
        -s "$BENCH_LUA" "${hdr[@]}" "$3"
}

# bench_commit — the short commit, marked dirty when the crates differ from it.
bench_commit() {
    local commit
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ -n "$(git status --porcelain --untracked-files=no -- crates Cargo.toml Cargo.lock 2>/dev/null)" ]; then
        commit="$commit (dirty)"
    fi
    printf '%s\n' "${BENCH_COMMIT:-$commit}"
}

# bench_machine — "N cores, CPU model, RAM; kernel".
bench_machine() {
    printf '%s cores, %s, %s RAM; %s\n' "$(nproc)" \
        "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
        "$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)" "$(uname -sr)"
}

# bench_append SECTION_FILE — appends a results section to $RESULTS (created if missing).
bench_append() {
    if [ ! -s "$RESULTS" ]; then
        printf '# Lawha benchmark results\n\nNewest last.\n\n' >"$RESULTS"
    fi
    printf '\n' >>"$RESULTS"
    cat "$1" >>"$RESULTS"
    echo
    cat "$1"
    echo "appended to $RESULTS"
}
