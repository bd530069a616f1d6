// A ccxt pro bot on Coinbase Advanced Trade (ccxt.pro.coinbase, CDP key) that watches the WebSocket feed the way a
// ccxt user does: watchTicker (public), and watchOrders on the user channel, whose subscribe carries a JWT ccxt signs
// with whatever key it holds. Steps, configuration and URL overrides: coinbase-ws.mjs.
//
// Credentials:
//   direct:  EXCHANGE_API_KEY (the CDP key name) and EXCHANGE_SECRET (its EC private key PEM).
//   sidecar: the key name organizations/placeholder-org/apiKeys/placeholder-key and PLACEHOLDER_PEM, a throwaway EC
//            P-256 private key PEM: ccxt really signs its JWT, so the placeholder must be a usable EC key. It is not the
//            venue's key; Sidecar replaces the JWT (REST and WebSocket).
// Defaults: SIDECAR_VENUE coinbase-advanced, SIDECAR_WS_VENUE coinbase-advanced-ws.

import { fail } from './harness.mjs';
import { runCoinbaseWsBot } from './coinbase-ws.mjs';

await runCoinbaseWsBot({
  exchangeClass: 'coinbase',
  restHost: 'api.coinbase.com',
  restVenue: 'coinbase-advanced',
  wsVenue: 'coinbase-advanced-ws',
  // Balances from the Advanced Trade accounts rather than the Coinbase App's /v2/accounts (as coinbase-advanced-bot.mjs).
  options: { fetchBalance: 'v3PrivateGetBrokerageAccounts' },
  direct: (env) => {
    if (!env.EXCHANGE_API_KEY || !env.EXCHANGE_SECRET) {
      fail('direct mode needs EXCHANGE_API_KEY and EXCHANGE_SECRET');
    }
    return { apiKey: env.EXCHANGE_API_KEY, secret: env.EXCHANGE_SECRET };
  },
  placeholder: (env) => {
    if (!env.PLACEHOLDER_PEM?.startsWith('-----BEGIN EC PRIVATE KEY-----')) {
      fail('sidecar mode needs PLACEHOLDER_PEM (a throwaway EC private key PEM)');
    }
    return { apiKey: 'organizations/placeholder-org/apiKeys/placeholder-key', secret: env.PLACEHOLDER_PEM };
  },
});
