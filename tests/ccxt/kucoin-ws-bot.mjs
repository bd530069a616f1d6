// A small ccxt pro bot that watches its KuCoin (spot) account over the push WebSocket, exactly the way a ccxt user does,
// for testing Sidecar end to end (and, in direct mode, the fake exchange itself).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (KUCOIN_URL) with KUCOIN_API_KEY / KUCOIN_SECRET /
//                               KUCOIN_PASSWORD, signed by ccxt itself; validates the fake against ccxt.
//                      sidecar: placeholder credentials; REST through Sidecar's prefix route (SIDECAR_URL/kucoin/…).
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode)
//   SIDECAR_VENUE    the REST venue, default kucoin
//   KUCOIN_URL       e.g. http://127.0.0.1:43121 (direct mode)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// No WebSocket URL is overridden, in either mode: ccxt takes the push server's address from the REST bullet-private
// answer (kucoin.negotiate). Through Sidecar, with a WebSocket venue for the push host, that answer already names
// Sidecar's relay; the watchBalance step reports the address ccxt connected to.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import { loadMarkets, runWsBot, watchedOrderSteps } from './harness.mjs';
import { PLACEHOLDER_WITH_PASSPHRASE } from './rest-bot.mjs';
import { setUpWsBot } from './ws-bot.mjs';

const SYMBOL = 'BTC/USDT';
// A small limit buy far below the market: 0.002 BTC at 50000 USDT.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

// No `ws`: the WebSocket URLs stay as ccxt has them (the bullet answer names the push server).
const { exchange, config } = await setUpWsBot({
  ccxtClass: 'kucoin',
  direct: ['KUCOIN_URL', 'KUCOIN_API_KEY', 'KUCOIN_SECRET', 'KUCOIN_PASSWORD'],
  placeholder: PLACEHOLDER_WITH_PASSPHRASE,
  restVenues: { 'api.kucoin.com': ['SIDECAR_VENUE', 'kucoin'] },
  sidecarWs: false,
  options: {
    defaultType: 'spot',
    // Load spot markets only (no api-futures.kucoin.com contract calls).
    fetchMarkets: { types: ['spot'], fetchTickersFees: true },
    // watchBalance resolves on the pushed balance message, not on a REST snapshot taken first.
    watchBalance: { fetchBalanceSnapshot: false },
  },
});

function steps(exchange) {
  const state = {};
  return [
    ['loadMarkets', () => loadMarkets(exchange, SYMBOL)],
    ['watchBalance', async () => {
      // bullet-private over REST, then the push server it names, then /account/balance.
      const balance = await exchange.watchBalance();
      if (balance.USDT === undefined) {
        throw new Error('no USDT in the pushed balance');
      }
      const url = await exchange.options.urls.private;
      return { USDT: balance.USDT, endpoint: url.split('?')[0] };
    }],
    // createOrder over REST; the push server reports it.
    ...watchedOrderSteps(exchange, SYMBOL, 'createOrder', () => exchange.createOrder(SYMBOL, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE), state),
    ['cancelOrder', async () => {
      await exchange.cancelOrder(state.orderId, SYMBOL);
      return { id: state.orderId };
    }],
  ];
}

await runWsBot(exchange, steps(exchange), config.stepTimeoutMs, { mode: config.mode, exchange: 'kucoin' });
