// Does a core dump hold a value? For scripts/images.sh, as tests/Sidecar.Tests/EndToEnd/Isolation/CoreDumpTests.cs
// does in process: .NET keeps strings as UTF-16, native code and I/O buffers hold UTF-8, so both are looked for.
//
//   NEEDLE=<value> node core-holds.mjs CORE_FILE      (the value comes from the environment, never the command line)
//
// Prints "utf8", "utf16" or "none"; exits 0 when found, 1 when not, 2 on a usage error.
import { closeSync, openSync, readSync } from 'node:fs';

const [file] = process.argv.slice(2);
const needle = process.env.NEEDLE;
if (!file || !needle) {
  console.error('usage: NEEDLE=<value> node core-holds.mjs CORE_FILE');
  process.exit(2);
}

const needles = [['utf8', Buffer.from(needle, 'utf8')], ['utf16', Buffer.from(needle, 'utf16le')]];
const longest = Math.max(...needles.map(([, bytes]) => bytes.length));
const buffer = Buffer.alloc(16 * 1024 * 1024);
const fd = openSync(file, 'r');
let carry = 0;
let found = 'none';
for (;;) {
  const read = readSync(fd, buffer, carry, buffer.length - carry, null);
  if (read === 0) {
    break;
  }
  const filled = carry + read;
  const window = buffer.subarray(0, filled);
  const hit = needles.find(([, bytes]) => window.indexOf(bytes) >= 0);
  if (hit) {
    found = hit[0];
    break;
  }
  // Keep the tail, so a match across two reads is still found.
  carry = Math.min(longest - 1, filled);
  buffer.copy(buffer, 0, filled - carry, filled);
}
closeSync(fd);
console.log(found);
process.exit(found === 'none' ? 1 : 0);
