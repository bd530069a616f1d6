// The soak's bot and its faulty network, in one small Node.js script with no dependencies.
//
//   node driver.mjs proxy UPSTREAM_URL          a TCP relay to the fake exchange that breaks every connection for
//                                               FAULT_FOR seconds every FAULT_EVERY seconds, until the file
//                                               FAULT_STOP_FILE exists (the soak's cool-down); prints its port
//   node driver.mjs load SIDECAR_URL OUT.json   a fixed request rate (RATE per second) for SOAK_SECONDS, then the
//                                               count of requests by what Sidecar must have decided
//
// Requests are sent at a fixed rate whatever the answers take (an open-loop load): a slow or failing upstream
// never lowers the rate, as a real bot's timer would not.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';

const [mode, target, out] = process.argv.slice(2);

if (mode === 'proxy') {
  relay(new URL(target));
} else if (mode === 'load') {
  await load(new URL(target), out);
} else {
  console.error('usage: node driver.mjs proxy UPSTREAM_URL | load SIDECAR_URL OUT.json');
  process.exit(2);
}

function relay(upstream) {
  const every = Number(process.env.FAULT_EVERY ?? 30) * 1000;
  const length = Number(process.env.FAULT_FOR ?? 3) * 1000;
  const live = new Set();
  let failing = false;
  let faults = 0;
  const server = net.createServer((client) => {
    if (failing) {
      client.resetAndDestroy();
      return;
    }
    const exchange = net.connect(Number(upstream.port), upstream.hostname);
    const pair = { client, exchange };
    live.add(pair);
    client.pipe(exchange);
    exchange.pipe(client);
    const close = () => {
      live.delete(pair);
      client.destroy();
      exchange.destroy();
    };
    client.on('error', close).on('close', close);
    exchange.on('error', close).on('close', close);
  });
  server.listen(0, '127.0.0.1', () => console.log(`fault-proxy listening on ${server.address().port}`));
  const stopFile = process.env.FAULT_STOP_FILE;
  setInterval(() => {
    if (stopFile && fs.existsSync(stopFile)) {
      return;
    }
    failing = true;
    faults++;
    // A reset on every open connection: requests in flight lose their answer (outcome unknown), new ones are refused.
    for (const { client, exchange } of live) {
      client.resetAndDestroy();
      exchange.destroy();
    }
    live.clear();
    console.log(`fault-proxy: fault ${faults} for ${length} ms`);
    setTimeout(() => { failing = false; }, length);
  }, every);
}

async function load(sidecar, outPath) {
  const rate = Number(process.env.RATE ?? 40);
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const counts = { sent: 0, signed: 0, forwarded: 0, refused: 0, failed: 0, noAnswer: 0, unaudited: 0, byCode: {}, byStatus: {} };
  // One cycle: an account read, a limit order, public data, open orders, a withdrawal (refused by policy) and the
  // order's cancellation, so the fake's open orders and balance stay level however long the soak runs.
  const cycle = (k) => [
    ['GET', '/binance/api/v3/account', null],
    ['POST', '/binance/api/v3/order', `symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&newClientOrderId=soak-${k}`],
    ['GET', '/binance/api/v3/time', null],
    ['GET', '/binance/api/v3/openOrders?symbol=BTCUSDT', null],
    ['POST', '/binance/sapi/v1/capital/withdraw/apply', 'coin=BTC&address=x&amount=1'],
    ['DELETE', `/binance/api/v3/order?symbol=BTCUSDT&origClientOrderId=soak-${k}`, null],
  ];
  const pending = new Set();
  let i = 0;
  const started = Date.now();
  const tickMs = 100;
  let due = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Date.now() - started;
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up to the schedule: the number of requests due by now, whatever the event loop's jitter.
      const target = Math.floor((elapsed / 1000) * rate);
      while (due < target) {
        due++;
        const [method, path, body] = cycle(Math.floor(i / 6))[i % 6];
        i++;
        const p = send(sidecar, agent, method, path, body).then((answer) => record(counts, answer));
        pending.add(p);
        p.finally(() => pending.delete(p));
      }
    }, tickMs);
  });
  await Promise.allSettled([...pending]);
  agent.destroy();
  fs.writeFileSync(outPath, JSON.stringify({ rate, seconds, ...counts }, null, 2));
  console.log(`driver: ${counts.sent} requests in ${seconds} s at ${rate}/s`);
}

function send(base, agent, method, path, body) {
  return new Promise((resolve) => {
    const headers = body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {};
    const request = http.request(new URL(path, base), { method, agent, headers, timeout: 30000 }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, code: response.headers['x-sidecar-error'] ?? null, path }));
      response.on('error', () => resolve({ status: null, code: null, path }));
      response.on('aborted', () => resolve({ status: null, code: null, path }));
    });
    request.on('error', () => resolve({ status: null, code: null, path }));
    request.on('timeout', () => request.destroy());
    if (body) request.write(body);
    request.end();
  });
}

// What Sidecar must have written in its audit log for this answer.
function record(counts, { status, code, path }) {
  counts.sent++;
  counts.byStatus[status ?? 'none'] = (counts.byStatus[status ?? 'none'] ?? 0) + 1;
  if (status === null) {
    counts.noAnswer++; // an answer cut mid-body: Sidecar aborted it and audited it as failed
    counts.failed++;
    return;
  }
  if (code !== null) {
    counts.byCode[code] = (counts.byCode[code] ?? 0) + 1;
    if (code === 'audit_unavailable') {
      counts.unaudited++; // refused before signing, and by design without a record: must stay 0 here
      return;
    }
    const failed = code.startsWith('upstream_') || code === 'hsm_unavailable';
    counts[failed ? 'failed' : 'refused']++;
    return;
  }
  counts[path.endsWith('/api/v3/time') ? 'forwarded' : 'signed']++;
}
