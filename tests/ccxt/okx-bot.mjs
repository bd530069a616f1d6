// The REST bot (rest-bot.mjs) for OKX V5, spot. Prefix mode: www.okx.com -> ${SIDECAR_URL}${SIDECAR_VENUE}/...
// (default "okx"). Direct mode: OKX_URL, OKX_API_KEY, OKX_SECRET, OKX_PASSWORD.
import { runRestBot } from './rest-bot.mjs';

await runRestBot({
  name: 'okx',
  ccxtClass: 'okx',
  envPrefix: 'OKX',
  // ccxt's OKX class requires a password, so a placeholder passphrase too: Sidecar holds the real one.
  password: true,
  placeholder: { apiKey: 'placeholder-key', secret: 'placeholder-secret', password: 'placeholder-passphrase' },
  hosts: { 'www.okx.com': 'okx' },
  venueHost: 'www.okx.com',
  // Load spot markets only (no future/swap/option instrument calls).
  options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } },
  symbol: 'BTC/USDT',
  // 0.002 BTC at 50000 USDT, above the 0.00001 BTC minimum size.
  amount: 0.002,
  price: 50000,
  balance: ['USDT'],
  cancelCheck: 'sameId',
});
