// The REST bot (rest-bot.mjs) for Bybit V5, spot. Prefix mode: api.bybit.com -> ${SIDECAR_URL}${SIDECAR_VENUE}/...
// (default "bybit"). Direct mode: BYBIT_URL, BYBIT_API_KEY, BYBIT_SECRET.
import { runRestBot, SPOT_ONLY } from './rest-bot.mjs';

await runRestBot({
  name: 'bybit',
  ccxtClass: 'bybit',
  envPrefix: 'BYBIT',
  hosts: { 'api.bybit.com': 'bybit' },
  venueHost: 'api.bybit.com',
  // No linear/inverse/option instrument calls.
  options: SPOT_ONLY,
  symbol: 'BTC/USDT',
  // The default order, 0.002 BTC x 50000 USDT = 100 USDT, is above the 1 USDT minimum order value.
  balance: ['USDT'],
  cancelCheck: 'sameId',
});
