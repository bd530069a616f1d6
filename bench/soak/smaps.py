#!/usr/bin/env python3
"""Attributes a process's resident memory to kinds of mapping, from /proc/PID/smaps copies (the soak's
SOAK_SMAPS_EVERY snapshots), so RSS growth can be pinned on the GC heap, JIT code, native malloc or files.

    python3 bench/soak/smaps.py .sidecar/soak/smaps/60 .sidecar/soak/smaps/300 .sidecar/soak/smaps/600

Prints Rss (kB) by kind for each snapshot and the change from the first one, then the mappings that grew most.
The kinds are read off the layout, not asked of the runtime:
  gc-heap        anonymous mappings inside a reservation of 16 GiB or more (the GC's regions range), other
                 than arenas and stacks that the kernel placed next to it; a mapping at a 4 MiB boundary there is
                 a GC region even after a PROT_NONE gap
  malloc-arena   glibc arenas: a read-write anonymous mapping at a 64 MiB boundary, followed by the PROT_NONE rest
                 of its 64 MiB heap (one or more per thread that called malloc)
  [heap]         glibc's main arena (brk)
  thread-stack   a read-write anonymous mapping right after a small PROT_NONE guard
  jit-code       /memfd:doublemapper, the runtime's W^X double-mapped executable memory (JIT code, stubs)
  native-lib     file-backed *.so
  managed-image  file-backed *.dll (ready-to-run images)
  other-file     any other file
  other-anon     the rest: large malloc blocks (mmap'd directly), the runtime's own loader heaps, ...
"""
import re
import sys

HEADER = re.compile(r'^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$')
ARENA = 64 << 20
RESERVATION = 16 << 30
REGION = 4 << 20  # the GC's region size: a committed region starts at a multiple of it


def read(path):
    maps = []
    with open(path) as f:
        for line in f:
            m = HEADER.match(line)
            if m:
                maps.append({'start': int(m[1], 16), 'end': int(m[2], 16), 'perms': m[3], 'path': m[4], 'rss': 0})
            elif line.startswith('Rss:'):
                maps[-1]['rss'] = int(line.split()[1])
    return maps


def classify(maps):
    # Runs of adjacent anonymous mappings: the GC reserves one huge range and commits pieces of it.
    run_start = 0
    for i, m in enumerate(maps):
        if i > 0 and not (maps[i - 1]['end'] == m['start'] and not maps[i - 1]['path'] and not m['path']):
            run_start = i
        m['run'] = run_start
    span = {}
    for m in maps:
        if not m['path']:
            first = maps[m['run']]['start']
            span[m['run']] = max(span.get(m['run'], 0), m['end'] - first)
    for i, m in enumerate(maps):
        path = m['path']
        if path:
            if path.startswith('/memfd:doublemapper'):
                kind = 'jit-code'
            elif path.startswith('['):
                kind = path if path in ('[heap]', '[stack]') else 'other-anon'
            elif re.search(r'\.so(\.|$)', path):
                kind = 'native-lib'
            elif path.endswith('.dll'):
                kind = 'managed-image'
            else:
                kind = 'other-file'
        elif (m['perms'].startswith('rw') and m['start'] % ARENA == 0
              and i + 1 < len(maps) and maps[i + 1]['perms'].startswith('---') and not maps[i + 1]['path']
              and maps[i + 1]['start'] == m['end'] and maps[i + 1]['end'] - m['start'] == ARENA) \
                or (m['perms'].startswith('rw') and m['start'] % ARENA == 0 and m['end'] - m['start'] == ARENA):
            kind = 'malloc-arena'
        elif span.get(m['run'], 0) >= RESERVATION and m['start'] % REGION == 0:
            kind = 'gc-heap'
        elif (m['perms'].startswith('rw') and i > 0 and maps[i - 1]['perms'].startswith('---')
              and not maps[i - 1]['path'] and maps[i - 1]['end'] == m['start']
              and maps[i - 1]['end'] - maps[i - 1]['start'] <= 64 << 10):
            kind = 'thread-stack'
        elif span.get(m['run'], 0) >= RESERVATION:
            kind = 'gc-heap'
        else:
            kind = 'other-anon'
        m['kind'] = kind
    return maps


def main(paths):
    snaps = [classify(read(p)) for p in paths]
    kinds = sorted({m['kind'] for s in snaps for m in s})
    totals = [{k: sum(m['rss'] for m in s if m['kind'] == k) for k in kinds} for s in snaps]
    names = [p.rstrip('/').split('/')[-1] for p in paths]
    print(f"{'kind (Rss kB)':16}" + ''.join(f'{n:>10}' for n in names) + f"{'change':>10}")
    for k in kinds + ['total']:
        row = [sum(t.values()) if k == 'total' else t[k] for t in totals]
        print(f'{k:16}' + ''.join(f'{v:>10}' for v in row) + f'{row[-1] - row[0]:>+10}')
    counts = [{k: sum(1 for m in s if m['kind'] == k) for k in kinds} for s in snaps]
    print('mappings: ' + ', '.join(f"{k} {counts[0][k]}->{counts[-1][k]}" for k in kinds if counts[0][k] != counts[-1][k]))
    first = {(m['start'], m['kind']): m['rss'] for m in snaps[0]}
    grew = sorted(((m['rss'] - first.get((m['start'], m['kind']), 0), m) for m in snaps[-1]), key=lambda x: -x[0])
    print('largest growth, first -> last snapshot:')
    for delta, m in grew[:12]:
        if delta <= 0:
            break
        print(f"  {delta:>+8} kB  {m['kind']:13} {m['start']:x}-{m['end']:x} {m['perms']} {(m['end'] - m['start']) >> 10} kB {m['path']}")


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1:])
