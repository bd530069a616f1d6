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

import { fetchOpenOrders, loadMarkets, runWsBot, watchedOrderSteps } from './harness.mjs';
import { setUpWsBot } from './ws-bot.mjs';

const SYMBOL = 'BTC/USD';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

const { exchange, config } = await setUpWsBot({
  ccxtClass: 'kraken',
  direct: ['KRAKEN_URL', 'KRAKEN_API_KEY', 'KRAKEN_SECRET'],
  // ccxt base64-decodes Kraken secrets before signing: the placeholder must be valid base64.
  placeholder: { apiKey: 'placeholder-key', secret: Buffer.from('placeholder-secret-placeholder-secret').toString('base64') },
  restVenues: { 'api.kraken.com': ['SIDECAR_VENUE', 'kraken'] },
  // loadMarkets reads /0/public/AssetPairs only: currencies come from the markets (no /0/public/Assets).
  has: { fetchCurrencies: false },
  // The private v2 URL in use. ccxt keys its token cache on urls.api.ws.private (v1), which it never connects to.
  ws: (urls, { venue }) => {
    urls.ws.privateV2 = `${venue('SIDECAR_WS_VENUE', 'kraken-ws')}/v2`;
  },
});

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

await runWsBot(exchange, steps(exchange), config.stepTimeoutMs, { mode: config.mode, exchange: 'kraken' });
