// What the two Coinbase ccxt pro bots (coinbase-advanced-ws-bot.mjs, coinbase-exchange-ws-bot.mjs) share: the
// configuration, the URL overrides and the steps. Neither Coinbase feed takes orders, so orders go over REST (through
// Sidecar's REST venue) and the feed is watched: public market data (watchTicker, no credentials) and the account's
// orders (watchOrders, a subscribe that carries credentials ccxt signs with its placeholder and Sidecar re-signs).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (EXCHANGE_URL; its feed on the same port as ws://) with the
//                               real credentials, signed by ccxt itself; validates the fake against ccxt's own signer.
//                      sidecar: placeholder credentials; REST through Sidecar's path-prefix form
//                               (${SIDECAR_URL}${SIDECAR_VENUE}/...), the feed through ws://…/${SIDECAR_WS_VENUE}.
//   EXCHANGE_URL     e.g. http://127.0.0.1:43121 (direct mode)
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   SIDECAR_VENUE, SIDECAR_WS_VENUE   the REST and WebSocket venues (defaults per exchange)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { describeError, fail, readStepTimeout, runStepList } from './harness.mjs';

const SYMBOL = 'BTC/USD';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

const trimSlash = (url) => url.replace(/\/+$/, '');

// exchange: { exchangeClass, restHost, restVenue, wsVenue, options, direct(env), placeholder(env) } where direct and
// placeholder return the credentials for their mode (failing when the environment lacks them).
function readConfig(env, exchange) {
  const mode = env.SIDECAR_MODE;
  if (!['direct', 'sidecar'].includes(mode)) {
    fail('SIDECAR_MODE must be direct or sidecar');
  }
  const stepTimeoutMs = readStepTimeout(env);
  if (mode === 'direct') {
    if (!env.EXCHANGE_URL) {
      fail('direct mode needs EXCHANGE_URL');
    }
    const restBase = trimSlash(env.EXCHANGE_URL);
    return { mode, stepTimeoutMs, credentials: exchange.direct(env), restBase: () => restBase, ws: restBase.replace(/^http/, 'ws') };
  }
  if (!env.SIDECAR_URL || !env.SIDECAR_WS) {
    fail('sidecar mode needs SIDECAR_URL and SIDECAR_WS');
  }
  const sidecarUrl = `${trimSlash(env.SIDECAR_URL)}/`;
  const restVenue = env.SIDECAR_VENUE ?? exchange.restVenue;
  return {
    mode, stepTimeoutMs,
    credentials: exchange.placeholder(env),
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    restBase: (host) => `${sidecarUrl}${host === exchange.restHost ? restVenue : `unmapped/${host}`}`,
    ws: `${trimSlash(env.SIDECAR_WS)}/${env.SIDECAR_WS_VENUE ?? exchange.wsVenue}`,
  };
}

// Rewrites every REST URL in exchange.urls.api (after filling in {hostname}), then points the feed (urls.api.ws, one
// URL for public and private subscriptions on both Coinbase classes) at config.ws.
function rewriteUrls(exchange, config) {
  const rewritten = {};
  for (const [name, url] of Object.entries(exchange.urls.api)) {
    const parsed = new URL(exchange.implodeHostname(url));
    rewritten[name] = config.restBase(parsed.hostname) + parsed.pathname.replace(/\/+$/, '');
  }
  rewritten.ws = config.ws;
  exchange.urls.api = rewritten;
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
    // Public market data: a subscribe without credentials, passed through as it came.
    ['watchTicker', async () => {
      const ticker = await exchange.watchTicker(SYMBOL);
      if (!(ticker.last > 0)) {
        throw new Error('no last price in the pushed ticker');
      }
      return { symbol: ticker.symbol, last: ticker.last };
    }],
    ['createOrder', async () => {
      const order = await exchange.createOrder(SYMBOL, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      state.orderId = order.id;
      return { id: order.id, status: order.status };
    }],
    // The account's orders: a subscribe that carries credentials; the fake then pushes the open orders.
    ['watchOrders', async () => {
      const orders = await exchange.watchOrders(SYMBOL);
      const mine = orders.find((o) => o.id === state.orderId);
      if (!mine) {
        throw new Error(`no update for order ${state.orderId} among ${orders.length}`);
      }
      return { id: mine.id, symbol: mine.symbol, side: mine.side };
    }],
    ['cancelOrder', async () => {
      await exchange.cancelOrder(state.orderId, SYMBOL);
      return { id: state.orderId };
    }],
  ];
}

export async function runCoinbaseWsBot(exchangeDescription) {
  // ccxt rejects internal futures nobody awaits when a subscription fails; the step that failed has reported the
  // error, so report these instead of crashing.
  process.on('unhandledRejection', (error) => {
    console.log(JSON.stringify({ unhandled: true, ...describeError(error) }));
  });

  const config = readConfig(process.env, exchangeDescription);
  const exchange = new ccxt.pro[exchangeDescription.exchangeClass]({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: exchangeDescription.options ?? {},
  });
  // ccxt (JS) refuses ws:// URLs until an http agent is loaded (base/Exchange.js getHttpAgentIfNeeded).
  await exchange.loadHttpProxyAgent();
  rewriteUrls(exchange, config);
  const ok = await runStepList(steps(exchange), config.stepTimeoutMs);
  try {
    await exchange.close();
  } catch {
    // Closing is a courtesy to the server; the result is already known.
  }
  console.log(JSON.stringify({ done: true, ok, mode: config.mode, exchange: exchangeDescription.exchangeClass }));
  process.exit(ok ? 0 : 1);
}
