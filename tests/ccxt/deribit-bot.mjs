// The REST bot (rest-bot.mjs) for Deribit (ccxt.deribit, BTC-PERPETUAL). Direct mode: EXCHANGE_URL,
// EXCHANGE_API_KEY (client id), EXCHANGE_SECRET (client secret).
import { runRestBot } from './rest-bot.mjs';

await runRestBot({
  name: 'deribit',
  ccxtClass: 'deribit',
  envPrefix: 'EXCHANGE',
  placeholder: { apiKey: 'placeholder-client-id', secret: 'placeholder-client-secret' },
  hosts: { 'www.deribit.com': 'deribit' },
  // The inverse BTC perpetual: amounts are in USD, in multiples of the 10 USD contract.
  symbol: 'BTC/USD:BTC',
  amount: 10,
  balance: ['BTC'],
  cancelCheck: 'canceled',
});
