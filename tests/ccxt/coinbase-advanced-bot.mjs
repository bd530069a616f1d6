// The REST bot (rest-bot.mjs) for Coinbase Advanced Trade (ccxt.coinbase) with a CDP API key. Direct mode:
// EXCHANGE_URL, EXCHANGE_API_KEY (the CDP key name), EXCHANGE_SECRET (its EC private key PEM).
// proxyUrl and prefix modes also need PLACEHOLDER_PEM: a throwaway EC P-256 private key PEM. ccxt really signs a JWT
// with whatever secret it holds, so the placeholder must be a usable EC key; it is not the venue's key and Sidecar
// replaces the JWT.
import { fail } from './harness.mjs';
import { runRestBot } from './rest-bot.mjs';

await runRestBot({
  name: 'coinbase-advanced',
  ccxtClass: 'coinbase',
  envPrefix: 'EXCHANGE',
  placeholder: (env) => {
    if (!env.PLACEHOLDER_PEM?.startsWith('-----BEGIN EC PRIVATE KEY-----')) {
      fail(`${env.SIDECAR_MODE} mode needs SIDECAR_URL and PLACEHOLDER_PEM (a throwaway EC private key PEM)`);
    }
    // ccxt recognises a CDP key by the "organizations/" key name or a PEM secret, and then signs an ES256 JWT itself.
    return { apiKey: 'organizations/placeholder-org/apiKeys/placeholder-key', secret: env.PLACEHOLDER_PEM };
  },
  hosts: { 'api.coinbase.com': 'coinbase-advanced' },
  // Balances from the Advanced Trade accounts (GET /api/v3/brokerage/accounts) rather than ccxt's default, the
  // Coinbase App's /v2/accounts.
  options: { fetchBalance: 'v3PrivateGetBrokerageAccounts' },
  symbol: 'BTC/USD',
  balance: ['USD'],
  cancelCheck: 'sameId',
});
