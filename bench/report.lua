-- wrk script used by bench/run.sh: after the run, prints one machine-readable
-- line ("BENCH_JSON {...}") with throughput, latency percentiles (microseconds)
-- and error counts, so run.sh need not parse wrk's human-readable output.
-- It defines no request/response hooks, so it costs nothing during the run, unless
-- BENCH_NEW_QUERY is set: then each request appends a number of its own to the URL's last
-- query value ("/search?q=fractions" becomes "/search?q=fractions+100000001", …), so that
-- no request repeats another (what a server keeps of recent answers never serves one).

if os.getenv("BENCH_NEW_QUERY") then
  local threads = 0
  setup = function(thread)
    threads = threads + 1
    thread:set("first", threads * 100000000)
  end
  local n
  request = function()
    n = (n or first) + 1
    return wrk.format(nil, wrk.path .. "+" .. n)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_s":%.3f,"bytes":%d,"rps":%.2f,' ..
    '"mean_us":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, secs, summary.bytes, summary.requests / secs,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
