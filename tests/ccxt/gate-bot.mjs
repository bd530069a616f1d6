// The REST bot (rest-bot.mjs) for Gate API v4, spot. Direct mode: GATE_URL, GATE_API_KEY, GATE_SECRET.
import { runRestBot } from './rest-bot.mjs';

await runRestBot({
  name: 'gate',
  ccxtClass: 'gate',
  envPrefix: 'GATE',
  placeholder: { apiKey: 'placeholder-key', secret: 'placeholder-secret' },
  hosts: { 'api.gateio.ws': 'gate' },
  // Load spot markets only (no futures, delivery or options calls).
  options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } },
  symbol: 'BTC/USDT',
  amount: 0.002,
  price: 50000,
  balance: ['USDT', 'BTC'],
});
