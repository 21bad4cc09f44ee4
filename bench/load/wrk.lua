-- wrk script for bench/load.ts (`--generator wrk`): one scenario's requests, and a one-line
-- JSON summary on stdout at the end. Set by environment variables (wrk passes no options):
--   BENCH_METHOD   GET unless set
--   BENCH_HEADERS  "name: value" lines
--   BENCH_PATHS    a file of request paths, one a line: each request takes one at random
--                  (the lookups' codes); without it, the URL's own path
local method = os.getenv("BENCH_METHOD") or "GET"
local headers = {}
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end
local paths = {}
local list = os.getenv("BENCH_PATHS")
if list and list ~= "" then
  for line in io.lines(list) do paths[#paths + 1] = line end
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

local fixed = nil
function request()
  if #paths > 0 then return wrk.format(method, paths[math.random(#paths)], headers) end
  fixed = fixed or wrk.format(method, nil, headers)
  return fixed
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status, e.timeout))
end
