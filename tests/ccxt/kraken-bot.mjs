// A small trading bot that talks to Kraken (spot) exactly the way a ccxt user does, for testing Sidecar end to end.
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE   proxyUrl | prefix | direct
//                    proxyUrl: exchange.proxyUrl = SIDECAR_URL; ccxt keeps its real https://api.kraken.com URLs.
//                    prefix:   base-URL override: https://api.kraken.com/... -> ${SIDECAR_URL}kraken/...
//                    direct:   straight to KRAKEN_URL (the fake exchange) with KRAKEN_API_KEY / KRAKEN_SECRET (base64,
//                              as Kraken hands it out), signed by ccxt itself; validates the fake against ccxt's signer.
//   SIDECAR_URL    e.g. http://127.0.0.1:8080/        (proxyUrl and prefix modes)
//   KRAKEN_URL     e.g. http://127.0.0.1:43121        (direct mode)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
// In proxyUrl and prefix modes the bot holds placeholder credentials only: Sidecar holds the real key and signs.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { describeError, fail, runStepList, withTimeout } from './harness.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
// ccxt base64-decodes Kraken secrets before signing: the placeholder must be valid base64.
const PLACEHOLDER_SECRET = Buffer.from('placeholder-secret-placeholder-secret').toString('base64');

const SYMBOL = 'BTC/USD';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

const HOST_PREFIXES = {
  'api.kraken.com': 'kraken',
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
    if (!env.KRAKEN_URL || !env.KRAKEN_API_KEY || !env.KRAKEN_SECRET) {
      fail('direct mode needs KRAKEN_URL, KRAKEN_API_KEY and KRAKEN_SECRET');
    }
    return {
      mode, stepTimeoutMs,
      baseUrl: env.KRAKEN_URL.replace(/\/+$/, ''),
      apiKey: env.KRAKEN_API_KEY,
      secret: env.KRAKEN_SECRET,
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

// Rewrites every https://<host>/<path> in exchange.urls.api, so no request can leave for the real exchange.
function rewriteApiUrls(exchange, toBase) {
  const rewritten = {};
  for (const [name, url] of Object.entries(exchange.urls.api)) {
    if (typeof url !== 'string') {
      rewritten[name] = url;
      continue;
    }
    const parsed = new URL(url);
    rewritten[name] = toBase(parsed.hostname) + parsed.pathname.replace(/\/+$/, '');
  }
  exchange.urls.api = rewritten;
}

function buildExchange(config) {
  const exchange = new ccxt.kraken({
    apiKey: config.apiKey,
    secret: config.secret,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
  });
  // loadMarkets reads /0/public/AssetPairs only: currencies come from the markets (no /0/public/Assets).
  exchange.has.fetchCurrencies = false;

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
      return { USD: balance.USD ?? null, BTC: balance.BTC ?? null };
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
console.log(JSON.stringify({ done: true, ok, mode: config.mode, exchange: 'kraken' }));
process.exit(ok ? 0 : 1);
