// The REST bot (rest-bot.mjs) for Binance spot and USD-M, with the listen key calls a user data stream needs.
//   MARKET              spot (ccxt.binance, BTC/USDT) | usdm (ccxt.binanceusdm, BTC/USDT:USDT)
//   prefix mode         spot -> ${SIDECAR_URL}binance/..., USD-M -> ${SIDECAR_URL}binance-usdm/...
//   direct mode         BINANCE_URL, BINANCE_API_KEY, BINANCE_SECRET
//   SIDECAR_CLIENT_KEY  the placeholder API key (default placeholder-key); on a host several venues share, it selects
//                       the bot's venue (Venues:{name}:ClientKey)
import { MARKETS, marketOptions, ORDER_AMOUNT, ORDER_PRICE, readMarket } from './binance-markets.mjs';
import { runRestBot } from './rest-bot.mjs';

const market = (env) => MARKETS[readMarket(env)];

// The listen key a user data stream needs: create, keep alive, close (spot publicPost/Put/DeleteUserDataStream,
// USD-M fapiPrivatePost/Put/DeleteListenKey).
function listenKeySteps(exchange, isSpot, state) {
  return [
    ['listenKey', async () => {
      const response = isSpot
        ? await exchange.publicPostUserDataStream()
        : await exchange.fapiPrivatePostListenKey();
      if (typeof response?.listenKey !== 'string' || response.listenKey.length === 0) {
        throw new Error('no listenKey in the answer');
      }
      state.listenKey = response.listenKey;
      return { listenKeyLength: response.listenKey.length };
    }],
    ['listenKeyKeepAlive', async () => {
      await (isSpot ? exchange.publicPutUserDataStream({ listenKey: state.listenKey }) : exchange.fapiPrivatePutListenKey());
      return {};
    }],
    ['listenKeyClose', async () => {
      await (isSpot ? exchange.publicDeleteUserDataStream({ listenKey: state.listenKey }) : exchange.fapiPrivateDeleteListenKey());
      return {};
    }],
  ];
}

await runRestBot({
  name: 'binance',
  ccxtClass: (env) => market(env).exchangeClass,
  envPrefix: 'BINANCE',
  placeholder: (env) => ({ apiKey: env.SIDECAR_CLIENT_KEY || 'placeholder-key', secret: 'placeholder-secret' }),
  hosts: { 'api.binance.com': 'binance', 'fapi.binance.com': 'binance-usdm' },
  options: (env) => marketOptions(market(env)),
  symbol: (env) => market(env).symbol,
  amount: ORDER_AMOUNT,
  price: ORDER_PRICE,
  balance: ['USDT'],
  cancelCheck: 'canceled',
  steps: (s, { exchange, env, state }) => [
    s.loadMarkets, s.fetchBalance, s.createOrder, s.fetchOpenOrders, s.cancelOrder,
    ...listenKeySteps(exchange, env.MARKET === 'spot', state),
  ],
  summary: (env) => ({ market: env.MARKET }),
});
