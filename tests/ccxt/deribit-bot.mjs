// A small trading bot that talks to Deribit (ccxt.deribit, BTC-PERPETUAL) exactly the way a ccxt user does, for
// testing Sidecar end to end. Modelled on bot.mjs.
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE   proxyUrl | prefix | direct
//                    proxyUrl: exchange.proxyUrl = SIDECAR_URL; ccxt keeps its real https://www.deribit.com URLs.
//                    prefix:   base-URL override: https://www.deribit.com/... -> ${SIDECAR_URL}deribit/...
//                    direct:   straight to EXCHANGE_URL (the fake exchange) with EXCHANGE_API_KEY (client id) and
//                              EXCHANGE_SECRET (client secret), signed by ccxt itself; validates the fake against
//                              ccxt's own signer.
//   SIDECAR_URL    e.g. http://127.0.0.1:8080/        (proxyUrl and prefix modes)
//   EXCHANGE_URL   e.g. http://127.0.0.1:43121        (direct mode)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
// In proxyUrl and prefix modes the bot holds placeholder credentials only: Sidecar holds the real key and signs.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { describeError, fail, runStepList, withTimeout } from './harness.mjs';

const PLACEHOLDER = {
  apiKey: 'placeholder-client-id',
  secret: 'placeholder-client-secret',
};

// The inverse BTC perpetual: amounts are in USD, in multiples of the 10 USD contract.
const SYMBOL = 'BTC/USD:BTC';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 10;
const ORDER_PRICE = 50000;

const HOST_PREFIXES = {
  'www.deribit.com': 'deribit',
};

function readConfig(env) {
  const mode = env.SIDECAR_MODE;
  if (!['proxyUrl', 'prefix', 'direct'].includes(mode)) {
    fail('SIDECAR_MODE must be proxyUrl, prefix or direct');
  }
  const stepTimeoutMs = Number(env.STEP_TIMEOUT_MS ?? 15000);
  if (!(stepTimeoutMs > 0)) {
    fail('STEP_TIMEOUT_MS must be a positive number');
  }
  if (mode === 'direct') {
    if (!env.EXCHANGE_URL || !env.EXCHANGE_API_KEY || !env.EXCHANGE_SECRET) {
      fail('direct mode needs EXCHANGE_URL, EXCHANGE_API_KEY and EXCHANGE_SECRET');
    }
    return {
      mode, stepTimeoutMs,
      baseUrl: env.EXCHANGE_URL.replace(/\/+$/, ''),
      credentials: { apiKey: env.EXCHANGE_API_KEY, secret: env.EXCHANGE_SECRET },
    };
  }
  if (!env.SIDECAR_URL) {
    fail(`${mode} mode needs SIDECAR_URL`);
  }
  return {
    mode, stepTimeoutMs,
    sidecarUrl: env.SIDECAR_URL.endsWith('/') ? env.SIDECAR_URL : `${env.SIDECAR_URL}/`,
    credentials: PLACEHOLDER,
  };
}

// Rewrites every https://<host>/<path> in exchange.urls.api, so no request can leave for the real exchange.
function rewriteApiUrls(exchange, toBase) {
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

function buildExchange(config) {
  const exchange = new ccxt.deribit({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
  });
  if (config.mode === 'proxyUrl') {
    exchange.proxyUrl = config.sidecarUrl;
  } else if (config.mode === 'prefix') {
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    rewriteApiUrls(exchange, (host) => `${config.sidecarUrl}${HOST_PREFIXES[host] ?? `unmapped/${host}`}`);
  } else {
    rewriteApiUrls(exchange, () => config.baseUrl);
  }
  return exchange;
}

async function runSteps(exchange, config) {
  const state = {};
  const steps = [
    ['loadMarkets', async () => {
      const markets = await exchange.loadMarkets();
      if (!(SYMBOL in markets)) {
        throw new Error(`${SYMBOL} is not among the loaded markets`);
      }
      return { markets: Object.keys(markets).length };
    }],
    ['fetchBalance', async () => {
      const balance = await exchange.fetchBalance();
      return { BTC: balance.BTC ?? null };
    }],
    ['createOrder', async () => {
      const order = await exchange.createOrder(SYMBOL, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      state.orderId = order.id;
      return { id: order.id, status: order.status, symbol: order.symbol, amount: order.amount, price: order.price };
    }],
    ['cancelOrder', async () => {
      const order = await exchange.cancelOrder(state.orderId, SYMBOL);
      if (order.status !== 'canceled') {
        throw new Error(`order ${state.orderId} is ${order.status} after cancelOrder`);
      }
      return { id: order.id, status: order.status };
    }],
  ];

  return runStepList(steps, config.stepTimeoutMs);
}

const config = readConfig(process.env);
const exchange = buildExchange(config);
const ok = await runSteps(exchange, config);
console.log(JSON.stringify({ done: true, ok, mode: config.mode }));
process.exit(ok ? 0 : 1);
