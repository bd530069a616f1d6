// A small trading bot that talks to Coinbase Advanced Trade (ccxt.coinbase) with a CDP API key exactly the way a
// ccxt user does, for testing Sidecar end to end. Modelled on bot.mjs.
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE   proxyUrl | prefix | direct
//                    proxyUrl: exchange.proxyUrl = SIDECAR_URL; ccxt keeps its real https://api.coinbase.com URLs.
//                    prefix:   base-URL override: https://api.coinbase.com/... -> ${SIDECAR_URL}coinbase-advanced/...
//                    direct:   straight to EXCHANGE_URL (the fake exchange) with EXCHANGE_API_KEY (the CDP key name) and
//                              EXCHANGE_SECRET (its EC private key PEM), signed by ccxt itself; validates the fake
//                              against ccxt's own JWT signer.
//   PLACEHOLDER_PEM  proxyUrl and prefix modes: a throwaway EC P-256 private key PEM ("-----BEGIN EC PRIVATE KEY-----").
//                    ccxt really signs a JWT with whatever secret it holds, so the placeholder must be a usable EC key;
//                    it is not the venue's key and Sidecar replaces the JWT.
//   SIDECAR_URL    e.g. http://127.0.0.1:8080/        (proxyUrl and prefix modes)
//   EXCHANGE_URL   e.g. http://127.0.0.1:43121        (direct mode)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
// In proxyUrl and prefix modes the bot holds placeholder credentials only: Sidecar holds the real key and signs.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { describeError, fail, runStepList, withTimeout } from './harness.mjs';

// ccxt recognises a CDP key by the "organizations/" key name or a PEM secret, and then signs an ES256 JWT itself.
const PLACEHOLDER_KEY_NAME = 'organizations/placeholder-org/apiKeys/placeholder-key';

const SYMBOL = 'BTC/USD';
// A small limit buy far below the market, so it rests on the book until cancelled.
const ORDER_AMOUNT = 0.002;
const ORDER_PRICE = 50000;

const HOST_PREFIXES = {
  'api.coinbase.com': 'coinbase-advanced',
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
  if (!env.SIDECAR_URL || !env.PLACEHOLDER_PEM?.startsWith('-----BEGIN EC PRIVATE KEY-----')) {
    fail(`${mode} mode needs SIDECAR_URL and PLACEHOLDER_PEM (a throwaway EC private key PEM)`);
  }
  return {
    mode, stepTimeoutMs,
    sidecarUrl: env.SIDECAR_URL.endsWith('/') ? env.SIDECAR_URL : `${env.SIDECAR_URL}/`,
    credentials: { apiKey: PLACEHOLDER_KEY_NAME, secret: env.PLACEHOLDER_PEM },
  };
}

// Rewrites every https://<host>/<path> in exchange.urls.api (after filling in {hostname}), so no request can
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
  const exchange = new ccxt.coinbase({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: {
      // Balances from the Advanced Trade accounts (GET /api/v3/brokerage/accounts) rather than ccxt's default,
      // the Coinbase App's /v2/accounts.
      fetchBalance: 'v3PrivateGetBrokerageAccounts',
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
      return { USD: balance.USD ?? null };
    }],
    ['createOrder', async () => {
      const order = await exchange.createOrder(SYMBOL, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      state.orderId = order.id;
      return { id: order.id, status: order.status, symbol: order.symbol, amount: order.amount, price: order.price };
    }],
    ['cancelOrder', async () => {
      const order = await exchange.cancelOrder(state.orderId, SYMBOL);
      if (order.id !== state.orderId) {
        throw new Error(`cancelOrder answered for ${order.id}, not ${state.orderId}`);
      }
      return { id: order.id };
    }],
  ];

  return runStepList(steps, config.stepTimeoutMs);
}

const config = readConfig(process.env);
const exchange = buildExchange(config);
const ok = await runSteps(exchange, config);
console.log(JSON.stringify({ done: true, ok, mode: config.mode }));
process.exit(ok ? 0 : 1);
