// What the login-frame WebSocket bots (bybit-ws-bot.mjs, okx-ws-bot.mjs) do alike: point every WebSocket URL ccxt knows
// somewhere harmless, the steps a ccxt pro user takes to follow an account and trade over WebSockets, and the run.

import { describeError, runStepList } from './harness.mjs';

const trimSlash = (url) => url.replace(/\/+$/, '');

export { trimSlash };

// Returns a copy of a (nested) urls.api.ws tree with every URL pointed at `${unmapped}/<host><path>`: a URL the bot does
// not set on purpose goes to a path Sidecar (or the fake) refuses, never to the real exchange. {hostname} templates are
// filled in first.
export function parkWsUrls(exchange, urls, unmapped) {
  if (typeof urls === 'string') {
    const parsed = new URL(exchange.implodeHostname(urls));
    return `${unmapped}/${parsed.hostname}${parsed.pathname}`;
  }
  return Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, parkWsUrls(exchange, url, unmapped)]));
}

// Rewrites every https://<host>/<path> in exchange.urls.api (REST, after filling in {hostname}); nested entries (ws) stay.
export function rewriteRestUrls(exchange, toBase) {
  const rewritten = {};
  for (const [name, url] of Object.entries(exchange.urls.api)) {
    if (typeof url !== 'string') {
      rewritten[name] = url;
      continue;
    }
    const parsed = new URL(exchange.implodeHostname(url));
    rewritten[name] = toBase(parsed.hostname) + parsed.pathname.replace(/\/+$/, '');
  }
  exchange.urls.api = rewritten;
}

// loadMarkets (REST), watchBalance, createOrderWs (watchOrders armed first: it resolves on the next update only),
// watchOrders (the update for that order), fetchOpenOrders (REST: the order is on the same book), cancelOrderWs.
export function wsSteps(exchange, { symbol, amount, price }) {
  const state = {};
  return [
    ['loadMarkets', async () => {
      const markets = await exchange.loadMarkets();
      if (!(symbol in markets)) {
        throw new Error(`${symbol} is not among the loaded markets`);
      }
      return { markets: Object.keys(markets).length };
    }],
    ['watchBalance', async () => {
      const balance = await exchange.watchBalance();
      if (balance.USDT === undefined) {
        throw new Error('no USDT in the pushed balance');
      }
      return { USDT: balance.USDT };
    }],
    ['createOrderWs', async () => {
      state.orderUpdate = exchange.watchOrders(symbol);
      state.orderUpdate.catch(() => {});
      await new Promise((resolve) => { setImmediate(resolve); });
      const order = await exchange.createOrderWs(symbol, 'limit', 'buy', amount, price);
      if (!order.id) {
        throw new Error('no order id in the answer');
      }
      state.orderId = order.id;
      return { id: order.id };
    }],
    ['watchOrders', async () => {
      const orders = await state.orderUpdate;
      const mine = orders.find((o) => o.id === state.orderId);
      if (!mine) {
        throw new Error(`no update for order ${state.orderId} among ${orders.length}`);
      }
      return { id: mine.id, status: mine.status, symbol: mine.symbol };
    }],
    ['fetchOpenOrders', async () => {
      const orders = await exchange.fetchOpenOrders(symbol);
      if (!orders.some((o) => o.id === state.orderId)) {
        throw new Error(`order ${state.orderId} is not among the ${orders.length} open orders`);
      }
      return { count: orders.length };
    }],
    ['cancelOrderWs', async () => {
      const order = await exchange.cancelOrderWs(state.orderId, symbol);
      if (order.id !== state.orderId) {
        throw new Error(`cancelOrderWs answered order ${order.id}, not ${state.orderId}`);
      }
      return { id: order.id };
    }],
  ];
}

// Runs the steps, one JSON line each, then {"done":true,"ok":...}; exits 0 only if every step succeeded.
export async function runWsBot(exchange, order, stepTimeoutMs, summary) {
  // ccxt rejects internal futures nobody awaits when a subscription fails; the step that failed has reported the error.
  process.on('unhandledRejection', (error) => {
    console.log(JSON.stringify({ unhandled: true, ...describeError(error) }));
  });
  const ok = await runStepList(wsSteps(exchange, order), stepTimeoutMs);
  try {
    await exchange.close();
  } catch {
    // Closing is a courtesy to the server; the result is already known.
  }
  console.log(JSON.stringify({ done: true, ok, ...summary }));
  process.exit(ok ? 0 : 1);
}
