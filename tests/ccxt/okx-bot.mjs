// The REST bot (rest-bot.mjs) for OKX V5, spot. Prefix mode: www.okx.com -> ${SIDECAR_URL}${SIDECAR_VENUE}/...
// (default "okx"). Direct mode: OKX_URL, OKX_API_KEY, OKX_SECRET, OKX_PASSWORD.
import { PLACEHOLDER_WITH_PASSPHRASE, runRestBot, SPOT_ONLY } from './rest-bot.mjs';

await runRestBot({
  name: 'okx',
  ccxtClass: 'okx',
  envPrefix: 'OKX',
  // ccxt's OKX class requires a password, so a placeholder passphrase too: Sidecar holds the real one.
  password: true,
  placeholder: PLACEHOLDER_WITH_PASSPHRASE,
  hosts: { 'www.okx.com': 'okx' },
  venueHost: 'www.okx.com',
  // No future/swap/option instrument calls.
  options: SPOT_ONLY,
  symbol: 'BTC/USDT',
  // The default order, 0.002 BTC at 50000 USDT, is above the 0.00001 BTC minimum size.
  balance: ['USDT'],
  cancelCheck: 'sameId',
});
