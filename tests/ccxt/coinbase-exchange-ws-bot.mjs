// A ccxt pro bot on Coinbase Exchange (ccxt.pro.coinbaseexchange) that watches the WebSocket feed the way a ccxt user
// does: watchTicker (public), and watchOrders on the user channel, whose subscribe carries key, passphrase, timestamp
// and an HMAC signature (ccxt connects to urls.api.ws + '?' for it). Steps, configuration and URL overrides:
// coinbase-ws.mjs.
//
// Credentials:
//   direct:  EXCHANGE_API_KEY, EXCHANGE_SECRET (base64, as Coinbase hands it out) and EXCHANGE_PASSWORD (the passphrase).
//   sidecar: placeholder-key, base64 of placeholder-secret (ccxt base64-decodes it) and placeholder-passphrase.
// Defaults: SIDECAR_VENUE coinbase-exchange, SIDECAR_WS_VENUE coinbase-exchange-ws.

import { fail } from './harness.mjs';
import { runCoinbaseWsBot } from './coinbase-ws.mjs';

await runCoinbaseWsBot({
  exchangeClass: 'coinbaseexchange',
  restHost: 'api.exchange.coinbase.com',
  restVenue: 'coinbase-exchange',
  wsVenue: 'coinbase-exchange-ws',
  direct: (env) => {
    if (!env.EXCHANGE_API_KEY || !env.EXCHANGE_SECRET || !env.EXCHANGE_PASSWORD) {
      fail('direct mode needs EXCHANGE_API_KEY, EXCHANGE_SECRET and EXCHANGE_PASSWORD');
    }
    return { apiKey: env.EXCHANGE_API_KEY, secret: env.EXCHANGE_SECRET, password: env.EXCHANGE_PASSWORD };
  },
  placeholder: () => ({
    apiKey: 'placeholder-key',
    secret: Buffer.from('placeholder-secret').toString('base64'),
    password: 'placeholder-passphrase',
  }),
});
