// A small ccxt pro bot that follows its OKX (v5) account and trades over OKX's WebSocket API, exactly the way a ccxt
// user does, for testing Sidecar's WebSocket relay end to end (and, in direct mode, the fake exchange itself).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (OKX_URL; WebSockets on the same host as ws://) with
//                               OKX_API_KEY / OKX_SECRET / OKX_PASSWORD, signed by ccxt itself; validates the fake.
//                      sidecar: placeholder credentials (a placeholder passphrase too: ccxt's OKX requires one);
//                               WebSockets through Sidecar's relay (SIDECAR_WS), REST through Sidecar's proxy
//                               (SIDECAR_URL, base-URL prefix) as okx-bot.mjs does.
//   OKX_URL          e.g. http://127.0.0.1:43121 (direct mode)
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   SIDECAR_VENUE    REST venue, default okx
//   SIDECAR_WS_VENUE WebSocket venue (Upstream wss://ws.okx.com:8443), default okx-ws
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// One URL moves all three OKX endpoints: ccxt appends /public, /private and /business to urls.api.ws (okx.getUrl).
// createOrderWs uses ccxt's default op, batch-orders.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import { runWsStepsBot } from './ws-steps.mjs';
import { PLACEHOLDER_WITH_PASSPHRASE, SPOT_ONLY } from './rest-bot.mjs';
import { setUpWsBot } from './ws-bot.mjs';

// A small limit buy far below the market: 0.002 BTC at 50000 USDT, above the 0.00001 BTC minimum size.
const ORDER = { symbol: 'BTC/USDT', amount: 0.002, price: 50000 };

const { exchange, config } = await setUpWsBot({
  ccxtClass: 'okx',
  direct: ['OKX_URL', 'OKX_API_KEY', 'OKX_SECRET', 'OKX_PASSWORD'],
  placeholder: PLACEHOLDER_WITH_PASSPHRASE,
  restVenues: { 'www.okx.com': ['SIDECAR_VENUE', 'okx'] },
  options: SPOT_ONLY,
  ws: (urls, { venue }) => {
    urls.ws = `${venue('SIDECAR_WS_VENUE', 'okx-ws')}/ws/v5`;
  },
});
await runWsStepsBot(exchange, ORDER, config.stepTimeoutMs, { mode: config.mode, exchange: 'okx' });
