// The signing proxy many bot authors write instead of Sidecar: the Binance secret in the process's memory, a
// timestamp and an HMAC-SHA256 signature added to each request, forwarded with the npm http-proxy package over a
// keep-alive agent. The load benchmark's Node.js comparison (bench/load/run.sh); not for real use.
//
//   node proxy.mjs --port PORT --upstream http://127.0.0.1:PORT  < "api-key\nsecret\n"
//
// The API key and secret come on standard input, never on the command line.
import crypto from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import httpProxy from 'http-proxy';

const argument = (name) => {
  const index = process.argv.indexOf(name);
  if (index < 0 || index + 1 >= process.argv.length) {
    throw new Error(`usage: node proxy.mjs --port PORT --upstream URL (missing ${name})`);
  }
  return process.argv[index + 1];
};

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8').split('\n');
};

const [apiKey, secret] = await readStdin();
const port = Number(argument('--port'));
const upstream = argument('--upstream');

const proxy = httpProxy.createProxyServer({
  target: upstream,
  agent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
});

proxy.on('proxyReq', (proxyReq, req) => {
  proxyReq.setHeader('X-MBX-APIKEY', apiKey);
  proxyReq.setHeader('Content-Length', req.signedBody.length);
});

proxy.on('error', (err, req, res) => {
  res.writeHead(502, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: err.message }));
});

// Binance: signature = hex HMAC-SHA256 over totalParams (query string followed by the body), appended last.
const sign = (req, body) => {
  const question = req.url.indexOf('?');
  const path = question < 0 ? req.url : req.url.slice(0, question);
  let query = question < 0 ? '' : req.url.slice(question + 1);
  const timestamp = `timestamp=${Date.now()}`;
  if (body.length > 0) {
    body = `${body}&${timestamp}`;
  } else {
    query = query.length > 0 ? `${query}&${timestamp}` : timestamp;
  }
  const signature = crypto.createHmac('sha256', secret).update(query + body).digest('hex');
  if (body.length > 0) {
    body = `${body}&signature=${signature}`;
  } else {
    query = `${query}&signature=${signature}`;
  }
  req.url = query.length > 0 ? `${path}?${query}` : path;
  return Buffer.from(body);
};

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    req.signedBody = sign(req, Buffer.concat(chunks).toString('utf8'));
    proxy.web(req, res, { buffer: Readable.from([req.signedBody]) });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`node-proxy listening on http://127.0.0.1:${port}`));
