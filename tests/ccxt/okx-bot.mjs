// A small spot trading bot that talks to OKX (V5) exactly the way a ccxt user does, for testing Sidecar end to end.
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     proxyUrl | prefix | direct
//                      proxyUrl: exchange.proxyUrl = SIDECAR_URL; ccxt keeps its real https://www.okx.com URLs.
//                      prefix:   base-URL override: https://www.okx.com -> ${SIDECAR_URL}${SIDECAR_VENUE}/...
//                      direct:   straight to OKX_URL (the fake exchange) with OKX_API_KEY / OKX_SECRET / OKX_PASSWORD,
//                                signed by ccxt itself; used to validate the fake exchange against ccxt's own signer.
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/        (proxyUrl and prefix modes)
//   SIDECAR_VENUE    the venue name in prefix mode, default "okx"
//   OKX_URL          e.g. http://127.0.0.1:43121        (direct mode)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
// In proxyUrl and prefix modes the bot holds placeholder credentials only (ccxt's OKX class requires a password, so a
// placeholder passphrase too): Sidecar holds the real key and passphrase and signs.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { describeError, fail, runStepList, withTimeout } from './harness.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
const PLACEHOLDER_SECRET = 'placeholder-secret';
const PLACEHOLDER_PASSWORD = 'placeholder-passphrase';
const SYMBOL = 'BTC/USDT';

// A small limit buy far below the market: 0.002 BTC at 50000 USDT, above the 0.00001 BTC minimum size.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

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
    if (!env.OKX_URL || !env.OKX_API_KEY || !env.OKX_SECRET || !env.OKX_PASSWORD) {
      fail('direct mode needs OKX_URL, OKX_API_KEY, OKX_SECRET and OKX_PASSWORD');
    }
    return {
      mode, stepTimeoutMs,
      baseUrl: env.OKX_URL.replace(/\/+$/, ''),
      apiKey: env.OKX_API_KEY,
      secret: env.OKX_SECRET,
      password: env.OKX_PASSWORD,
    };
  }
  if (!env.SIDECAR_URL) {
    fail(`${mode} mode needs SIDECAR_URL`);
  }
  return {
    mode, stepTimeoutMs,
    sidecarUrl: env.SIDECAR_URL.endsWith('/') ? env.SIDECAR_URL : `${env.SIDECAR_URL}/`,
    venue: env.SIDECAR_VENUE ?? 'okx',
    apiKey: PLACEHOLDER_API_KEY,
    secret: PLACEHOLDER_SECRET,
    password: PLACEHOLDER_PASSWORD,
  };
}

// Rewrites every https://<host>/<path> in exchange.urls.api (after filling in ccxt's {hostname}), so no request can
// leave for the real exchange.
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
  const exchange = new ccxt.okx({
    apiKey: config.apiKey,
    secret: config.secret,
    password: config.password,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: {
      defaultType: 'spot',
      // Load spot markets only (no future/swap/option instrument calls).
      fetchMarkets: { types: ['spot'] },
    },
  });

  if (config.mode === 'proxyUrl') {
    exchange.proxyUrl = config.sidecarUrl;
  } else if (config.mode === 'prefix') {
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    rewriteApiUrls(exchange, (host) => (host === 'www.okx.com'
      ? `${config.sidecarUrl}${config.venue}`
      : `${config.sidecarUrl}unmapped/${host}`));
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
      return { USDT: balance.USDT ?? null };
    }],
    ['createOrder', async () => {
      const order = await exchange.createOrder(SYMBOL, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      if (!order.id) {
        throw new Error('no order id in the answer');
      }
      state.orderId = order.id;
      return { id: order.id, symbol: order.symbol };
    }],
    ['cancelOrder', async () => {
      const order = await exchange.cancelOrder(state.orderId, SYMBOL);
      if (order.id !== state.orderId) {
        throw new Error(`cancelOrder answered order ${order.id}, not ${state.orderId}`);
      }
      return { id: order.id };
    }],
  ];

  return runStepList(steps, config.stepTimeoutMs);
}

const config = readConfig(process.env);
const exchange = buildExchange(config);
const ok = await runSteps(exchange, config);
console.log(JSON.stringify({ done: true, ok, mode: config.mode, exchange: 'okx' }));
process.exit(ok ? 0 : 1);
