// A small ccxt pro bot that trades Binance over the WebSocket API and watches its user data, exactly the way a ccxt
// user does, for testing Sidecar's WebSocket relay end to end (and, in direct mode, the fake exchange itself).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (BINANCE_URL) with BINANCE_API_KEY / BINANCE_SECRET, signed
//                               by ccxt itself (an Ed25519 PEM secret makes ccxt sign with EdDSA); validates the fake
//                               against ccxt's own signer.
//                      sidecar: placeholder credentials; WebSocket URLs point at Sidecar's relay (SIDECAR_WS), REST at
//                               Sidecar's proxy (SIDECAR_URL) as bot.mjs does.
//   MARKET           spot | usdm
//   KEY_TYPE         hmac | ed25519 (sidecar mode): the placeholder secret is 'placeholder-secret', or a throwaway
//                    Ed25519 PEM generated here (ccxt picks EdDSA for a short secret containing 'PRIVATE KEY').
//   BINANCE_URL      e.g. http://127.0.0.1:43121 (direct mode; WebSockets go to the same host as ws://)
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   REST_MODE        prefix (default): REST base URLs ${SIDECAR_URL}${venue}/...; proxyUrl: exchange.proxyUrl = SIDECAR_URL
//   SIDECAR_VENUE_SPOT, SIDECAR_VENUE_USDM                 REST venues, default binance, binance-usdm
//   SIDECAR_WS_VENUE_SPOT, SIDECAR_WS_VENUE_USDM            WebSocket API venues, default binance-ws, binance-usdm-ws
//   SIDECAR_WS_VENUE_USDM_STREAM                            USD-M user data stream venue, default binance-usdm-stream
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import { generateKeyPairSync } from 'node:crypto';
import { cancel, fetchOpenOrders, loadMarkets, MARKETS, marketOptions, ORDER_AMOUNT, ORDER_PRICE, readMarket } from './binance-markets.mjs';
import { fail, runWsBot } from './harness.mjs';
import { setUpWsBot } from './ws-bot.mjs';

// Not the venue's key: ccxt signs with whatever it holds, so the placeholder must be a usable Ed25519 key (a PKCS#8 PEM
// of 119 characters, under ccxt's 120-character RSA threshold) for ccxt to choose EdDSA.
function throwawayEd25519Pem() {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
}

function steps(exchange, config) {
  const { symbol } = MARKETS[config.market];
  const state = {};
  return [
    ['loadMarkets', () => loadMarkets(exchange, symbol)],
    ['watchBalance', async () => {
      // Spot: userDataStream.subscribe.signature on the WebSocket API; USD-M: a REST listen key, then the user data
      // stream. Resolves on the account event pushed there.
      const balance = await exchange.watchBalance();
      if (balance.USDT === undefined) {
        throw new Error('no USDT in the pushed balance');
      }
      return { USDT: balance.USDT };
    }],
    ['createOrderWs', async () => {
      // watchOrders resolves on the next order update only, so it is armed before the order exists.
      state.orderUpdate = exchange.watchOrders(symbol);
      state.orderUpdate.catch(() => {});
      await new Promise((resolve) => { setImmediate(resolve); });
      const order = await exchange.createOrderWs(symbol, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      if (!order.id) {
        throw new Error('no order id in the answer');
      }
      state.orderId = order.id;
      return { id: order.id, status: order.status, amount: order.amount, price: order.price };
    }],
    ['watchOrders', async () => {
      const orders = await state.orderUpdate;
      const mine = orders.find((o) => o.id === state.orderId);
      if (!mine) {
        throw new Error(`no update for order ${state.orderId} among ${orders.length}`);
      }
      return { id: mine.id, status: mine.status };
    }],
    // Over REST: the order placed over the WebSocket API is on the same book.
    ['fetchOpenOrders', () => fetchOpenOrders(exchange, symbol, state.orderId)],
    ['cancelOrderWs', () => cancel(exchange, 'cancelOrderWs', state.orderId, symbol)],
  ];
}

function keyType(env) {
  const type = env.KEY_TYPE ?? 'hmac';
  if (!['hmac', 'ed25519'].includes(type)) {
    fail('KEY_TYPE must be hmac or ed25519');
  }
  return type;
}

function restMode(env) {
  const mode = env.REST_MODE ?? 'prefix';
  if (!['prefix', 'proxyUrl'].includes(mode)) {
    fail('REST_MODE must be prefix or proxyUrl');
  }
  return mode;
}

const market = readMarket(process.env);
const { exchange, config } = await setUpWsBot({
  ccxtClass: MARKETS[market].exchangeClass,
  direct: ['BINANCE_URL', 'BINANCE_API_KEY', 'BINANCE_SECRET'],
  placeholder: (env) => ({ apiKey: 'placeholder-key', secret: keyType(env) === 'ed25519' ? throwawayEd25519Pem() : 'placeholder-secret' }),
  restMode,
  restVenues: { 'api.binance.com': ['SIDECAR_VENUE_SPOT', 'binance'], 'fapi.binance.com': ['SIDECAR_VENUE_USDM', 'binance-usdm'] },
  options: {
    ...marketOptions(MARKETS[market]),
    // USD-M watchBalance would otherwise prime its positions cache over REST (positionRisk), which is not what this
    // bot tests; positions then come from the stream's ACCOUNT_UPDATE events only.
    watchPositions: { fetchPositionsSnapshot: false },
  },
  // The three in use: the WebSocket API (spot or USD-M) and the USD-M user data stream base, which ccxt turns into
  // ${stream minus /ws}/private/ws?listenKey=... (binance.getPrivateWsUrl).
  ws: (urls, { venue }) => {
    urls.ws['ws-api'].spot = `${venue('SIDECAR_WS_VENUE_SPOT', 'binance-ws')}/ws-api/v3`;
    urls.ws['ws-api'].future = `${venue('SIDECAR_WS_VENUE_USDM', 'binance-usdm-ws')}/ws-fapi/v1`;
    urls.ws.future = `${venue('SIDECAR_WS_VENUE_USDM_STREAM', 'binance-usdm-stream')}/ws`;
  },
});
config.market = market;
// ccxt rejects internal futures nobody awaits when a subscription fails (ensureUserDataStreamWsSubscribeSignature's
// 'authenticate:signature:spot'); runWsBot reports these instead of crashing.
await runWsBot(exchange, steps(exchange, config), config.stepTimeoutMs, { mode: config.mode, market: config.market });
