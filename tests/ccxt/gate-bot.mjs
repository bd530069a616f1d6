// The REST bot (rest-bot.mjs) for Gate API v4, spot. Direct mode: GATE_URL, GATE_API_KEY, GATE_SECRET.
import { runRestBot, SPOT_ONLY } from './rest-bot.mjs';

await runRestBot({
  name: 'gate',
  ccxtClass: 'gate',
  envPrefix: 'GATE',
  hosts: { 'api.gateio.ws': 'gate' },
  // No futures, delivery or options calls.
  options: SPOT_ONLY,
  symbol: 'BTC/USDT',
  balance: ['USDT', 'BTC'],
});
