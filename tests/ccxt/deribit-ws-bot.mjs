// A small ccxt pro bot that watches its Deribit account and trades BTC-PERPETUAL over Deribit's JSON-RPC WebSocket,
// the way a ccxt user does, for testing Sidecar's WebSocket relay end to end (and, in direct mode, the fake exchange).
// ccxt 4.5.84 has no createOrderWs for Deribit, so orders go as raw private/buy and private/cancel requests over
// ccxt's own authenticated connection (the one watchBalance and watchOrders use).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (DERIBIT_URL) with DERIBIT_CLIENT_ID / DERIBIT_SECRET,
//                               ccxt signing public/auth itself; validates the fake against ccxt's own signer.
//                      sidecar: placeholder credentials; the WebSocket URL points at Sidecar's relay
//                               (SIDECAR_WS/SIDECAR_WS_VENUE/ws/api/v2), REST at SIDECAR_URL/SIDECAR_VENUE.
//   DERIBIT_URL      e.g. http://127.0.0.1:43121 (direct mode; the WebSocket is ws://…/ws/api/v2 on the same host)
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/ (sidecar mode, REST)
//   SIDECAR_WS       e.g. ws://127.0.0.1:8080    (sidecar mode, WebSocket)
//   SIDECAR_VENUE    REST venue, default deribit; SIDECAR_WS_VENUE WebSocket venue, default deribit-ws
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import { runWsBot } from './harness.mjs';
import { setUpWsBot } from './ws-bot.mjs';

const PLACEHOLDER_TOKEN_PREFIX = 'sidecar-placeholder-';

// The inverse BTC perpetual: amounts in USD, multiples of the 10 USD contract; a limit buy far below the market.
const SYMBOL = 'BTC/USD:BTC';
const INSTRUMENT = 'BTC-PERPETUAL';
const ORDER = { instrument_name: INSTRUMENT, amount: 10, type: 'limit', price: 50000, label: 'ws-bot' };

// JSON-RPC answers to the requests this bot sends itself, by id: ccxt's deribit ignores answers without an
// access_token and throws on errors, so they are taken out before its handler sees them. Installed before the first
// connection exists, since ccxt binds handleMessage when it creates a client.
function interceptAnswers(exchange) {
  const awaited = new Set();
  const handle = exchange.handleMessage.bind(exchange);
  exchange.handleMessage = (client, message) => {
    if (message !== null && typeof message === 'object' && awaited.has(message.id)) {
      awaited.delete(message.id);
      client.resolve(message, `rpc:${message.id}`);
      return undefined;
    }
    return handle(client, message);
  };
  return awaited;
}

// Sends one JSON-RPC request on ccxt's authenticated connection; resolves with its result, rejects with its error.
async function rpc(exchange, awaited, method, params) {
  await exchange.authenticate();
  const client = exchange.client(exchange.urls.api.ws);
  const id = exchange.requestId();
  awaited.add(id);
  const answer = client.future(`rpc:${id}`);
  // Through ccxt's own send queue, as watch() sends: a request never overtakes a subscription queued before it.
  if (exchange.enableRateLimit && client.throttle !== undefined) {
    await client.throttle(1);
  }
  await client.send({ jsonrpc: '2.0', id, method, params });
  const message = await answer;
  if (message.error !== undefined) {
    const error = new Error(`${method}: ${JSON.stringify(message.error)}`);
    error.code = message.error.code;
    throw error;
  }
  return message.result;
}

// The channel ccxt's watchOrders subscribes to with no params.
const ORDERS_CHANNEL = 'user.orders.any.any.raw';

// Resolves once ccxt has queued the subscription to the channel (watch() registers it before sending).
async function subscribed(exchange, channel) {
  const client = exchange.client(exchange.urls.api.ws);
  while (client.subscriptions[channel] === undefined) {
    await new Promise((resolve) => { setTimeout(resolve, 5); });
  }
}

// Whether a token the bot was given is Sidecar's placeholder or the exchange's own.
const kindOf = (token) => (typeof token === 'string' && token.startsWith(PLACEHOLDER_TOKEN_PREFIX) ? 'placeholder' : 'exchange');

function steps(exchange, awaited, config) {
  const state = {};
  const list = [
    ['loadMarkets', async () => {
      const markets = await exchange.loadMarkets();
      if (!(SYMBOL in markets)) {
        throw new Error(`${SYMBOL} is not among the loaded markets`);
      }
      return { markets: Object.keys(markets).length };
    }],
    ['watchBalance', async () => {
      // public/auth, then private/subscribe to user.portfolio.*: resolves on the portfolio pushed after it.
      const balance = await exchange.watchBalance();
      if (balance.BTC === undefined) {
        throw new Error('no BTC in the pushed balance');
      }
      const auth = await exchange.authenticate();
      return { BTC: balance.BTC, accessToken: kindOf(auth.result.access_token), refreshToken: kindOf(auth.result.refresh_token) };
    }],
    ['buyWs', async () => {
      // watchOrders resolves on the next order update only, so it is armed before the order exists.
      state.orderUpdate = exchange.watchOrders(SYMBOL);
      state.orderUpdate.catch(() => {});
      await subscribed(exchange, ORDERS_CHANNEL);
      const result = await rpc(exchange, awaited, 'private/buy', ORDER);
      state.orderId = result.order.order_id;
      return { id: state.orderId, state: result.order.order_state };
    }],
    ['watchOrders', async () => {
      const orders = await state.orderUpdate;
      const mine = orders.find((o) => o.id === state.orderId);
      if (!mine) {
        throw new Error(`no update for order ${state.orderId} among ${orders.length}`);
      }
      return { id: mine.id, status: mine.status };
    }],
  ];
  if (config.mode === 'sidecar') {
    // Withdrawals are denied in every profile: Sidecar answers in Deribit's envelope, and the connection stays open.
    list.push(['withdrawRefused', async () => {
      try {
        await rpc(exchange, awaited, 'private/withdraw', { currency: 'BTC', address: 'bc1qplaceholderaddress', amount: 0.1 });
      } catch (error) {
        if (error.code === 4030) {
          return { code: error.code };
        }
        throw error;
      }
      throw new Error('private/withdraw was not refused');
    }]);
  }
  list.push(
    // Over REST: the order placed over the WebSocket is on the same book.
    ['fetchOpenOrders', async () => {
      const orders = await exchange.fetchOpenOrders(SYMBOL);
      if (!orders.some((o) => o.id === state.orderId)) {
        throw new Error(`order ${state.orderId} is not among the ${orders.length} open orders`);
      }
      return { open: orders.length };
    }],
    ['cancelWs', async () => {
      const order = await rpc(exchange, awaited, 'private/cancel', { order_id: state.orderId });
      if (order.order_state !== 'cancelled') {
        throw new Error(`order ${state.orderId} is ${order.order_state} after private/cancel`);
      }
      return { id: order.order_id, state: order.order_state };
    }],
  );
  return list;
}

const { exchange, config } = await setUpWsBot({
  ccxtClass: 'deribit',
  direct: ['DERIBIT_URL', 'DERIBIT_CLIENT_ID', 'DERIBIT_SECRET'],
  placeholder: { apiKey: 'placeholder-client-id', secret: 'placeholder-client-secret' },
  restVenues: { 'www.deribit.com': ['SIDECAR_VENUE', 'deribit'] },
  ws: (urls, { venue }) => {
    urls.ws = `${venue('SIDECAR_WS_VENUE', 'deribit-ws')}/ws/api/v2`;
  },
});
const awaited = interceptAnswers(exchange);
await runWsBot(exchange, steps(exchange, awaited, config), config.stepTimeoutMs, { mode: config.mode, exchange: 'deribit' });
