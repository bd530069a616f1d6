// What the ccxt pro bots (<exchange>-ws-bot.mjs) share before their steps: the mode, the credentials, and the URLs.
// Each bot passes its exchange's data and keeps its own steps (they differ: some trade over the WebSocket, some over
// REST while watching).
//
// Configuration comes from the environment only (never argv):
//   SIDECAR_MODE     direct | sidecar
//                      direct:  straight to the fake exchange (the bot's `direct` URL variable; its WebSockets on the
//                               same host as ws://) with the real credentials, signed by ccxt itself; validates the fake.
//                      sidecar: placeholder credentials; REST through Sidecar's prefix route (SIDECAR_URL/<venue>/…, or
//                               proxyUrl where the bot allows REST_MODE), WebSockets through Sidecar's relay
//                               (SIDECAR_WS/<ws venue>/…).
//   SIDECAR_URL, SIDECAR_WS   e.g. http://127.0.0.1:8080/ and ws://127.0.0.1:8080 (sidecar mode)
//   venue variables  each REST host's and WebSocket's venue name can be changed (the bot's `restVenues` and `ws`)
//   STEP_TIMEOUT_MS  per-step time limit, default 15000
//
// An exchange's data:
//   ccxtClass     the ccxt pro class, or (env) => name;  options, has: as in rest-bot.mjs;  fields(env): more constructor
//                 fields (Gate's uid)
//   direct        direct mode's variables: [url, apiKey, secret, password?]
//   placeholder   sidecar mode's credentials, or (env) => them (default PLACEHOLDER, rest-bot.mjs)
//   restVenues    { host: [variable, default venue] }: sidecar mode's REST routing; other hosts go to unmapped/<host>
//   sidecarWs     false: sidecar mode needs no SIDECAR_WS (KuCoin: ccxt connects where the REST answer says)
//   restMode      (env) => 'prefix' | 'proxyUrl' (default prefix)
//   ws            (urls, { venue, unmapped }) => sets the WebSocket URLs in use in urls (exchange.urls.api), after
//                 every other ws(s):// URL was parked at `${unmapped}/<host><path>` (never the real exchange);
//                 venue(variable, default) is `${SIDECAR_WS}/${env[variable] ?? default}` (sidecar) or the fake's ws
//                 root (direct). Without `ws`, WebSocket URLs stay as ccxt has them.

import ccxt from 'ccxt';
import { readWebSocketBotMode, trimSlash } from './harness.mjs';
import { PLACEHOLDER } from './rest-bot.mjs';

function valueOf(entry, env) {
  return typeof entry === 'function' ? entry(env) : entry;
}

// Every http(s):// URL (nested ones too, after filling in {hostname}) to restBase(host) + path, unless restBase is
// null (proxyUrl); every ws(s):// URL to `${unmapped}/<host><path>`, unless unmapped is null.
function rewrite(exchange, urls, restBase, unmapped) {
  if (typeof urls !== 'string') {
    return urls !== null && typeof urls === 'object'
      ? Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, rewrite(exchange, url, restBase, unmapped)]))
      : urls;
  }
  const parsed = new URL(exchange.implodeHostname(urls));
  if (parsed.protocol.startsWith('http')) {
    return restBase ? restBase(parsed.hostname) + trimSlash(parsed.pathname) : urls;
  }
  return unmapped ? `${unmapped}/${parsed.hostname}${parsed.pathname}` : urls;
}

function readConfig(bot, env) {
  const sidecarNeeds = ['SIDECAR_URL', ...(bot.sidecarWs === false ? [] : ['SIDECAR_WS'])];
  const { mode, stepTimeoutMs } = readWebSocketBotMode(env, bot.direct, sidecarNeeds);
  if (mode === 'direct') {
    const [url, apiKey, secret, password] = bot.direct.map((name) => env[name]);
    const rest = trimSlash(url);
    const wsRoot = rest.replace(/^http/, 'ws');
    return {
      mode, stepTimeoutMs,
      credentials: password === undefined ? { apiKey, secret } : { apiKey, secret, password },
      restBase: () => rest,
      venue: () => wsRoot,
      unmapped: `${wsRoot}/unmapped`,
    };
  }
  const sidecarUrl = `${trimSlash(env.SIDECAR_URL)}/`;
  const wsRoot = trimSlash(env.SIDECAR_WS ?? '');
  const restVenue = (host) => bot.restVenues[host] && (env[bot.restVenues[host][0]] ?? bot.restVenues[host][1]);
  return {
    mode, stepTimeoutMs,
    credentials: valueOf(bot.placeholder ?? PLACEHOLDER, env),
    restMode: bot.restMode?.(env) ?? 'prefix',
    sidecarUrl,
    // Hosts Sidecar does not route go to a path it will refuse, never to the internet.
    restBase: (host) => `${sidecarUrl}${restVenue(host) ?? `unmapped/${host}`}`,
    venue: (variable, name) => `${wsRoot}/${env[variable] ?? name}`,
    unmapped: `${wsRoot}/unmapped`,
  };
}

// Reads the configuration, builds the ccxt pro exchange with its URLs in place; returns { exchange, config }.
export async function setUpWsBot(bot, env = process.env) {
  const config = readConfig(bot, env);
  const ExchangeClass = ccxt.pro[valueOf(bot.ccxtClass, env)];
  const exchange = new ExchangeClass({
    ...config.credentials,
    ...(bot.fields?.(env) ?? {}),
    enableRateLimit: true,
    timeout: Math.min(10000, config.stepTimeoutMs),
    ...(bot.options ? { options: valueOf(bot.options, env) } : {}),
  });
  Object.assign(exchange.has, bot.has ?? {});
  // ccxt (JS) refuses ws:// URLs until an http agent is loaded (base/Exchange.js getHttpAgentIfNeeded).
  await exchange.loadHttpProxyAgent();
  const proxied = config.restMode === 'proxyUrl';
  if (proxied) {
    exchange.proxyUrl = config.sidecarUrl;
  }
  const urls = rewrite(exchange, exchange.urls.api, proxied ? null : config.restBase, bot.ws ? config.unmapped : null);
  bot.ws?.(urls, { venue: config.venue, unmapped: config.unmapped });
  exchange.urls.api = urls;
  return { exchange, config };
}
