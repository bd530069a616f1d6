// The REST bot every exchange shares: a small trading bot that talks to an exchange exactly the way a ccxt user does,
// for testing Sidecar end to end. Each <exchange>-bot.mjs (and bot.mjs, Binance) holds only its exchange's data and
// calls runRestBot with it; everything else (modes, URL rewriting, the steps, the output) is here.
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     proxyUrl | prefix | direct
//                      proxyUrl: exchange.proxyUrl = SIDECAR_URL; ccxt keeps its real https:// URLs.
//                      prefix:   base-URL override: every host in the exchange's `hosts` -> ${SIDECAR_URL}<venue>/...,
//                                any other host -> ${SIDECAR_URL}unmapped/<host>/... (refused, never the internet).
//                      direct:   straight to ${ENV}_URL (the fake exchange) with ${ENV}_API_KEY / ${ENV}_SECRET
//                                (and ${ENV}_PASSWORD where the exchange has a passphrase), signed by ccxt itself;
//                                validates the fake against ccxt's own signer. ENV is the exchange's `envPrefix`.
//   SIDECAR_URL      e.g. http://127.0.0.1:8080/        (proxyUrl and prefix modes)
//   SIDECAR_VENUE    prefix mode, exchanges with a `venueHost`: the venue name for that host (default its `hosts` entry)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
// In proxyUrl and prefix modes the bot holds placeholder credentials only: Sidecar holds the real key and signs.
//
// Output: one JSON line per step, then {"done":true,"ok":...,"mode":...,"exchange":...}. Exit code 0 only if every
// step succeeded (it stops at the first failure).
//
// An exchange's data (see the <exchange>-bot.mjs files):
//   name         reported as "exchange" in the summary line
//   ccxtClass    the ccxt class, or (env) => class name (Binance: by MARKET)
//   envPrefix    direct mode's variables: ${envPrefix}_URL, _API_KEY, _SECRET (and _PASSWORD with `password`)
//   password     true: ccxt's class needs a password (passphrase), in every mode
//   placeholder  { apiKey, secret, password? } or (env) => that (may fail() on a missing variable); default
//                PLACEHOLDER (placeholder-key, placeholder-secret)
//   hosts        { 'api.example.com': 'venue', ... }: prefix mode's routing
//   venueHost    the host whose venue SIDECAR_VENUE overrides (optional)
//   options      ccxt options, or (env) => options (SPOT_ONLY: load spot markets only);  has: entries of exchange.has to
//                set (e.g. fetchCurrencies: false)
//   symbol, amount, price   the order: a small limit buy far below the market, so it rests until cancelled (default
//                0.002 at 50000)
//   balance      the currencies the fetchBalance step reports
//   cancelCheck  what the cancelOrder answer must show: 'sameId' (the order's id), 'canceled' (its status), or none
//   steps        (standard, context) => the step list, for exchanges with more steps (default: the four standard ones)
//   summary      (env) => extra fields for the summary line

import ccxt from 'ccxt';
import { describeError, fail, fetchOpenOrders, loadMarkets, readStepTimeout, runStepList } from './harness.mjs';

const MODES = ['proxyUrl', 'prefix', 'direct'];

export const PLACEHOLDER = { apiKey: 'placeholder-key', secret: 'placeholder-secret' };
export const PLACEHOLDER_WITH_PASSPHRASE = { ...PLACEHOLDER, password: 'placeholder-passphrase' };

// Spot markets only: no instrument calls for the exchange's other products.
export const SPOT_ONLY = { defaultType: 'spot', fetchMarkets: { types: ['spot'] } };

function valueOf(entry, env) {
  return typeof entry === 'function' ? entry(env) : entry;
}

function readConfig(bot, env) {
  const mode = env.SIDECAR_MODE;
  if (!MODES.includes(mode)) {
    fail('SIDECAR_MODE must be proxyUrl, prefix or direct');
  }
  const stepTimeoutMs = readStepTimeout(env);
  if (mode === 'direct') {
    const names = ['URL', 'API_KEY', 'SECRET', ...(bot.password ? ['PASSWORD'] : [])].map((n) => `${bot.envPrefix}_${n}`);
    if (names.some((name) => !env[name])) {
      fail(`direct mode needs ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
    }
    const [url, apiKey, secret, password] = names.map((name) => env[name]);
    return {
      mode, stepTimeoutMs,
      baseUrl: url.replace(/\/+$/, ''),
      credentials: bot.password ? { apiKey, secret, password } : { apiKey, secret },
    };
  }
  if (!env.SIDECAR_URL) {
    fail(`${mode} mode needs SIDECAR_URL`);
  }
  const hosts = { ...bot.hosts };
  if (bot.venueHost && env.SIDECAR_VENUE) {
    hosts[bot.venueHost] = env.SIDECAR_VENUE;
  }
  return {
    mode, stepTimeoutMs, hosts,
    sidecarUrl: env.SIDECAR_URL.endsWith('/') ? env.SIDECAR_URL : `${env.SIDECAR_URL}/`,
    credentials: valueOf(bot.placeholder ?? PLACEHOLDER, env),
  };
}

// Rewrites every https://<host>/<path> in exchange.urls.api, nested ones too (Gate's are by access and product), after
// filling in ccxt's {hostname}, so no request can leave for the real exchange.
function rewriteUrls(exchange, urls, toBase) {
  const rewritten = {};
  for (const [name, url] of Object.entries(urls)) {
    if (typeof url === 'string') {
      const parsed = new URL(exchange.implodeHostname(url));
      rewritten[name] = toBase(parsed.hostname) + parsed.pathname.replace(/\/+$/, '');
    } else if (url !== null && typeof url === 'object') {
      rewritten[name] = rewriteUrls(exchange, url, toBase);
    } else {
      rewritten[name] = url;
    }
  }
  return rewritten;
}

function buildExchange(bot, config, env) {
  const ExchangeClass = ccxt[valueOf(bot.ccxtClass, env)];
  const exchange = new ExchangeClass({
    ...config.credentials,
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    ...(bot.options ? { options: valueOf(bot.options, env) } : {}),
  });
  Object.assign(exchange.has, bot.has ?? {});

  if (config.mode === 'proxyUrl') {
    exchange.proxyUrl = config.sidecarUrl;
  } else if (config.mode === 'prefix') {
    exchange.urls.api = rewriteUrls(exchange, exchange.urls.api,
      (host) => `${config.sidecarUrl}${config.hosts[host] ?? `unmapped/${host}`}`);
  } else {
    exchange.urls.api = rewriteUrls(exchange, exchange.urls.api, () => config.baseUrl);
  }
  return exchange;
}

// The standard steps, by name; an exchange's `steps` may add its own between them.
function standardSteps(bot, exchange, symbol, state) {
  return {
    loadMarkets: ['loadMarkets', () => loadMarkets(exchange, symbol)],
    fetchBalance: ['fetchBalance', async () => {
      const balance = await exchange.fetchBalance();
      return Object.fromEntries(bot.balance.map((currency) => [currency, balance[currency] ?? null]));
    }],
    createOrder: ['createOrder', async () => {
      const order = await exchange.createOrder(symbol, 'limit', 'buy', bot.amount ?? 0.002, bot.price ?? 50000);
      if (!order.id) {
        throw new Error('no order id in the answer');
      }
      state.orderId = order.id;
      return { id: order.id, status: order.status, symbol: order.symbol, amount: order.amount, price: order.price };
    }],
    fetchOpenOrders: ['fetchOpenOrders', () => fetchOpenOrders(exchange, symbol, state.orderId)],
    cancelOrder: ['cancelOrder', async () => {
      const order = await exchange.cancelOrder(state.orderId, symbol);
      if (bot.cancelCheck === 'sameId' && order.id !== state.orderId) {
        throw new Error(`cancelOrder answered order ${order.id}, not ${state.orderId}`);
      }
      if (bot.cancelCheck === 'canceled' && order.status !== 'canceled') {
        throw new Error(`order ${state.orderId} is ${order.status} after cancelOrder`);
      }
      return { id: state.orderId, status: order.status ?? null };
    }],
  };
}

// Error messages carry the exchange's answer; keep them short and free of anything that looks like a signature.
function describeRedacted(error) {
  const described = describeError(error);
  return { ...described, message: described.message.replace(/signature=[0-9a-fA-F]+/g, 'signature=<redacted>') };
}

export async function runRestBot(bot, env = process.env) {
  const config = readConfig(bot, env);
  const exchange = buildExchange(bot, config, env);
  const symbol = valueOf(bot.symbol, env);
  const state = {};
  const standard = standardSteps(bot, exchange, symbol, state);
  const steps = bot.steps
    ? bot.steps(standard, { exchange, env, state })
    : [standard.loadMarkets, standard.fetchBalance, standard.createOrder, standard.cancelOrder];
  const ok = await runStepList(steps, config.stepTimeoutMs, describeRedacted);
  console.log(JSON.stringify({ done: true, ok, mode: config.mode, exchange: bot.name, ...(bot.summary?.(env) ?? {}) }));
  process.exit(ok ? 0 : 1);
}
