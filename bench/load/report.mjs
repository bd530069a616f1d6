// Turns bench/load/run.sh's measurements into the Markdown table of bench/RESULTS.md and checks issue #8's
// targets.  Usage: node report.mjs WORK_DIR   (reads results.tsv, rss.tsv, checks.tsv, calls.tsv there)
import fs from 'node:fs';
import path from 'node:path';

const work = process.argv[2];
const readTsv = (name) => {
  const file = path.join(work, name);
  if (!fs.existsSync(file)) return [];
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const names = header.split('\t');
  return lines.filter((l) => l.length > 0).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [names[i], v])));
};

const results = readTsv('results.tsv');
const rssRows = readTsv('rss.tsv');
const rss = Object.fromEntries(rssRows.map((r) => [r.mode, Number(r.peak_rss_kib)]));
const calls = readTsv('calls.tsv');
const checks = readTsv('checks.tsv');

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const modes = [...new Set(results.map((r) => r.mode))];
const rows = (mode, phase) => results.filter((r) => r.mode === mode && r.phase === phase);
const rps = (r) => Number(r.requests) / Number(r.seconds);

const stats = {};
for (const mode of modes) {
  const latency = rows(mode, 'latency');
  const throughput = rows(mode, 'throughput');
  const all = [...latency, ...throughput];
  const allocated = all.filter((r) => r.allocated_bytes !== '-');
  stats[mode] = {
    p50: median(latency.map((r) => Number(r.p50_us))),
    p99: median(latency.map((r) => Number(r.p99_us))),
    rps: median(throughput.map(rps)),
    p50Loaded: median(throughput.map((r) => Number(r.p50_us))),
    p99Loaded: median(throughput.map((r) => Number(r.p99_us))),
    errors: all.reduce((sum, r) => sum + Number(r.errors), 0),
    requests: all.reduce((sum, r) => sum + Number(r.requests), 0),
    bytesPerRequest: allocated.length === 0 ? NaN
      : allocated.reduce((s, r) => s + Number(r.allocated_bytes), 0) / allocated.reduce((s, r) => s + Number(r.requests), 0),
    rssMb: rss[mode] ? rss[mode] * 1024 / 1e6 : NaN,
    // The proxy's own CPU time per request at 32 connections (user + system, all its threads and child processes).
    cpuPerRequest: median(throughput.filter((r) => r.cpu_us && r.cpu_us !== '-').map((r) => Number(r.cpu_us) / Number(r.requests))),
  };
}

// Paired per round: both modes measured in the same round, so drift cancels.
const pairedRatio = (a, b, phase, value) => median(rows(a, phase).map((ra) => {
  const rb = rows(b, phase).find((r) => r.round === ra.round);
  return rb ? value(ra) / value(rb) : NaN;
}));
const pairedDifference = (a, b) => median(rows(a, 'latency').map((ra) => {
  const rb = rows(b, 'latency').find((r) => r.round === ra.round);
  return rb ? Number(ra.p50_us) - Number(rb.p50_us) : NaN;
}));

const fmt = (v, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const labels = {
  direct: 'direct (wrk → upstream)',
  nginx: 'nginx hop',
  yarp: 'plain YARP hop',
  sidecar: 'Sidecar, SoftHSM2 in-process',
  'sidecar-p11': 'Sidecar, p11-kit client → server',
  'sidecar-audit': 'Sidecar, SoftHSM2 + Audit:Path',
  'sidecar-aot': 'Sidecar Native AOT, SoftHSM2 in-process',
  node: 'Node.js http-proxy, HMAC in memory',
};

const out = [];
const direct = stats.direct;
out.push('| Mode | p50 µs @1 | p99 µs @1 | added p50 µs vs direct | rps @32 | p50 µs @32 | p99 µs @32 | proxy CPU µs/request @32 | peak RSS MB | managed B/request | errors |');
out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const mode of modes) {
  const s = stats[mode];
  const added = direct && mode !== 'direct' ? pairedDifference(mode, 'direct') : NaN;
  out.push(`| ${labels[mode] ?? mode} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(added)} | ${fmt(s.rps)} | ${fmt(s.p50Loaded)} | ${fmt(s.p99Loaded)} | ${fmt(s.cpuPerRequest, 1)} | ${fmt(s.rssMb, 1)} | ${fmt(s.bytesPerRequest)} | ${s.errors} |`);
}
const mb = (kib) => fmt(Number(kib) * 1024 / 1e6, 1);
const parts = rssRows.filter((r) => r.anon_kib);
if (parts.length > 0) {
  out.push('');
  out.push('Resident set at the end of the run, by kind (MB): ' + parts.map((r) =>
    `${labels[r.mode] ?? r.mode} ${mb(r.anon_kib)} private anonymous + ${mb(r.file_kib)} file-backed (runtime and libraries, shared between processes) + ${mb(r.shmem_kib)} shared memory (W^X code double mapping)`).join('; ') + '.');
}
if (rss['p11-kit-server']) {
  out.push('');
  out.push(`p11-kit server (serving the token to sidecar-p11): peak RSS ${fmt(rss['p11-kit-server'] * 1024 / 1e6, 1)} MB.`);
}

const ratios = [];
const ratio = (a, b, label) => {
  if (!stats[a] || !stats[b]) return;
  const p50 = pairedRatio(a, b, 'latency', (r) => Number(r.p50_us));
  const throughput = pairedRatio(a, b, 'throughput', rps);
  ratios.push(`| ${label} | ${fmt(p50, 2)} | ${fmt(throughput, 2)} | ${fmt(pairedDifference(a, b))} |`);
};
ratio('sidecar', 'yarp', 'Sidecar / plain YARP');
ratio('sidecar', 'nginx', 'Sidecar / nginx');
ratio('sidecar', 'node', 'Sidecar / Node.js');
ratio('sidecar-p11', 'sidecar', 'Sidecar p11-kit / Sidecar in-process');
ratio('sidecar-audit', 'sidecar', 'Sidecar with audit / without');
ratio('sidecar-aot', 'sidecar', 'Sidecar Native AOT / JIT');
if (ratios.length > 0) {
  out.push('');
  out.push('Ratios, the median of per-round ratios (both sides measured in the same round):');
  out.push('');
  out.push('| | p50 @1 ratio | rps @32 ratio | p50 @1 difference µs |');
  out.push('|---|--:|--:|--:|');
  out.push(...ratios);
}

const targets = [];
const target = (label, ok, detail) => targets.push(`| ${label} | ${ok === undefined ? 'not measured' : ok ? '**met**' : '**missed**'} | ${detail} |`);
const s = stats.sidecar;
const y = stats.yarp;
if (s && y) {
  const addedOverYarp = pairedDifference('sidecar', 'yarp');
  target('added p50 @1 ≤ plain YARP + 15 µs', addedOverYarp <= 15, `Sidecar − YARP = ${fmt(addedOverYarp)} µs`);
  const rpsRatio = pairedRatio('sidecar', 'yarp', 'throughput', rps);
  target('rps @32 ≥ 0.9 × plain YARP', rpsRatio >= 0.9,
    `${fmt(rpsRatio, 2)} × (CPU per request: Sidecar ${fmt(s.cpuPerRequest, 1)} µs, plain YARP ${fmt(y.cpuPerRequest, 1)} µs)`);
  const extra = s.bytesPerRequest - y.bytesPerRequest;
  target('allocation ≤ plain YARP + 512 B per request', extra <= 512, `${fmt(s.bytesPerRequest)} B vs ${fmt(y.bytesPerRequest)} B (${extra >= 0 ? '+' : ''}${fmt(extra)} B)`);
}
if (s) {
  target('peak RSS ≤ 60 MB under the 32-connection load', Number.isFinite(s.rssMb) ? s.rssMb <= 60 : undefined, `${fmt(s.rssMb, 1)} MB (VmHWM)`);
}
const aot = stats['sidecar-aot'];
if (aot) {
  target('peak RSS ≤ 60 MB under the 32-connection load (Native AOT build)', Number.isFinite(aot.rssMb) ? aot.rssMb <= 60 : undefined, `${fmt(aot.rssMb, 1)} MB (VmHWM)`);
}
if (s && stats.node) {
  const n = stats.node;
  target('faster than the Node.js proxy (p50 @1 and rps @32)', s.p50 < n.p50 && s.rps > n.rps, `p50 ${fmt(s.p50)} vs ${fmt(n.p50)} µs, rps ${fmt(s.rps)} vs ${fmt(n.rps)}`);
}
if (calls.length > 0) {
  const c = Object.fromEntries(calls.map((r) => [r.call, Number(r.count)]));
  const hot = (c.C_FindObjectsInit ?? 0) + (c.C_FindObjects ?? 0) + (c.C_OpenSession ?? 0);
  target('no C_FindObjects / C_OpenSession on the hot path', hot === 0,
    `over ${c.requests} signed requests (p11-kit client call log): C_SignInit ${c.C_SignInit ?? 0}, C_Sign ${c.C_Sign ?? 0}, ` +
    `C_FindObjectsInit ${c.C_FindObjectsInit ?? 0}, C_FindObjects ${c.C_FindObjects ?? 0}, C_OpenSession ${c.C_OpenSession ?? 0}, other calls ${c.other ?? 0}`);
}
if (targets.length > 0) {
  out.push('');
  out.push("Issue #8's targets:");
  out.push('');
  out.push('| Target | Result | Measured |');
  out.push('|---|---|---|');
  out.push(...targets);
}
const signed = checks.filter((r) => r.check === 'signed_requests');
if (signed.length > 0) {
  out.push('');
  out.push('Requests Sidecar counted as signed (sidecar_requests_total{decision="signed"}): ' +
    signed.map((r) => `${r.mode} ${Number(r.value).toLocaleString('en-US')}`).join(', ') + '.');
}
console.log(out.join('\n'));
