-- wrk script: unsigned Binance limit orders, as a bot sends them to a signing proxy (no key, timestamp or
-- signature), each with its own newClientOrderId.  Usage: wrk -s order.lua URL -- PATH_PREFIX
-- PATH_PREFIX is "" for the upstream and the plain proxies, "/binance" for Sidecar's prefix route form.
-- No response() callback: with one, wrk parses every answer in Lua, which slows the load generator; non-2xx/3xx
-- answers are counted in errors anyway (run.sh checks each mode's answer once with curl before loading it).
-- At the end it prints one line for bench/load/run.sh: "RESULT requests=… seconds=… p50_us=… p99_us=… errors=…".

local prefix = ""
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1] or ""
end

local sides = { "BUY", "SELL" }

function request()
  counter = counter + 1
  local body = string.format(
    "symbol=BTCUSDT&side=%s&type=LIMIT&timeInForce=GTC&quantity=0.0%d&price=6%04d.5&newClientOrderId=bench-%d-%d&recvWindow=5000",
    sides[counter % 2 + 1], counter % 9 + 1, counter % 10000, thread_id, counter)
  return wrk.format("POST", prefix .. "/api/v3/order",
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99), errors))
end
