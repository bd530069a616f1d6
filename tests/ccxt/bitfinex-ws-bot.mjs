// A small ccxt pro bot that watches its Bitfinex (v2) account over the authenticated WebSocket while trading over
// REST, exactly the way a ccxt user does (ccxt 4.5.84 has no createOrderWs for Bitfinex), for testing Sidecar's
// WebSocket relay end to end (and, in direct mode, the fake exchange itself).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (BITFINEX_URL, which plays api and api-pub) with
//                               BITFINEX_API_KEY / BITFINEX_SECRET, signed by ccxt itself; validates the fake.
//                      sidecar: placeholder credentials; the WebSocket goes to Sidecar's relay (SIDECAR_WS), REST to
//                               Sidecar's proxy (SIDECAR_URL, path prefix) as bitfinex-bot.mjs does.
//   BITFINEX_URL     e.g. http://127.0.0.1:43121 (direct mode; the WebSocket goes to the same host as ws://)
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   SIDECAR_VENUE, SIDECAR_VENUE_PUB, SIDECAR_WS_VENUE   venues, default bitfinex, bitfinex-pub, bitfinex-ws
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// Steps: loadMarkets, fetchBalance (REST: the key's nonce floor moves to REST's nonce), watchBalance (the auth event,
// whose nonce must beat it), createOrder (REST, with watchOrders armed), watchOrders, cancelOrder (REST).
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { armOrderWatch, fail, orderUpdate, readStepTimeout, runWsBot, watchedBalance } from './harness.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
const PLACEHOLDER_SECRET = 'placeholder-secret';
const SYMBOL = 'BTC/USD';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

const trimSlash = (url) => url.replace(/\/+$/, '');

function readConfig(env) {
  const mode = env.SIDECAR_MODE;
  if (!['direct', 'sidecar'].includes(mode)) {
    fail('SIDECAR_MODE must be direct or sidecar');
  }
  const stepTimeoutMs = readStepTimeout(env);
  if (mode === 'direct') {
    if (!env.BITFINEX_URL || !env.BITFINEX_API_KEY || !env.BITFINEX_SECRET) {
      fail('direct mode needs BITFINEX_URL, BITFINEX_API_KEY and BITFINEX_SECRET');
    }
    const rest = trimSlash(env.BITFINEX_URL);
    const ws = rest.replace(/^http/, 'ws');
    return {
      mode, stepTimeoutMs,
      credentials: { apiKey: env.BITFINEX_API_KEY, secret: env.BITFINEX_SECRET },
      restBase: () => rest,
      ws: { private: `${ws}/ws/2`, unmapped: `${ws}/unmapped` },
    };
  }
  if (!env.SIDECAR_URL || !env.SIDECAR_WS) {
    fail('sidecar mode needs SIDECAR_URL and SIDECAR_WS');
  }
  const sidecarUrl = trimSlash(env.SIDECAR_URL);
  const ws = trimSlash(env.SIDECAR_WS);
  const venues = {
    'api.bitfinex.com': env.SIDECAR_VENUE ?? 'bitfinex',
    'api-pub.bitfinex.com': env.SIDECAR_VENUE_PUB ?? 'bitfinex-pub',
  };
  return {
    mode, stepTimeoutMs,
    credentials: { apiKey: PLACEHOLDER_API_KEY, secret: PLACEHOLDER_SECRET },
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    restBase: (host) => `${sidecarUrl}/${venues[host] ?? `unmapped/${host}`}`,
    ws: { private: `${ws}/${env.SIDECAR_WS_VENUE ?? 'bitfinex-ws'}/ws/2`, unmapped: `${ws}/unmapped` },
  };
}

// REST URLs go to restBase(host); the public WebSocket is parked somewhere harmless; the private one is set.
function rewriteUrls(exchange, config) {
  const urls = {};
  for (const [name, url] of Object.entries(exchange.urls.api)) {
    if (typeof url === 'string') {
      const parsed = new URL(url);
      urls[name] = config.restBase(parsed.hostname) + trimSlash(parsed.pathname);
    }
  }
  const pub = new URL(exchange.urls.api.ws.public);
  urls.ws = { public: `${config.ws.unmapped}/${pub.hostname}${pub.pathname}`, private: config.ws.private };
  exchange.urls.api = urls;
}

async function buildExchange(config) {
  const exchange = new ccxt.pro.bitfinex({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
  });
  // loadMarkets reads one public /v2/conf/… call for the pairs (no currency call), as bitfinex-bot.mjs.
  exchange.has.fetchCurrencies = false;
  // ccxt (JS) refuses ws:// URLs until an http agent is loaded (base/Exchange.js getHttpAgentIfNeeded).
  await exchange.loadHttpProxyAgent();
  rewriteUrls(exchange, config);
  return exchange;
}

function steps(exchange) {
  const state = {};
  return [
    ['loadMarkets', async () => {
      const markets = await exchange.loadMarkets();
      if (!(SYMBOL in markets)) {
        throw new Error(`${SYMBOL} is not among the loaded markets`);
      }
      return { markets: Object.keys(markets).length };
    }],
    ['fetchBalance', async () => {
      const balance = await exchange.fetchBalance();
      return { USD: balance.USD ?? null };
    }],
    // The auth event, then the wallet snapshot ("ws") on channel 0.
    ['watchBalance', () => watchedBalance(exchange, 'USD')],
    ['createOrder', async () => {
      state.armed = await armOrderWatch(exchange, SYMBOL);
      const order = await exchange.createOrder(SYMBOL, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      if (!order.id) {
        throw new Error('the order has no id');
      }
      state.orderId = order.id;
      return { id: order.id, symbol: order.symbol };
    }],
    ['watchOrders', () => orderUpdate(state.armed, state.orderId)],
    ['cancelOrder', async () => {
      await exchange.cancelOrder(state.orderId, SYMBOL);
      return { id: state.orderId };
    }],
  ];
}

const config = readConfig(process.env);
const exchange = await buildExchange(config);
await runWsBot(exchange, steps(exchange), config.stepTimeoutMs, { mode: config.mode, exchange: 'bitfinex' });
