// The REST bot (rest-bot.mjs) for Bybit V5, spot. Prefix mode: api.bybit.com -> ${SIDECAR_URL}${SIDECAR_VENUE}/...
// (default "bybit"). Direct mode: BYBIT_URL, BYBIT_API_KEY, BYBIT_SECRET.
import { runRestBot } from './rest-bot.mjs';

await runRestBot({
  name: 'bybit',
  ccxtClass: 'bybit',
  envPrefix: 'BYBIT',
  placeholder: { apiKey: 'placeholder-key', secret: 'placeholder-secret' },
  hosts: { 'api.bybit.com': 'bybit' },
  venueHost: 'api.bybit.com',
  // Load spot markets only (no linear/inverse/option instrument calls).
  options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } },
  symbol: 'BTC/USDT',
  // 0.002 BTC x 50000 USDT = 100 USDT, above the 1 USDT minimum order value.
  amount: 0.002,
  price: 50000,
  balance: ['USDT'],
  cancelCheck: 'sameId',
});
