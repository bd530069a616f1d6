// A small ccxt pro bot that trades Gate (v4) over its WebSocket API and watches its account, exactly the way a ccxt
// user does, for testing Sidecar's WebSocket relay end to end (and, in direct mode, the fake exchange itself).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (GATE_URL) with GATE_API_KEY / GATE_SECRET, signed by ccxt
//                               itself; validates the fake against ccxt's own signer.
//                      sidecar: placeholder credentials; WebSocket URLs point at Sidecar's relay (SIDECAR_WS), REST at
//                               Sidecar's proxy (SIDECAR_URL, path prefix) as gate-bot.mjs does.
//   GATE_UID         the account's user id (not a secret): ccxt puts it in futures subscriptions' payload[0]
//   GATE_URL         e.g. http://127.0.0.1:43121 (direct mode; WebSockets go to the same host as ws://)
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   SIDECAR_VENUE, SIDECAR_WS_VENUE_SPOT, SIDECAR_WS_VENUE_FUTURES   venues, default gate, gate-ws, gate-futures-ws
//   ORDER_AMOUNT     default 0.002 (BTC, at 50000 USDT)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// Steps: loadMarkets, watchBalance (spot.balances), watchFuturesBalance (futures.balances with the user id),
// createOrderWs (spot.login, then spot.order_place), watchOrders (spot.orders), fetchOpenOrders (REST), cancelOrderWs.
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { armOrderWatch, fail, orderUpdate, readStepTimeout, runWsBot, watchedBalance } from './harness.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
const PLACEHOLDER_SECRET = 'placeholder-secret';
const SYMBOL = 'BTC/USDT';
const ORDER_PRICE = 50000;

const trimSlash = (url) => url.replace(/\/+$/, '');

function readConfig(env) {
  const mode = env.SIDECAR_MODE;
  if (!['direct', 'sidecar'].includes(mode)) {
    fail('SIDECAR_MODE must be direct or sidecar');
  }
  if (!env.GATE_UID) {
    fail('GATE_UID is required (futures subscriptions name the user id)');
  }
  const stepTimeoutMs = readStepTimeout(env);
  const orderAmount = Number(env.ORDER_AMOUNT ?? 0.002);
  if (mode === 'direct') {
    if (!env.GATE_URL || !env.GATE_API_KEY || !env.GATE_SECRET) {
      fail('direct mode needs GATE_URL, GATE_API_KEY and GATE_SECRET');
    }
    const rest = trimSlash(env.GATE_URL);
    const ws = rest.replace(/^http/, 'ws');
    return {
      mode, stepTimeoutMs, orderAmount, uid: env.GATE_UID,
      credentials: { apiKey: env.GATE_API_KEY, secret: env.GATE_SECRET },
      restBase: () => rest,
      ws: { spot: `${ws}/ws/v4/`, futures: `${ws}/v4/ws/usdt`, unmapped: `${ws}/unmapped` },
    };
  }
  if (!env.SIDECAR_URL || !env.SIDECAR_WS) {
    fail('sidecar mode needs SIDECAR_URL and SIDECAR_WS');
  }
  const sidecarUrl = trimSlash(env.SIDECAR_URL);
  const ws = trimSlash(env.SIDECAR_WS);
  const venue = env.SIDECAR_VENUE ?? 'gate';
  return {
    mode, stepTimeoutMs, orderAmount, uid: env.GATE_UID,
    credentials: { apiKey: PLACEHOLDER_API_KEY, secret: PLACEHOLDER_SECRET },
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    restBase: (host) => (host === 'api.gateio.ws' ? `${sidecarUrl}/${venue}` : `${sidecarUrl}/unmapped/${host}`),
    ws: {
      spot: `${ws}/${env.SIDECAR_WS_VENUE_SPOT ?? 'gate-ws'}/ws/v4/`,
      futures: `${ws}/${env.SIDECAR_WS_VENUE_FUTURES ?? 'gate-futures-ws'}/v4/ws/usdt`,
      unmapped: `${ws}/unmapped`,
    },
  };
}

// Every https:// (REST) URL goes to restBase(host) + path; every wss:// URL is parked somewhere harmless (never the
// real exchange); then the two WebSockets in use are set: spot and USDT futures.
function rewriteUrls(exchange, config) {
  const rewrite = (urls) => Object.fromEntries(Object.entries(urls).map(([name, url]) => {
    if (typeof url !== 'string') {
      return [name, rewrite(url)];
    }
    const parsed = new URL(url);
    return [name, parsed.protocol === 'wss:'
      ? `${config.ws.unmapped}/${parsed.hostname}${parsed.pathname}`
      : config.restBase(parsed.hostname) + trimSlash(parsed.pathname)];
  }));
  const urls = rewrite(exchange.urls.api);
  urls.spot = config.ws.spot;
  urls.swap.usdt = config.ws.futures;
  exchange.urls.api = urls;
}

async function buildExchange(config) {
  const exchange = new ccxt.pro.gate({
    ...config.credentials,
    uid: config.uid,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: {
      defaultType: 'spot',
      // Load spot markets only (no futures, delivery or options calls): futures balances need no market.
      fetchMarkets: { types: ['spot'] },
    },
  });
  // ccxt (JS) refuses ws:// URLs until an http agent is loaded (base/Exchange.js getHttpAgentIfNeeded).
  await exchange.loadHttpProxyAgent();
  rewriteUrls(exchange, config);
  return exchange;
}

function steps(exchange, config) {
  const state = {};
  return [
    ['loadMarkets', async () => {
      const markets = await exchange.loadMarkets();
      if (!(SYMBOL in markets)) {
        throw new Error(`${SYMBOL} is not among the loaded markets`);
      }
      return { markets: Object.keys(markets).length };
    }],
    // spot.balances with auth (KEY, SIGN); resolves on the balance the exchange pushes after the subscribe.
    ['watchBalance', () => watchedBalance(exchange, 'USDT')],
    // futures.balances: payload [uid], on the futures WebSocket.
    ['watchFuturesBalance', () => watchedBalance(exchange, 'USDT', { type: 'swap' })],
    ['createOrderWs', async () => {
      state.armed = await armOrderWatch(exchange, SYMBOL);
      const order = await exchange.createOrderWs(SYMBOL, 'limit', 'buy', config.orderAmount, ORDER_PRICE);
      if (!order.id) {
        throw new Error('no order id in the answer');
      }
      state.orderId = order.id;
      return { id: order.id, status: order.status, amount: order.amount, price: order.price };
    }],
    ['watchOrders', () => orderUpdate(state.armed, state.orderId)],
    // Over REST: the order placed over the WebSocket API is on the same book.
    ['fetchOpenOrders', async () => {
      const open = await exchange.fetchOpenOrders(SYMBOL);
      if (!open.some((o) => o.id === state.orderId)) {
        throw new Error(`order ${state.orderId} is not among ${open.length} open orders`);
      }
      return { open: open.length };
    }],
    ['cancelOrderWs', async () => {
      const cancelled = await exchange.cancelOrderWs(state.orderId, SYMBOL);
      return { id: cancelled.id, status: cancelled.status };
    }],
  ];
}

const config = readConfig(process.env);
const exchange = await buildExchange(config);
await runWsBot(exchange, steps(exchange, config), config.stepTimeoutMs, { mode: config.mode, exchange: 'gate' });
