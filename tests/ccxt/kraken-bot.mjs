// The REST bot (rest-bot.mjs) for Kraken spot. Direct mode: KRAKEN_URL, KRAKEN_API_KEY, KRAKEN_SECRET (base64, as
// Kraken hands it out).
import { runRestBot } from './rest-bot.mjs';

await runRestBot({
  name: 'kraken',
  ccxtClass: 'kraken',
  envPrefix: 'KRAKEN',
  // ccxt base64-decodes Kraken secrets before signing: the placeholder must be valid base64.
  placeholder: { apiKey: 'placeholder-key', secret: Buffer.from('placeholder-secret-placeholder-secret').toString('base64') },
  hosts: { 'api.kraken.com': 'kraken' },
  // loadMarkets reads /0/public/AssetPairs only: currencies come from the markets (no /0/public/Assets).
  has: { fetchCurrencies: false },
  symbol: 'BTC/USD',
  balance: ['USD', 'BTC'],
});
