// A small ccxt pro bot that trades Binance over the WebSocket API and watches its user data, exactly the way a ccxt
// user does, for testing Sidecar's WebSocket relay end to end (and, in direct mode, the fake exchange itself).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (BINANCE_URL) with BINANCE_API_KEY / BINANCE_SECRET, signed
//                               by ccxt itself (an Ed25519 PEM secret makes ccxt sign with EdDSA); validates the fake
//                               against ccxt's own signer.
//                      sidecar: placeholder credentials; WebSocket URLs point at Sidecar's relay (SIDECAR_WS), REST at
//                               Sidecar's proxy (SIDECAR_URL) as bot.mjs does.
//   MARKET           spot | usdm
//   KEY_TYPE         hmac | ed25519 (sidecar mode): the placeholder secret is 'placeholder-secret', or a throwaway
//                    Ed25519 PEM generated here (ccxt picks EdDSA for a short secret containing 'PRIVATE KEY').
//   BINANCE_URL      e.g. http://127.0.0.1:43121 (direct mode; WebSockets go to the same host as ws://)
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   REST_MODE        prefix (default): REST base URLs ${SIDECAR_URL}${venue}/...; proxyUrl: exchange.proxyUrl = SIDECAR_URL
//   SIDECAR_VENUE_SPOT, SIDECAR_VENUE_USDM                 REST venues, default binance, binance-usdm
//   SIDECAR_WS_VENUE_SPOT, SIDECAR_WS_VENUE_USDM            WebSocket API venues, default binance-ws, binance-usdm-ws
//   SIDECAR_WS_VENUE_USDM_STREAM                            USD-M user data stream venue, default binance-usdm-stream
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import { generateKeyPairSync } from 'node:crypto';
import ccxt from 'ccxt';
import { cancel, fetchOpenOrders, loadMarkets, MARKETS, marketOptions, ORDER_AMOUNT, ORDER_PRICE, readMarket } from './binance-markets.mjs';
import { describeError, fail, readStepTimeout, rewriteBinanceApiUrls, runStepList } from './harness.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
const PLACEHOLDER_SECRET = 'placeholder-secret';

const REST_VENUES = { 'api.binance.com': 'SIDECAR_VENUE_SPOT', 'fapi.binance.com': 'SIDECAR_VENUE_USDM' };
const DEFAULT_VENUES = {
  SIDECAR_VENUE_SPOT: 'binance',
  SIDECAR_VENUE_USDM: 'binance-usdm',
  SIDECAR_WS_VENUE_SPOT: 'binance-ws',
  SIDECAR_WS_VENUE_USDM: 'binance-usdm-ws',
  SIDECAR_WS_VENUE_USDM_STREAM: 'binance-usdm-stream',
};

const trimSlash = (url) => url.replace(/\/+$/, '');

function readConfig(env) {
  const mode = env.SIDECAR_MODE;
  if (!['direct', 'sidecar'].includes(mode)) {
    fail('SIDECAR_MODE must be direct or sidecar');
  }
  const market = readMarket(env);
  const stepTimeoutMs = readStepTimeout(env);
  if (mode === 'direct') {
    if (!env.BINANCE_URL || !env.BINANCE_API_KEY || !env.BINANCE_SECRET) {
      fail('direct mode needs BINANCE_URL, BINANCE_API_KEY and BINANCE_SECRET');
    }
    const restBase = trimSlash(env.BINANCE_URL);
    const wsBase = restBase.replace(/^http/, 'ws');
    return {
      mode, market, stepTimeoutMs,
      credentials: { apiKey: env.BINANCE_API_KEY, secret: env.BINANCE_SECRET },
      restBase: () => restBase,
      ws: { spot: `${wsBase}/ws-api/v3`, future: `${wsBase}/ws-fapi/v1`, stream: `${wsBase}/ws`, unmapped: `${wsBase}/unmapped` },
    };
  }
  const keyType = env.KEY_TYPE ?? 'hmac';
  if (!['hmac', 'ed25519'].includes(keyType)) {
    fail('KEY_TYPE must be hmac or ed25519');
  }
  const restMode = env.REST_MODE ?? 'prefix';
  if (!['prefix', 'proxyUrl'].includes(restMode)) {
    fail('REST_MODE must be prefix or proxyUrl');
  }
  if (!env.SIDECAR_URL || !env.SIDECAR_WS) {
    fail('sidecar mode needs SIDECAR_URL and SIDECAR_WS');
  }
  const venue = (name) => env[name] ?? DEFAULT_VENUES[name];
  const sidecarUrl = `${trimSlash(env.SIDECAR_URL)}/`;
  const wsBase = trimSlash(env.SIDECAR_WS);
  return {
    mode, market, stepTimeoutMs, restMode, sidecarUrl,
    credentials: { apiKey: PLACEHOLDER_API_KEY, secret: keyType === 'ed25519' ? throwawayEd25519Pem() : PLACEHOLDER_SECRET },
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    restBase: (host) => `${sidecarUrl}${host in REST_VENUES ? venue(REST_VENUES[host]) : `unmapped/${host}`}`,
    ws: {
      spot: `${wsBase}/${venue('SIDECAR_WS_VENUE_SPOT')}/ws-api/v3`,
      future: `${wsBase}/${venue('SIDECAR_WS_VENUE_USDM')}/ws-fapi/v1`,
      stream: `${wsBase}/${venue('SIDECAR_WS_VENUE_USDM_STREAM')}/ws`,
      unmapped: `${wsBase}/unmapped`,
    },
  };
}

// Not the venue's key: ccxt signs with whatever it holds, so the placeholder must be a usable Ed25519 key (a PKCS#8 PEM
// of 119 characters, under ccxt's 120-character RSA threshold) for ccxt to choose EdDSA.
function throwawayEd25519Pem() {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
}

// Points every WebSocket URL ccxt might use somewhere harmless (never the real exchange), then sets the three in use:
// the WebSocket API (spot or USD-M) and the USD-M user data stream base, which ccxt turns into
// ${stream minus /ws}/private/ws?listenKey=... (binance.getPrivateWsUrl).
function rewriteWsUrls(exchange, ws) {
  const park = (urls) => Object.fromEntries(Object.entries(urls).map(([name, url]) => {
    if (typeof url !== 'string') {
      return [name, park(url)];
    }
    const parsed = new URL(url);
    return [name, `${ws.unmapped}/${parsed.hostname}${parsed.pathname}`];
  }));
  const urls = park(exchange.urls.api.ws);
  urls['ws-api'].spot = ws.spot;
  urls['ws-api'].future = ws.future;
  urls.future = ws.stream;
  exchange.urls.api.ws = urls;
}

async function buildExchange(config) {
  const market = MARKETS[config.market];
  const exchange = new ccxt.pro[market.exchangeClass]({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: {
      ...marketOptions(market),
      // USD-M watchBalance would otherwise prime its positions cache over REST (positionRisk), which is not what this
      // bot tests; positions then come from the stream's ACCOUNT_UPDATE events only.
      watchPositions: { fetchPositionsSnapshot: false },
    },
  });
  // ccxt (JS) refuses ws:// URLs until an http agent is loaded (base/Exchange.js getHttpAgentIfNeeded).
  await exchange.loadHttpProxyAgent();
  if (config.restMode === 'proxyUrl') {
    exchange.proxyUrl = config.sidecarUrl;
  } else {
    rewriteBinanceApiUrls(exchange, config.restBase);
  }
  rewriteWsUrls(exchange, config.ws);
  return exchange;
}

function steps(exchange, config) {
  const { symbol } = MARKETS[config.market];
  const state = {};
  return [
    ['loadMarkets', () => loadMarkets(exchange, symbol)],
    ['watchBalance', async () => {
      // Spot: userDataStream.subscribe.signature on the WebSocket API; USD-M: a REST listen key, then the user data
      // stream. Resolves on the account event pushed there.
      const balance = await exchange.watchBalance();
      if (balance.USDT === undefined) {
        throw new Error('no USDT in the pushed balance');
      }
      return { USDT: balance.USDT };
    }],
    ['createOrderWs', async () => {
      // watchOrders resolves on the next order update only, so it is armed before the order exists.
      state.orderUpdate = exchange.watchOrders(symbol);
      state.orderUpdate.catch(() => {});
      await new Promise((resolve) => { setImmediate(resolve); });
      const order = await exchange.createOrderWs(symbol, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      if (!order.id) {
        throw new Error('no order id in the answer');
      }
      state.orderId = order.id;
      return { id: order.id, status: order.status, amount: order.amount, price: order.price };
    }],
    ['watchOrders', async () => {
      const orders = await state.orderUpdate;
      const mine = orders.find((o) => o.id === state.orderId);
      if (!mine) {
        throw new Error(`no update for order ${state.orderId} among ${orders.length}`);
      }
      return { id: mine.id, status: mine.status };
    }],
    // Over REST: the order placed over the WebSocket API is on the same book.
    ['fetchOpenOrders', () => fetchOpenOrders(exchange, symbol, state.orderId)],
    ['cancelOrderWs', () => cancel(exchange, 'cancelOrderWs', state.orderId, symbol)],
  ];
}

// ccxt rejects internal futures nobody awaits when a subscription fails (ensureUserDataStreamWsSubscribeSignature's
// 'authenticate:signature:spot'); the step that failed has reported the error, so report these instead of crashing.
process.on('unhandledRejection', (error) => {
  console.log(JSON.stringify({ unhandled: true, ...describeError(error) }));
});

const config = readConfig(process.env);
const exchange = await buildExchange(config);
const ok = await runStepList(steps(exchange, config), config.stepTimeoutMs);
try {
  await exchange.close();
} catch {
  // Closing is a courtesy to the server; the result is already known.
}
console.log(JSON.stringify({ done: true, ok, mode: config.mode, market: config.market }));
process.exit(ok ? 0 : 1);
