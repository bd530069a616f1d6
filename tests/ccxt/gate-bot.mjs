// A small trading bot that talks to Gate (API v4, spot) exactly the way a ccxt user does, for testing Sidecar end
// to end.
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE   proxyUrl | prefix | direct
//                    proxyUrl: exchange.proxyUrl = SIDECAR_URL; ccxt keeps its real https://api.gateio.ws/api/v4 URLs.
//                    prefix:   base-URL override: https://api.gateio.ws/api/v4/... -> ${SIDECAR_URL}gate/api/v4/...
//                    direct:   straight to GATE_URL (the fake exchange) with GATE_API_KEY / GATE_SECRET, signed by
//                              ccxt itself; validates the fake against ccxt's own signer.
//   SIDECAR_URL    e.g. http://127.0.0.1:8080/        (proxyUrl and prefix modes)
//   GATE_URL       e.g. http://127.0.0.1:43121        (direct mode)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
// In proxyUrl and prefix modes the bot holds placeholder credentials only: Sidecar holds the real key and signs.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { describeError, fail, runStepList, withTimeout } from './harness.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
const PLACEHOLDER_SECRET = 'placeholder-secret';

const SYMBOL = 'BTC/USDT';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

const HOST_PREFIXES = {
  'api.gateio.ws': 'gate',
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
    if (!env.GATE_URL || !env.GATE_API_KEY || !env.GATE_SECRET) {
      fail('direct mode needs GATE_URL, GATE_API_KEY and GATE_SECRET');
    }
    return {
      mode, stepTimeoutMs,
      baseUrl: env.GATE_URL.replace(/\/+$/, ''),
      apiKey: env.GATE_API_KEY,
      secret: env.GATE_SECRET,
    };
  }
  if (!env.SIDECAR_URL) {
    fail(`${mode} mode needs SIDECAR_URL`);
  }
  return {
    mode, stepTimeoutMs,
    sidecarUrl: env.SIDECAR_URL.endsWith('/') ? env.SIDECAR_URL : `${env.SIDECAR_URL}/`,
    apiKey: PLACEHOLDER_API_KEY,
    secret: PLACEHOLDER_SECRET,
  };
}

// Rewrites every https://<host>/<path> in exchange.urls.api (nested by access and product for Gate), so no request
// can leave for the real exchange.
function rewriteUrls(urls, toBase) {
  const rewritten = {};
  for (const [name, url] of Object.entries(urls)) {
    if (typeof url === 'string') {
      const parsed = new URL(url);
      rewritten[name] = toBase(parsed.hostname) + parsed.pathname.replace(/\/+$/, '');
    } else if (url !== null && typeof url === 'object') {
      rewritten[name] = rewriteUrls(url, toBase);
    } else {
      rewritten[name] = url;
    }
  }
  return rewritten;
}

function rewriteApiUrls(exchange, toBase) {
  exchange.urls.api = rewriteUrls(exchange.urls.api, toBase);
}

function buildExchange(config) {
  const exchange = new ccxt.gate({
    apiKey: config.apiKey,
    secret: config.secret,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: {
      defaultType: 'spot',
      // Load spot markets only (no futures, delivery or options calls).
      fetchMarkets: { types: ['spot'] },
    },
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
      return { USDT: balance.USDT ?? null, BTC: balance.BTC ?? null };
    }],
    ['createOrder', async () => {
      const order = await exchange.createOrder(SYMBOL, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      if (!order.id) {
        throw new Error('the order has no id');
      }
      state.orderId = order.id;
      return { id: order.id, symbol: order.symbol };
    }],
    ['cancelOrder', async () => {
      await exchange.cancelOrder(state.orderId, SYMBOL);
      return { id: state.orderId };
    }],
  ];

  return runStepList(steps, config.stepTimeoutMs);
}

const config = readConfig(process.env);
const exchange = buildExchange(config);
const ok = await runSteps(exchange, config);
console.log(JSON.stringify({ done: true, ok, mode: config.mode, exchange: 'gate' }));
process.exit(ok ? 0 : 1);
