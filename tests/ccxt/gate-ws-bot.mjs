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

import { armOrderWatch, fail, orderUpdate, runWsBot, watchedBalance } from './harness.mjs';
import { SPOT_ONLY } from './rest-bot.mjs';
import { setUpWsBot } from './ws-bot.mjs';

const SYMBOL = 'BTC/USDT';
const ORDER_PRICE = 50000;

if (['direct', 'sidecar'].includes(process.env.SIDECAR_MODE) && !process.env.GATE_UID) {
  fail('GATE_UID is required (futures subscriptions name the user id)');
}

const { exchange, config } = await setUpWsBot({
  ccxtClass: 'gate',
  direct: ['GATE_URL', 'GATE_API_KEY', 'GATE_SECRET'],
  fields: (env) => ({ uid: env.GATE_UID }),
  restVenues: { 'api.gateio.ws': ['SIDECAR_VENUE', 'gate'] },
  // Load spot markets only (no futures, delivery or options calls): futures balances need no market.
  options: SPOT_ONLY,
  // The two WebSockets in use: spot and USDT futures.
  ws: (urls, { venue }) => {
    urls.spot = `${venue('SIDECAR_WS_VENUE_SPOT', 'gate-ws')}/ws/v4/`;
    urls.swap.usdt = `${venue('SIDECAR_WS_VENUE_FUTURES', 'gate-futures-ws')}/v4/ws/usdt`;
  },
});
config.orderAmount = Number(process.env.ORDER_AMOUNT ?? 0.002);

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

await runWsBot(exchange, steps(exchange, config), config.stepTimeoutMs, { mode: config.mode, exchange: 'gate' });
