// The REST bot (rest-bot.mjs) for Coinbase Exchange (ccxt.coinbaseexchange). Direct mode: EXCHANGE_URL,
// EXCHANGE_API_KEY, EXCHANGE_SECRET, EXCHANGE_PASSWORD.
import { runRestBot } from './rest-bot.mjs';

await runRestBot({
  name: 'coinbase-exchange',
  ccxtClass: 'coinbaseexchange',
  envPrefix: 'EXCHANGE',
  password: true,
  // ccxt base64-decodes the secret before signing, so the placeholder must be valid base64.
  placeholder: {
    apiKey: 'placeholder-key',
    secret: Buffer.from('placeholder-secret').toString('base64'),
    password: 'placeholder-passphrase',
  },
  hosts: { 'api.exchange.coinbase.com': 'coinbase-exchange' },
  symbol: 'BTC/USD',
  balance: ['USD'],
});
