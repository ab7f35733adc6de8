-- One request, repeated by wrk, set from the environment by scripts/bench:
--   BENCH_METHOD  GET or POST            BENCH_BODY  a form body (POST)
--   BENCH_COOKIE  the session cookie     BENCH_CSRF  the session's CSRF token
--   BENCH_HTMX    "1": send HX-Request   BENCH_AUTH  an Authorization header value
--   BENCH_GZIP    "1": accept gzip (a browser fetching a static file)
-- done() prints one line that scripts/bench reads:
--   BENCH requests=… rps=… p50=… p95=… p99=… max=… non2xx=… errors=… first_bad=…
-- (latencies in milliseconds). Every status outside 200–299 is counted, a redirect to the
-- login page as much as a 500, so a lost session cannot pass for a fast answer.

local function env(name)
  local v = os.getenv(name)
  if v == "" then return nil end
  return v
end

wrk.method = env("BENCH_METHOD") or "GET"
wrk.headers["Accept"] = "text/html,application/json"
if env("BENCH_COOKIE") then wrk.headers["Cookie"] = env("BENCH_COOKIE") end
if env("BENCH_CSRF") then wrk.headers["X-CSRF-Token"] = env("BENCH_CSRF") end
if env("BENCH_HTMX") == "1" then wrk.headers["HX-Request"] = "true" end
if env("BENCH_AUTH") then wrk.headers["Authorization"] = env("BENCH_AUTH") end
if env("BENCH_GZIP") == "1" then wrk.headers["Accept-Encoding"] = "gzip" end
if env("BENCH_BODY") then
  wrk.body = env("BENCH_BODY")
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

-- Per thread (each has its own Lua state); done() collects them through setup's handles.
non2xx = 0
first_bad = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == 0 then first_bad = status end
  end
end

function done(summary, latency, requests)
  local bad, first = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
    local f = t:get("first_bad") or 0
    if first == 0 then first = f end
  end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local ms = function(p) return latency:percentile(p) / 1000 end
  io.write(string.format(
    "BENCH requests=%d rps=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f non2xx=%d errors=%d first_bad=%d\n",
    summary.requests, summary.requests / seconds, ms(50), ms(95), ms(99),
    latency.max / 1000, bad, errors, first))
end
