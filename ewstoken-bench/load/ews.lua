-- wrk script: POSTs one SOAP body over keep-alive connections and prints a JSON summary.
-- wrk -s ews.lua URL -- BODY_FILE BASIC_CREDENTIALS_B64 [DELAY_MS]
-- A GET (metadata) run passes "-" as BODY_FILE. DELAY_MS paces each connection (for fixed-rate runs).
local pace = 0

function init(args)
  if args[1] ~= "-" then
    local f = assert(io.open(args[1], "rb"))
    wrk.method = "POST"
    wrk.body = f:read("*a")
    f:close()
    wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
    wrk.headers["Authorization"] = "Basic " .. args[2]
  end
  pace = tonumber(args[3] or "0")
end

function delay()
  return pace
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"rps":%.1f,"non2xx":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
