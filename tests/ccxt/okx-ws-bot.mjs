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

import ccxt from 'ccxt';
import { fail, readStepTimeout } from './harness.mjs';
import { rewriteRestUrls, runWsBot, trimSlash } from './ws-steps.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
const PLACEHOLDER_SECRET = 'placeholder-secret';
const PLACEHOLDER_PASSWORD = 'placeholder-passphrase';

// A small limit buy far below the market: 0.002 BTC at 50000 USDT, above the 0.00001 BTC minimum size.
const ORDER = { symbol: 'BTC/USDT', amount: 0.002, price: 50000 };

function readConfig(env) {
  const mode = env.SIDECAR_MODE;
  if (!['direct', 'sidecar'].includes(mode)) {
    fail('SIDECAR_MODE must be direct or sidecar');
  }
  const stepTimeoutMs = readStepTimeout(env);
  if (mode === 'direct') {
    if (!env.OKX_URL || !env.OKX_API_KEY || !env.OKX_SECRET || !env.OKX_PASSWORD) {
      fail('direct mode needs OKX_URL, OKX_API_KEY, OKX_SECRET and OKX_PASSWORD');
    }
    const rest = trimSlash(env.OKX_URL);
    return {
      mode, stepTimeoutMs,
      credentials: { apiKey: env.OKX_API_KEY, secret: env.OKX_SECRET, password: env.OKX_PASSWORD },
      restBase: () => rest,
      ws: `${rest.replace(/^http/, 'ws')}/ws/v5`,
    };
  }
  if (!env.SIDECAR_URL || !env.SIDECAR_WS) {
    fail('sidecar mode needs SIDECAR_URL and SIDECAR_WS');
  }
  const sidecarUrl = `${trimSlash(env.SIDECAR_URL)}/`;
  const restVenue = env.SIDECAR_VENUE ?? 'okx';
  return {
    mode, stepTimeoutMs,
    credentials: { apiKey: PLACEHOLDER_API_KEY, secret: PLACEHOLDER_SECRET, password: PLACEHOLDER_PASSWORD },
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    restBase: (host) => (host === 'www.okx.com' ? `${sidecarUrl}${restVenue}` : `${sidecarUrl}unmapped/${host}`),
    ws: `${trimSlash(env.SIDECAR_WS)}/${env.SIDECAR_WS_VENUE ?? 'okx-ws'}/ws/v5`,
  };
}

async function buildExchange(config) {
  const exchange = new ccxt.pro.okx({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } },
  });
  // ccxt (JS) refuses ws:// URLs until an http agent is loaded (base/Exchange.js getHttpAgentIfNeeded).
  await exchange.loadHttpProxyAgent();
  rewriteRestUrls(exchange, config.restBase);
  exchange.urls.api.ws = config.ws;
  return exchange;
}

const config = readConfig(process.env);
await runWsBot(await buildExchange(config), ORDER, config.stepTimeoutMs, { mode: config.mode, exchange: 'okx' });
