import { fail } from './harness.mjs';

// What the Binance bots share (bot.mjs over REST, binance-ws-bot.mjs over the WebSocket API): the two markets they
// trade, the order they place, and the ccxt options that keep loadMarkets to the market in use.

export const MARKETS = {
  spot: {
    exchangeClass: 'binance',
    symbol: 'BTC/USDT',
    marketTypes: ['spot'],
    options: { defaultType: 'spot' },
  },
  usdm: {
    exchangeClass: 'binanceusdm',
    symbol: 'BTC/USDT:USDT',
    marketTypes: ['linear'],
    options: { defaultType: 'swap' },
  },
};

// MARKET: spot or usdm.
export function readMarket(env) {
  if (!(env.MARKET in MARKETS)) {
    fail('MARKET must be spot or usdm');
  }
  return env.MARKET;
}

// A small limit buy far below the market, so it rests on the book until cancelled.
// 0.002 BTC x 50000 USDT = 100 USDT: above spot's 5 USDT NOTIONAL and USD-M's 100 USDT MIN_NOTIONAL.
export const ORDER_AMOUNT = 0.002;
export const ORDER_PRICE = 50000;

export function marketOptions(market) {
  return {
    ...market.options,
    // Load only the market type in use (no COIN-M /dapi call for spot, no spot call for USD-M)...
    fetchMarkets: { types: market.marketTypes },
    // ...and no private sapi calls during loadMarkets: currencies come from the markets instead of
    // /sapi/v1/capital/config/getall, and no /sapi/v1/margin/*allPairs lookups.
    fetchCurrencies: false,
    fetchMargins: false,
  };
}

// The loadMarkets and fetchOpenOrders steps are every bot's (harness.mjs); re-exported for the Binance bots.
export { fetchOpenOrders, loadMarkets } from './harness.mjs';

// A cancel step: the order must be canceled afterwards. cancelMethod is cancelOrder or cancelOrderWs.
export async function cancel(exchange, cancelMethod, orderId, symbol) {
  const order = await exchange[cancelMethod](orderId, symbol);
  if (order.status !== 'canceled') {
    throw new Error(`order ${orderId} is ${order.status} after ${cancelMethod}`);
  }
  return { id: order.id, status: order.status };
}
