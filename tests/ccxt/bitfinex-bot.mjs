// The REST bot (rest-bot.mjs) for Bitfinex (API v2, spot). Direct mode: BITFINEX_URL (the fake plays both hosts),
// BITFINEX_API_KEY, BITFINEX_SECRET.
import { runRestBot } from './rest-bot.mjs';

await runRestBot({
  name: 'bitfinex',
  ccxtClass: 'bitfinex',
  envPrefix: 'BITFINEX',
  // Authenticated calls go to api.bitfinex.com, public ones to api-pub.bitfinex.com: two venues.
  hosts: { 'api.bitfinex.com': 'bitfinex', 'api-pub.bitfinex.com': 'bitfinex-pub' },
  // loadMarkets reads one public /v2/conf/… call for the pairs; currencies come from the markets (no currency
  // /v2/conf/… call). Bitfinex's fetchMarkets always asks for spot and derivatives pairs in that one call.
  has: { fetchCurrencies: false },
  symbol: 'BTC/USD',
  balance: ['USD', 'BTC'],
});
