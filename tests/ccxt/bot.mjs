// A small trading bot that talks to Binance exactly the way a ccxt user does, for testing Sidecar end to end.
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE   proxyUrl | prefix | direct
//                    proxyUrl: exchange.proxyUrl = SIDECAR_URL; ccxt keeps its real https://*.binance.com URLs.
//                    prefix:   base-URL override: spot -> ${SIDECAR_URL}binance/..., USD-M -> ${SIDECAR_URL}binance-usdm/...
//                    direct:   straight to BINANCE_URL (the fake exchange) with BINANCE_API_KEY / BINANCE_SECRET,
//                              signed by ccxt itself; used to validate the fake exchange against ccxt's own signer.
//   MARKET         spot | usdm
//   SIDECAR_URL    e.g. http://127.0.0.1:8080/        (proxyUrl and prefix modes)
//   BINANCE_URL    e.g. http://127.0.0.1:43121        (direct mode)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//   SIDECAR_CLIENT_KEY  the placeholder API key (default placeholder-key); on a host several venues share, it selects
//                    the bot's venue (Venues:{name}:ClientKey)
// In proxyUrl and prefix modes the bot holds placeholder credentials only: Sidecar holds the real key and signs.
//
// Output: one JSON line per step, then {"done":true,"ok":...}. Exit code 0 only if every step succeeded.

import ccxt from 'ccxt';
import { cancel, fetchOpenOrders, loadMarkets, MARKETS, marketOptions, ORDER_AMOUNT, ORDER_PRICE, readMarket } from './binance-markets.mjs';
import { fail, readStepTimeout, rewriteBinanceApiUrls as rewriteApiUrls, withTimeout } from './harness.mjs';

const PLACEHOLDER_API_KEY = 'placeholder-key';
const PLACEHOLDER_SECRET = 'placeholder-secret';

const HOST_PREFIXES = {
  'api.binance.com': 'binance',
  'fapi.binance.com': 'binance-usdm',
};

function readConfig(env) {
  const mode = env.SIDECAR_MODE;
  if (!['proxyUrl', 'prefix', 'direct'].includes(mode)) {
    fail('SIDECAR_MODE must be proxyUrl, prefix or direct');
  }
  const market = readMarket(env);
  const stepTimeoutMs = readStepTimeout(env);
  if (mode === 'direct') {
    if (!env.BINANCE_URL || !env.BINANCE_API_KEY || !env.BINANCE_SECRET) {
      fail('direct mode needs BINANCE_URL, BINANCE_API_KEY and BINANCE_SECRET');
    }
    return {
      mode, market, stepTimeoutMs,
      baseUrl: env.BINANCE_URL.replace(/\/+$/, ''),
      apiKey: env.BINANCE_API_KEY,
      secret: env.BINANCE_SECRET,
    };
  }
  if (!env.SIDECAR_URL) {
    fail(`${mode} mode needs SIDECAR_URL`);
  }
  return {
    mode, market, stepTimeoutMs,
    sidecarUrl: env.SIDECAR_URL.endsWith('/') ? env.SIDECAR_URL : `${env.SIDECAR_URL}/`,
    apiKey: env.SIDECAR_CLIENT_KEY || PLACEHOLDER_API_KEY,
    secret: PLACEHOLDER_SECRET,
  };
}

function buildExchange(config) {
  const market = MARKETS[config.market];
  const ExchangeClass = ccxt[market.exchangeClass];
  const exchange = new ExchangeClass({
    apiKey: config.apiKey,
    secret: config.secret,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    options: marketOptions(market),
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

// Error messages carry the exchange's answer; keep them short and free of anything that looks like a signature.
function describeError(error) {
  const message = String(error?.message ?? error)
    .replace(/signature=[0-9a-fA-F]+/g, 'signature=<redacted>')
    .slice(0, 500);
  return { error: error?.constructor?.name ?? 'Error', message };
}

async function runSteps(exchange, config) {
  const { symbol } = MARKETS[config.market];
  const isSpot = config.market === 'spot';
  const state = {};

  const steps = [
    ['loadMarkets', () => loadMarkets(exchange, symbol)],
    ['fetchBalance', async () => {
      const balance = await exchange.fetchBalance();
      return { USDT: balance.USDT ?? null };
    }],
    ['createOrder', async () => {
      const order = await exchange.createOrder(symbol, 'limit', 'buy', ORDER_AMOUNT, ORDER_PRICE);
      state.orderId = order.id;
      return { id: order.id, status: order.status, symbol: order.symbol, amount: order.amount, price: order.price };
    }],
    ['fetchOpenOrders', () => fetchOpenOrders(exchange, symbol, state.orderId)],
    ['cancelOrder', () => cancel(exchange, 'cancelOrder', state.orderId, symbol)],
    ['listenKey', async () => {
      const response = isSpot
        ? await exchange.publicPostUserDataStream()
        : await exchange.fapiPrivatePostListenKey();
      if (typeof response?.listenKey !== 'string' || response.listenKey.length === 0) {
        throw new Error('no listenKey in the answer');
      }
      state.listenKey = response.listenKey;
      return { listenKeyLength: response.listenKey.length };
    }],
    ['listenKeyKeepAlive', async () => {
      if (isSpot) {
        await exchange.publicPutUserDataStream({ listenKey: state.listenKey });
      } else {
        await exchange.fapiPrivatePutListenKey();
      }
      return {};
    }],
    ['listenKeyClose', async () => {
      if (isSpot) {
        await exchange.publicDeleteUserDataStream({ listenKey: state.listenKey });
      } else {
        await exchange.fapiPrivateDeleteListenKey();
      }
      return {};
    }],
  ];

  for (const [step, run] of steps) {
    try {
      const details = await withTimeout(run(), config.stepTimeoutMs, step);
      console.log(JSON.stringify({ step, ok: true, ...details }));
    } catch (error) {
      console.log(JSON.stringify({ step, ok: false, ...describeError(error) }));
      return false;
    }
  }
  return true;
}

const config = readConfig(process.env);
const exchange = buildExchange(config);
const ok = await runSteps(exchange, config);
console.log(JSON.stringify({ done: true, ok, mode: config.mode, market: config.market }));
process.exit(ok ? 0 : 1);
