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

import { armOrderWatch, orderUpdate, runWsBot, watchedBalance } from './harness.mjs';
import { setUpWsBot } from './ws-bot.mjs';

const SYMBOL = 'BTC/USD';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

const { exchange, config } = await setUpWsBot({
  ccxtClass: 'bitfinex',
  direct: ['BITFINEX_URL', 'BITFINEX_API_KEY', 'BITFINEX_SECRET'],
  restVenues: { 'api.bitfinex.com': ['SIDECAR_VENUE', 'bitfinex'], 'api-pub.bitfinex.com': ['SIDECAR_VENUE_PUB', 'bitfinex-pub'] },
  // loadMarkets reads one public /v2/conf/… call for the pairs (no currency call), as bitfinex-bot.mjs.
  has: { fetchCurrencies: false },
  // The private WebSocket; the public one stays parked.
  ws: (urls, { venue }) => {
    urls.ws.private = `${venue('SIDECAR_WS_VENUE', 'bitfinex-ws')}/ws/2`;
  },
});

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

await runWsBot(exchange, steps(exchange), config.stepTimeoutMs, { mode: config.mode, exchange: 'bitfinex' });
