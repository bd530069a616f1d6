// The REST bot (rest-bot.mjs) for KuCoin spot. Prefix mode: api.kucoin.com -> ${SIDECAR_URL}${SIDECAR_VENUE}/...
// (default "kucoin"). Direct mode: KUCOIN_URL, KUCOIN_API_KEY, KUCOIN_SECRET, KUCOIN_PASSWORD.
import { PLACEHOLDER_WITH_PASSPHRASE, runRestBot, SPOT_ONLY } from './rest-bot.mjs';

await runRestBot({
  name: 'kucoin',
  ccxtClass: 'kucoin',
  envPrefix: 'KUCOIN',
  // ccxt's KuCoin class requires a password, so a placeholder passphrase too: Sidecar holds the real one.
  password: true,
  placeholder: PLACEHOLDER_WITH_PASSPHRASE,
  hosts: { 'api.kucoin.com': 'kucoin' },
  venueHost: 'api.kucoin.com',
  // Load spot markets only (no api-futures.kucoin.com contract calls); the public all-tickers call for fee rates stays.
  options: { ...SPOT_ONLY, fetchMarkets: { types: ['spot'], fetchTickersFees: true } },
  symbol: 'BTC/USDT',
  // The default order, 0.002 BTC at 50000 USDT, is above the 0.00001 BTC minimum size and 0.1 USDT minimum funds.
  balance: ['USDT'],
  cancelCheck: 'sameId',
});
