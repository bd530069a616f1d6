// Shared by every bot in this folder: how a step is run, timed out, reported, and how a bad configuration fails.
// Each bot keeps what differs per exchange (configuration, URL rewriting, the steps themselves).

export function fail(message) {
  console.log(JSON.stringify({ done: true, ok: false, error: message }));
  process.exit(2);
}

// STEP_TIMEOUT_MS: the per-step time limit, default 15000.
export function readStepTimeout(env) {
  const stepTimeoutMs = Number(env.STEP_TIMEOUT_MS ?? 15000);
  if (!(stepTimeoutMs > 0)) {
    fail('STEP_TIMEOUT_MS must be a positive number');
  }
  return stepTimeoutMs;
}

// SIDECAR_MODE of a WebSocket bot (direct | sidecar), the variables the mode needs (fails naming the missing ones),
// and the step timeout.
export function readWebSocketBotMode(env, directNeeds, sidecarNeeds) {
  const mode = env.SIDECAR_MODE;
  if (!['direct', 'sidecar'].includes(mode)) {
    fail('SIDECAR_MODE must be direct or sidecar');
  }
  const needs = mode === 'direct' ? directNeeds : sidecarNeeds;
  const missing = needs.filter((name) => !env[name]);
  if (missing.length > 0) {
    fail(`${mode} mode needs ${needs.slice(0, -1).join(', ')}${needs.length > 1 ? ' and ' : ''}${needs.at(-1)}`);
  }
  return { mode, stepTimeoutMs: readStepTimeout(env) };
}

export const trimSlash = (url) => url.replace(/\/+$/, '');

export function withTimeout(promise, ms, step) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Error messages carry the exchange's answer; keep them short.
export function describeError(error) {
  const message = String(error?.message ?? error).slice(0, 500);
  return { error: error?.constructor?.name ?? 'Error', message };
}

// Runs the steps in order, one JSON line each; stops at the first failure. True when every step succeeded.
// `describe` turns an error into the failed step's fields (default describeError).
export async function runStepList(steps, stepTimeoutMs, describe = describeError) {
  for (const [step, run] of steps) {
    try {
      const details = await withTimeout(run(), stepTimeoutMs, step);
      console.log(JSON.stringify({ step, ok: true, ...details }));
    } catch (error) {
      console.log(JSON.stringify({ step, ok: false, ...describe(error) }));
      return false;
    }
  }
  return true;
}

// The loadMarkets step: the symbol traded must be among the markets loaded.
export async function loadMarkets(exchange, symbol) {
  const markets = await exchange.loadMarkets();
  if (!(symbol in markets)) {
    throw new Error(`${symbol} is not among the loaded markets`);
  }
  return { markets: Object.keys(markets).length };
}

// The fetchOpenOrders step (REST): the order placed must be among the open orders.
export async function fetchOpenOrders(exchange, symbol, orderId) {
  const orders = await exchange.fetchOpenOrders(symbol);
  if (!orders.some((o) => o.id === orderId)) {
    throw new Error(`order ${orderId} is not among the ${orders.length} open orders`);
  }
  return { count: orders.length };
}

// Two steps that prove an order push arrives: `name` places an order with `place()` while watchOrders(symbol) is
// armed (it resolves on the next update only, so it must exist before the order does), then 'watchOrders' awaits the
// update for that order. The order's id is left in state.orderId for the steps after.
export function watchedOrderSteps(exchange, symbol, name, place, state) {
  return [
    [name, async () => {
      state.armed = await armOrderWatch(exchange, symbol);
      const order = await place();
      if (!order.id) {
        throw new Error('no order id in the answer');
      }
      state.orderId = order.id;
      return { id: order.id };
    }],
    ['watchOrders', () => orderUpdate(state.armed, state.orderId)],
  ];
}

// For ccxt pro bots: watchOrders resolves on the next order update only, so it is armed before the order exists.
// Returns { update }, the pending update (wrapped: an async function would wait for it), whose rejection is reported
// by the step that awaits it (orderUpdate).
export async function armOrderWatch(exchange, symbol) {
  const update = exchange.watchOrders(symbol);
  update.catch(() => {});
  await new Promise((resolve) => { setImmediate(resolve); });
  return { update };
}

// The order's own update among the orders an armed watchOrders call resolved with.
export async function orderUpdate(armed, orderId) {
  const orders = await armed.update;
  const mine = orders.find((o) => o.id === orderId);
  if (!mine) {
    throw new Error(`no update for order ${orderId} among ${orders.length}`);
  }
  return { id: mine.id, status: mine.status };
}

// For ccxt pro bots: runs the steps, closes the exchange's connections, prints {"done":true,"ok":…,…summary} and
// exits, 0 only if every step succeeded. ccxt rejects internal futures nobody awaits when a subscription fails;
// the step that failed has reported the error, so those are reported instead of crashing the bot.
export async function runWsBot(exchange, steps, stepTimeoutMs, summary) {
  process.on('unhandledRejection', (error) => {
    console.log(JSON.stringify({ unhandled: true, ...describeError(error) }));
  });
  const ok = await runStepList(steps, stepTimeoutMs);
  try {
    await exchange.close();
  } catch {
    // Closing is a courtesy to the server; the result is already known.
  }
  console.log(JSON.stringify({ done: true, ok, ...summary }));
  process.exit(ok ? 0 : 1);
}

// For ccxt pro bots: watchBalance (with the exchange's params), resolved by the balance the exchange pushes; fails
// when that has no entry for the currency.
export async function watchedBalance(exchange, currency, params = {}) {
  const balance = await exchange.watchBalance(params);
  if (balance[currency] === undefined) {
    throw new Error(`no ${currency} in the pushed balance`);
  }
  return { [currency]: balance[currency] };
}
