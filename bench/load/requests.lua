-- wrk script: what a bot sends to a signing proxy, unsigned (no key, timestamp or signature), in one of two shapes:
--   order    POST /api/v3/order, a Binance limit order in a form body, each with its own newClientOrderId
--            (the signature covers the body)
--   account  GET /api/v3/account?omitZeroBalances=true&recvWindow=5000, no body (the signature covers the query)
-- Usage: wrk -s requests.lua URL -- PATH_PREFIX [SHAPE]   (SHAPE: order, the default, or account)
-- PATH_PREFIX is "" for the upstream and the plain proxies, "/binance" for Sidecar's prefix route form.
-- No response() callback: with one, wrk parses every answer in Lua, which slows the load generator; non-2xx/3xx
-- answers are counted in errors anyway (run.sh checks each mode's answer once with curl before loading it).
-- At the end it prints one line for bench/load/run.sh: "RESULT requests=… seconds=… p50_us=… p99_us=… errors=…".

local prefix = ""
local shape = "order"
local counter = 0
local thread_id = 0
local threads = {}
local account = nil

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1] or ""
  shape = args[2] or "order"
  if shape ~= "order" and shape ~= "account" then
    error("requests.lua: unknown shape '" .. shape .. "' (order or account)")
  end
  -- The same request every time: a bot polling its balances.
  account = wrk.format("GET", prefix .. "/api/v3/account?omitZeroBalances=true&recvWindow=5000")
end

local sides = { "BUY", "SELL" }

function request()
  if shape == "account" then
    return account
  end

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
