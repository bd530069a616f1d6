// A small ccxt pro bot that follows its Bybit (v5) account and trades over Bybit's WebSocket API, exactly the way a ccxt
// user does, for testing Sidecar's WebSocket relay end to end (and, in direct mode, the fake exchange itself).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (BYBIT_URL; WebSockets on the same host as ws://) with
//                               BYBIT_API_KEY / BYBIT_SECRET, signed by ccxt itself; validates the fake against ccxt.
//                      sidecar: placeholder credentials; WebSockets through Sidecar's relay (SIDECAR_WS), REST through
//                               Sidecar's proxy (SIDECAR_URL, base-URL prefix) as bybit-bot.mjs does.
//   BYBIT_URL        e.g. http://127.0.0.1:43121 (direct mode)
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   SIDECAR_VENUE    REST venue, default bybit
//   SIDECAR_WS_VENUE WebSocket venue (Upstream wss://stream.bybit.com), default bybit-ws; its name must not contain
//                    "spot": ccxt picks the private topics by looking for "spot" in the URL (bybit.getPrivateType)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// ccxt's watchBalance/watchOrders first call isUnifiedEnabled(), two signed REST calls (GET /v5/user/query-api and
// GET /v5/account/info): this bot lets them happen (the fake serves both; in sidecar mode Sidecar signs them) instead
// of setting options.enableUnifiedAccount, so a bot with ccxt's defaults is what is tested.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import { runWsStepsBot } from './ws-steps.mjs';
import { SPOT_ONLY } from './rest-bot.mjs';
import { setUpWsBot } from './ws-bot.mjs';

// A small limit buy far below the market: 0.002 BTC x 50000 USDT = 100 USDT, above the 1 USDT minimum order value.
const ORDER = { symbol: 'BTC/USDT', amount: 0.002, price: 50000 };

const { exchange, config } = await setUpWsBot({
  ccxtClass: 'bybit',
  direct: ['BYBIT_URL', 'BYBIT_API_KEY', 'BYBIT_SECRET'],
  restVenues: { 'api.bybit.com': ['SIDECAR_VENUE', 'bybit'] },
  options: SPOT_ONLY,
  ws: (urls, { venue }) => {
    const base = venue('SIDECAR_WS_VENUE', 'bybit-ws');
    // The private stream (watchBalance, watchOrders: UTA accounts use private.contract) and order entry.
    urls.ws.private.contract = `${base}/v5/private`;
    urls.ws.private.trade = `${base}/v5/trade`;
    urls.ws.public.spot = `${base}/v5/public/spot`;
  },
});
await runWsStepsBot(exchange, ORDER, config.stepTimeoutMs, { mode: config.mode, exchange: 'bybit' });
