// The steps of the login-frame WebSocket bots (bybit-ws-bot.mjs, okx-ws-bot.mjs): what a ccxt pro user does to follow
// an account and trade over WebSockets.

import { fetchOpenOrders, loadMarkets, runWsBot, watchedBalance, watchedOrderSteps } from './harness.mjs';

// loadMarkets (REST), watchBalance, createOrderWs (watchOrders armed first: it resolves on the next update only),
// watchOrders (the update for that order), fetchOpenOrders (REST: the order is on the same book), cancelOrderWs.
export function wsSteps(exchange, { symbol, amount, price }) {
  const state = {};
  return [
    ['loadMarkets', () => loadMarkets(exchange, symbol)],
    ['watchBalance', () => watchedBalance(exchange, 'USDT')],
    ...watchedOrderSteps(exchange, symbol, 'createOrderWs', () => exchange.createOrderWs(symbol, 'limit', 'buy', amount, price), state),
    ['fetchOpenOrders', () => fetchOpenOrders(exchange, symbol, state.orderId)],
    ['cancelOrderWs', async () => {
      const order = await exchange.cancelOrderWs(state.orderId, symbol);
      if (order.id !== state.orderId) {
        throw new Error(`cancelOrderWs answered order ${order.id}, not ${state.orderId}`);
      }
      return { id: order.id };
    }],
  ];
}

// Runs those steps, one JSON line each, then {"done":true,"ok":...}; exits 0 only if every step succeeded.
export function runWsStepsBot(exchange, order, stepTimeoutMs, summary) {
  return runWsBot(exchange, wsSteps(exchange, order), stepTimeoutMs, summary);
}
