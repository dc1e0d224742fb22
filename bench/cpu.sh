# Sourced by the benchmark scripts: how much of the machine's CPU *other* processes used
# while a benchmark ran (a compile or a test suite on the same cores makes numbers
# pessimistic; this says by how much, in the results entry).
#
#   cpu_start [PID…]      before the measured part (PIDs: long-running processes of the bench,
#                         e.g. the server, whose CPU is ours)
#   cpu_others_pct        after it: percent of all cores' time spent by processes that are
#                         neither this shell's waited-for children nor the PIDs given
#
# Counts from /proc/stat (all CPUs) and /proc/PID/stat (utime+stime+cutime+cstime); the
# shell's own children (wrk, ffmpeg, cargo-built programs…) are counted through /proc/$$/stat
# once they have been waited for, so call cpu_others_pct after the measured commands ended.

_cpu_machine() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }
_cpu_proc() { # PID → utime+stime+cutime+cstime in clock ticks (0 if gone)
    local f="/proc/$1/stat"
    [ -r "$f" ] || { echo 0; return; }
    sed 's/^.*) //' "$f" | awk '{ print $12 + $13 + $14 + $15 }'
}
_cpu_ours() {
    local sum p
    sum="$(_cpu_proc $$)"
    for p in "${_CPU_PIDS[@]}"; do sum=$((sum + $(_cpu_proc "$p"))); done
    echo "$sum"
}

cpu_start() {
    _CPU_PIDS=("$@")
    read -r _CPU_BUSY0 _CPU_TOTAL0 < <(_cpu_machine)
    _CPU_OURS0="$(_cpu_ours)"
}

cpu_others_pct() {
    local busy total ours
    read -r busy total < <(_cpu_machine)
    ours="$(_cpu_ours)"
    awk -v b=$((busy - _CPU_BUSY0)) -v t=$((total - _CPU_TOTAL0)) -v o=$((ours - _CPU_OURS0)) \
        'BEGIN { x = t > 0 ? 100 * (b - o) / t : 0; if (x < 0) x = 0; printf "%.0f", x }'
}
