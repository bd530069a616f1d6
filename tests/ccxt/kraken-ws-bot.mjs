// A small ccxt pro bot that trades Kraken (spot) over WebSocket v2 and watches its account, exactly the way a ccxt user
// does, for testing Sidecar's WebSocket relay end to end (and, in direct mode, the fake exchange itself).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (KRAKEN_URL, REST and ws://…/v2) with KRAKEN_API_KEY /
//                               KRAKEN_SECRET (base64), signed by ccxt itself; validates the fake against ccxt.
//                      sidecar: placeholder credentials; REST through Sidecar's prefix route (SIDECAR_URL/kraken/…), the
//                               private WebSocket v2 through Sidecar's relay (SIDECAR_WS/kraken-ws/v2).
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   SIDECAR_VENUE, SIDECAR_WS_VENUE   REST and WebSocket venues, default kraken, kraken-ws
//   KRAKEN_URL       e.g. http://127.0.0.1:43121 (direct mode)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// ccxt gets its WebSocket token from REST GetWebSocketsToken and puts it in every private frame's params.token. Through
// Sidecar on a venue that guards orders, that token is Sidecar's placeholder: the watchBalance step reports which.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { fetchOpenOrders, loadMarkets, readWebSocketBotMode, runWebSocketBot, trimSlash, watchedOrderSteps } from './harness.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
// ccxt base64-decodes Kraken secrets before signing: the placeholder must be valid base64.
const PLACEHOLDER_SECRET = Buffer.from('placeholder-secret-placeholder-secret').toString('base64');

const SYMBOL = 'BTC/USD';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

function readConfig(env) {
  const { mode, stepTimeoutMs } = readWebSocketBotMode(env, ['KRAKEN_URL', 'KRAKEN_API_KEY', 'KRAKEN_SECRET'], ['SIDECAR_URL', 'SIDECAR_WS']);
  if (mode === 'direct') {
    const restBase = trimSlash(env.KRAKEN_URL);
    const wsBase = restBase.replace(/^http/, 'ws');
    return {
      mode, stepTimeoutMs,
      credentials: { apiKey: env.KRAKEN_API_KEY, secret: env.KRAKEN_SECRET },
      restBase: () => restBase,
      privateWs: `${wsBase}/v2`,
      unmapped: `${wsBase}/unmapped`,
    };
  }
  const sidecarUrl = `${trimSlash(env.SIDECAR_URL)}/`;
  const wsBase = trimSlash(env.SIDECAR_WS);
  const venue = env.SIDECAR_VENUE ?? 'kraken';
  return {
    mode, stepTimeoutMs,
    credentials: { apiKey: PLACEHOLDER_API_KEY, secret: PLACEHOLDER_SECRET },
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    restBase: (host) => `${sidecarUrl}${host === 'api.kraken.com' ? venue : `unmapped/${host}`}`,
    privateWs: `${wsBase}/${env.SIDECAR_WS_VENUE ?? 'kraken-ws'}/v2`,
    unmapped: `${wsBase}/unmapped`,
  };
}

// Every REST URL to the fake or Sidecar; every WebSocket URL somewhere harmless (never the real exchange), then the
// private v2 URL in use. ccxt keys its token cache on urls.api.ws.private (v1), which it never connects to.
function rewriteUrls(exchange, config) {
  const rest = {};
  for (const [name, url] of Object.entries(exchange.urls.api)) {
    if (typeof url !== 'string') {
      continue;
    }
    const parsed = new URL(url);
    rest[name] = config.restBase(parsed.hostname) + parsed.pathname.replace(/\/+$/, '');
  }
  const ws = {};
  for (const [name, url] of Object.entries(exchange.urls.api.ws)) {
    const parsed = new URL(url);
    ws[name] = `${config.unmapped}/${parsed.hostname}${parsed.pathname}`;
  }
  ws.privateV2 = config.privateWs;
  exchange.urls.api = { ...rest, ws };
}

async function buildExchange(config) {
  const exchange = new ccxt.pro.kraken({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
  });
  // loadMarkets reads /0/public/AssetPairs only: currencies come from the markets (no /0/public/Assets).
  exchange.has.fetchCurrencies = false;
  // ccxt (JS) refuses ws:// URLs until an http agent is loaded (base/Exchange.js getHttpAgentIfNeeded).
  await exchange.loadHttpProxyAgent();
  rewriteUrls(exchange, config);
  return exchange;
}

// The token ccxt got from GetWebSocketsToken and sends in params.token (ccxt caches it on the v1 client).
function heldToken(exchange) {
  const client = exchange.clients[exchange.urls.api.ws.private];
  return client?.subscriptions?.authenticated?.token;
}

function steps(exchange) {
  const state = {};
  return [
    ['loadMarkets', () => loadMarkets(exchange, SYMBOL)],
    ['watchBalance', async () => {
      // GetWebSocketsToken over REST, then subscribe balances with the token; resolves on the balance snapshot.
      const balance = await exchange.watchBalance();
      if (balance.USD === undefined) {
        throw new Error('no USD in the pushed balance');
      }
      const token = heldToken(exchange) ?? '';
      return { USD: balance.USD, tokenIsPlaceholder: token.startsWith('sidecar-placeholder-') };
    }],
    ...watchedOrderSteps(exchange, SYMBOL, 'createOrderWs', () => exchange.createOrderWs(SYMBOL, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE), state),
    // Over REST: the order placed over the WebSocket is on the same book.
    ['fetchOpenOrders', () => fetchOpenOrders(exchange, SYMBOL, state.orderId)],
    ['cancelOrderWs', async () => {
      await exchange.cancelOrderWs(state.orderId);
      return { id: state.orderId };
    }],
  ];
}

const config = readConfig(process.env);
const exchange = await buildExchange(config);
await runWebSocketBot(exchange, steps(exchange), config.stepTimeoutMs, { mode: config.mode, exchange: 'kraken' });
