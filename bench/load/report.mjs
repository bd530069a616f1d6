// Turns bench/load/run.sh's measurements into the Markdown of bench/RESULTS.md and checks issue #22's targets.
// Usage: node report.mjs WORK_DIR   (reads results.tsv, rss.tsv, checks.tsv, calls.tsv, counts.tsv, syscalls.tsv and
// stages-*.tsv there; any of them may be missing)
import fs from 'node:fs';
import path from 'node:path';

const work = process.argv[2];
const parseTsv = (text) => {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split('\t');
  return lines.filter((l) => l.length > 0).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [names[i], v])));
};
const readTsv = (name) => {
  const file = path.join(work, name);
  return fs.existsSync(file) ? parseTsv(fs.readFileSync(file, 'utf8')) : [];
};

const results = readTsv('results.tsv');
const rssRows = readTsv('rss.tsv');
const rss = Object.fromEntries(rssRows.map((r) => [r.mode, Number(r.peak_rss_kib)]));
const calls = readTsv('calls.tsv');
const checks = readTsv('checks.tsv');
const counts = readTsv('counts.tsv');
const syscalls = readTsv('syscalls.tsv');
const signLoop = Object.fromEntries(readTsv('signloop.tsv').map((r) => [r.what, r]));
const rawSign = signLoop['C_SignInit + C_Sign'];

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (v, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const signed = (v, digits = 0) => (Number.isFinite(v) && v >= 0 ? '+' : '') + fmt(v, digits);

const labels = {
  direct: 'direct (wrk → upstream)',
  nginx: 'nginx hop',
  yarp: 'plain YARP hop',
  sidecar: 'Sidecar, SoftHSM2 in-process',
  'sidecar-p11': 'Sidecar, p11-kit client → server',
  'sidecar-audit': 'Sidecar, SoftHSM2 + Audit:Path',
  'sidecar-aot': 'Sidecar Native AOT, SoftHSM2 in-process',
  'sidecar-base': 'Sidecar, the other build (LOAD_BASE_BIN)',
  node: 'Node.js http-proxy, HMAC in memory',
};
const shapeLabels = {
  order: 'signed `POST /api/v3/order` (form body signed)',
  account: 'signed `GET /api/v3/account` (query signed, no body)',
};
const label = (mode) => labels[mode] ?? mode;
const unique = (values) => [...new Set(values)];

const out = [];
const shapes = unique([...results, ...counts].map((r) => r.shape));
const modes = unique(results.map((r) => r.mode));
const rps = (r) => Number(r.requests) / Number(r.seconds);

// One shape's numbers: medians over rounds, and per-round pairs (both modes measured in the same round, so drift cancels).
const shapeStats = (shape) => {
  const rows = (mode, phase) => results.filter((r) => r.shape === shape && r.mode === mode && r.phase === phase);
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
      bytesPerRequest: allocated.length === 0 ? NaN
        : allocated.reduce((s, r) => s + Number(r.allocated_bytes), 0) / allocated.reduce((s, r) => s + Number(r.requests), 0),
      rssMb: rss[mode] ? rss[mode] * 1024 / 1e6 : NaN,
      // The proxy's own CPU time per request at 32 connections (user + system, all its threads and child processes).
      cpuPerRequest: median(throughput.filter((r) => r.cpu_us && r.cpu_us !== '-').map((r) => Number(r.cpu_us) / Number(r.requests))),
    };
  }
  const perRound = (a, b, phase, value) => rows(a, phase).map((ra) => {
    const rb = rows(b, phase).find((r) => r.round === ra.round);
    return rb ? value(ra, rb) : NaN;
  }).filter(Number.isFinite);
  const differences = (a, b) => perRound(a, b, 'latency', (ra, rb) => Number(ra.p50_us) - Number(rb.p50_us));
  const ratio = (a, b, phase, value) => median(perRound(a, b, phase, (ra, rb) => value(ra) / value(rb)));
  return { stats, differences, ratio };
};

const spread = (values) => (values.length === 0 ? '–'
  : `${signed(median(values))} (${values.map((v) => signed(v)).join(', ')})`);

const targets = [];
const target = (name, ok, detail) => targets.push(`| ${name} | ${ok === undefined ? 'not measured' : ok ? '**met**' : '**missed**'} | ${detail} |`);

for (const shape of unique(results.map((r) => r.shape))) {
  const { stats, differences, ratio } = shapeStats(shape);
  out.push(`**${shapeLabels[shape] ?? shape}**`);
  out.push('');
  out.push('| Mode | p50 µs @1 | p99 µs @1 | added p50 µs vs direct | rps @32 | p50 µs @32 | p99 µs @32 | proxy CPU µs/request @32 | peak RSS MB | managed B/request | errors |');
  out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const mode of modes) {
    const s = stats[mode];
    const added = stats.direct && mode !== 'direct' ? median(differences(mode, 'direct')) : NaN;
    out.push(`| ${label(mode)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(added)} | ${fmt(s.rps)} | ${fmt(s.p50Loaded)} | ${fmt(s.p99Loaded)} | ${fmt(s.cpuPerRequest, 1)} | ${fmt(s.rssMb, 1)} | ${fmt(s.bytesPerRequest)} | ${s.errors} |`);
  }

  const ratios = [];
  const pair = (a, b, name) => {
    if (!stats[a] || !stats[b] || !results.some((r) => r.shape === shape && r.mode === a) || !results.some((r) => r.shape === shape && r.mode === b)) return;
    ratios.push(`| ${name} | ${fmt(ratio(a, b, 'latency', (r) => Number(r.p50_us)), 2)} | ${fmt(ratio(a, b, 'throughput', rps), 2)} | ${spread(differences(a, b))} |`);
  };
  pair('sidecar', 'yarp', 'Sidecar / plain YARP');
  pair('sidecar-aot', 'yarp', 'Sidecar Native AOT / plain YARP');
  pair('sidecar', 'nginx', 'Sidecar / nginx');
  pair('sidecar', 'node', 'Sidecar / Node.js');
  pair('sidecar-p11', 'sidecar', 'Sidecar p11-kit / Sidecar in-process');
  pair('sidecar-audit', 'sidecar', 'Sidecar with audit / without');
  pair('sidecar-aot', 'sidecar', 'Sidecar Native AOT / JIT');
  pair('sidecar', 'sidecar-base', 'Sidecar / the other build');
  if (ratios.length > 0) {
    out.push('');
    out.push('Ratios, the median of per-round ratios (both sides measured in the same round); the p50 difference as its median and, in brackets, each round\'s:');
    out.push('');
    out.push('| | p50 @1 ratio | rps @32 ratio | p50 @1 difference µs |');
    out.push('|---|--:|--:|--:|');
    out.push(...ratios);
  }
  out.push('');

  const s = stats.sidecar;
  const y = stats.yarp;
  if (s && y && results.some((r) => r.shape === shape && r.mode === 'sidecar') && results.some((r) => r.shape === shape && r.mode === 'yarp')) {
    const gap = differences('sidecar', 'yarp');
    target(`${shape}: Sidecar − plain YARP ≤ +15 µs p50 @1`, median(gap) <= 15, `${spread(gap)} µs`);
    const rpsRatio = ratio('sidecar', 'yarp', 'throughput', rps);
    if (rawSign) {
      const budget = y.cpuPerRequest + Number(rawSign.cpu_mean_us) + 5;
      target(`${shape}: CPU per request @32 ≤ plain YARP + raw C_SignInit + C_Sign + 5 µs`, s.cpuPerRequest <= budget,
        `Sidecar ${fmt(s.cpuPerRequest, 1)} µs vs ${fmt(y.cpuPerRequest, 1)} + ${fmt(Number(rawSign.cpu_mean_us), 1)} + 5 = ${fmt(budget, 1)} µs`);
    }
    target(`${shape}: rps @32 ≥ 0.9 × plain YARP`, rpsRatio >= 0.9,
      `${fmt(rpsRatio, 2)} × (CPU per request: Sidecar ${fmt(s.cpuPerRequest, 1)} µs, plain YARP ${fmt(y.cpuPerRequest, 1)} µs, ${signed(s.cpuPerRequest - y.cpuPerRequest, 1)} µs)`);
    const extra = s.bytesPerRequest - y.bytesPerRequest;
    target(`${shape}: allocation ≤ plain YARP + 512 B per request`, extra <= 512, `${fmt(s.bytesPerRequest)} B vs ${fmt(y.bytesPerRequest)} B (${signed(extra)} B)`);
    if (stats.node && results.some((r) => r.shape === shape && r.mode === 'node')) {
      const n = stats.node;
      target(`${shape}: faster than the Node.js proxy (p50 @1 and rps @32)`, s.p50 < n.p50 && s.rps > n.rps, `p50 ${fmt(s.p50)} vs ${fmt(n.p50)} µs, rps ${fmt(s.rps)} vs ${fmt(n.rps)}`);
    }
  }
}

const mb = (kib) => fmt(Number(kib) * 1024 / 1e6, 1);
const parts = rssRows.filter((r) => r.anon_kib);
if (parts.length > 0) {
  out.push('Peak RSS (VmHWM, after every shape at 1 and 32 connections): ' + rssRows.map((r) => `${label(r.mode)} ${mb(r.peak_rss_kib)} MB`).join('; ') + '.');
  out.push('');
  out.push('Resident set at the end of the run, by kind (MB): ' + parts.map((r) =>
    `${label(r.mode)} ${mb(r.anon_kib)} private anonymous + ${mb(r.file_kib)} file-backed (runtime and libraries, shared between processes) + ${mb(r.shmem_kib)} shared memory (W^X code double mapping)`).join('; ') + '.');
  out.push('');
}
for (const mode of ['sidecar', 'sidecar-aot']) {
  if (rss[mode]) {
    const value = rss[mode] * 1024 / 1e6;
    target(`peak RSS ≤ 60 MB under the 32-connection load (${label(mode)})`, value <= 60, `${fmt(value, 1)} MB (VmHWM)`);
  }
}
if (calls.length > 0) {
  const c = Object.fromEntries(calls.map((r) => [r.call, Number(r.count)]));
  const hot = (c.C_FindObjectsInit ?? 0) + (c.C_FindObjects ?? 0) + (c.C_OpenSession ?? 0);
  target('no C_FindObjects / C_OpenSession on the hot path', hot === 0,
    `over ${c.requests} signed requests (p11-kit client call log): C_SignInit ${c.C_SignInit ?? 0}, C_Sign ${c.C_Sign ?? 0}, ` +
    `C_FindObjectsInit ${c.C_FindObjectsInit ?? 0}, C_FindObjects ${c.C_FindObjects ?? 0}, C_OpenSession ${c.C_OpenSession ?? 0}, other calls ${c.other ?? 0}`);
}

if (counts.length > 0) {
  out.push('Per request, counted (not timed), wrk for the same seconds per row: context switches and CPU migrations of all the proxy\'s threads (`perf stat`), ' +
    'its CPU time (`task-clock`, inflated when the machine is busy), thread-pool work items completed and contended locks (.NET proxies):');
  out.push('');
  out.push('| Mode | shape | connections | requests | context switches | CPU migrations | CPU µs | thread-pool work items | lock contentions |');
  out.push('|---|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of counts) {
    const n = Number(r.requests);
    const per = (v, digits) => (v === '-' || v === '' || v === undefined ? '–' : fmt(Number(v) / n, digits));
    out.push(`| ${label(r.mode)} | ${r.shape} | ${r.connections} | ${fmt(n)} | ${per(r.context_switches, 2)} | ${per(r.migrations, 2)} | ${fmt(Number(r.task_clock_ms) * 1000 / n, 1)} | ${per(r.work_items, 2)} | ${per(r.contentions, 3)} |`);
  }
  out.push('');
}

if (syscalls.length > 0) {
  // One column per syscall made at least 0.05 times per request by some mode; the rest summed.
  const runs = unique(syscalls.map((r) => `${r.mode}\t${r.shape}`));
  const perRequest = (r) => Number(r.calls) / Number(r.requests);
  const names = unique(syscalls.filter((r) => perRequest(r) >= 0.05).map((r) => r.syscall)).sort();
  out.push('Syscalls per request at 1 connection (`strace -f -c -p`, a separate run; strace slows the process, the counts stay per request):');
  out.push('');
  out.push(`| Mode | shape | requests | ${names.join(' | ')} | other | total |`);
  out.push(`|---|---|--:|${names.map(() => '--:|').join('')}--:|--:|`);
  for (const run of runs) {
    const [mode, shape] = run.split('\t');
    const rows = syscalls.filter((r) => r.mode === mode && r.shape === shape);
    const value = (name) => rows.filter((r) => r.syscall === name).reduce((s, r) => s + perRequest(r), 0);
    const total = rows.reduce((s, r) => s + perRequest(r), 0);
    const other = total - names.reduce((s, name) => s + value(name), 0);
    out.push(`| ${label(mode)} | ${shape} | ${fmt(Number(rows[0].requests))} | ${names.map((name) => fmt(value(name), 2)).join(' | ')} | ${fmt(other, 2)} | ${fmt(total, 2)} |`);
  }
  out.push('');
}

if (rawSign) {
  out.push('The raw sign in C on this machine (`bench/load/sign-loop.c`: SoftHSM2, session-object HMAC key, the 144-byte order prehash, ' +
    `${fmt(Number(rawSign.calls))} calls in a loop): ` + ['C_SignInit', 'C_Sign', 'C_SignInit + C_Sign'].filter((w) => signLoop[w]).map((w) =>
    `${w} ${fmt(Number(signLoop[w].wall_p50_us), 1)} µs p50 wall, ${fmt(Number(signLoop[w].cpu_mean_us), 1)} µs CPU`).join('; ') + '.');
  out.push('');
}

for (const file of fs.readdirSync(work).filter((f) => /^stages-.*\.tsv$/.test(f)).sort()) {
  const rows = parseTsv(fs.readFileSync(path.join(work, file), 'utf8'));
  if (rows.length === 0) continue;
  const names = Object.keys(rows[0]);
  out.push(`Stages of one request, ${file.replace(/^stages-|\.tsv$/g, '').replace(/-(order|account)$/, ' ($1)')} at 1 connection (SIDECAR_STAGE_TIMING=1; µs from the previous stage):`);
  out.push('');
  out.push(`| ${names.join(' | ')} |`);
  out.push(`|---|${names.slice(1).map(() => '--:|').join('')}`);
  out.push(...rows.map((r) => `| ${names.map((n) => r[n]).join(' | ')} |`));
  out.push('');
}

if (targets.length > 0) {
  out.push("Issue #22's targets (timing targets mean something only when the load average was low):");
  out.push('');
  out.push('| Target | Result | Measured |');
  out.push('|---|---|---|');
  out.push(...targets);
  out.push('');
}
const signedCounts = checks.filter((r) => r.check === 'signed_requests');
if (signedCounts.length > 0) {
  out.push('Requests Sidecar counted as signed (sidecar_requests_total{decision="signed"}): ' +
    signedCounts.map((r) => `${r.mode} ${Number(r.value).toLocaleString('en-US')}`).join(', ') + '.');
}
console.log(out.join('\n').trimEnd());
