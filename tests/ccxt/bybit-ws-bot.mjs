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

import ccxt from 'ccxt';
import { fail, readStepTimeout } from './harness.mjs';
import { parkWsUrls, rewriteRestUrls, runWsBot, trimSlash } from './ws-steps.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
const PLACEHOLDER_SECRET = 'placeholder-secret';

// A small limit buy far below the market: 0.002 BTC x 50000 USDT = 100 USDT, above the 1 USDT minimum order value.
const ORDER = { symbol: 'BTC/USDT', amount: 0.002, price: 50000 };

function readConfig(env) {
  const mode = env.SIDECAR_MODE;
  if (!['direct', 'sidecar'].includes(mode)) {
    fail('SIDECAR_MODE must be direct or sidecar');
  }
  const stepTimeoutMs = readStepTimeout(env);
  if (mode === 'direct') {
    if (!env.BYBIT_URL || !env.BYBIT_API_KEY || !env.BYBIT_SECRET) {
      fail('direct mode needs BYBIT_URL, BYBIT_API_KEY and BYBIT_SECRET');
    }
    const rest = trimSlash(env.BYBIT_URL);
    const ws = rest.replace(/^http/, 'ws');
    return {
      mode, stepTimeoutMs,
      credentials: { apiKey: env.BYBIT_API_KEY, secret: env.BYBIT_SECRET },
      restBase: () => rest,
      ws: { base: ws, unmapped: `${ws}/unmapped` },
    };
  }
  if (!env.SIDECAR_URL || !env.SIDECAR_WS) {
    fail('sidecar mode needs SIDECAR_URL and SIDECAR_WS');
  }
  const sidecarUrl = `${trimSlash(env.SIDECAR_URL)}/`;
  const ws = trimSlash(env.SIDECAR_WS);
  const restVenue = env.SIDECAR_VENUE ?? 'bybit';
  return {
    mode, stepTimeoutMs,
    credentials: { apiKey: PLACEHOLDER_API_KEY, secret: PLACEHOLDER_SECRET },
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    restBase: (host) => (host === 'api.bybit.com' ? `${sidecarUrl}${restVenue}` : `${sidecarUrl}unmapped/${host}`),
    ws: { base: `${ws}/${env.SIDECAR_WS_VENUE ?? 'bybit-ws'}`, unmapped: `${ws}/unmapped` },
  };
}

async function buildExchange(config) {
  const exchange = new ccxt.pro.bybit({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } },
  });
  // ccxt (JS) refuses ws:// URLs until an http agent is loaded (base/Exchange.js getHttpAgentIfNeeded).
  await exchange.loadHttpProxyAgent();
  rewriteRestUrls(exchange, config.restBase);
  const ws = parkWsUrls(exchange, exchange.urls.api.ws, config.ws.unmapped);
  // The private stream (watchBalance, watchOrders: UTA accounts use private.contract) and order entry.
  ws.private.contract = `${config.ws.base}/v5/private`;
  ws.private.trade = `${config.ws.base}/v5/trade`;
  ws.public.spot = `${config.ws.base}/v5/public/spot`;
  exchange.urls.api.ws = ws;
  return exchange;
}

const config = readConfig(process.env);
await runWsBot(await buildExchange(config), ORDER, config.stepTimeoutMs, { mode: config.mode, exchange: 'bybit' });
