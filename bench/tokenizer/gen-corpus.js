// gen-corpus.js OUT BYTES - a deterministic mixed corpus for the tokenizer benchmark:
// lines drawn (with a fixed-seed generator) from tests/tokenizer/corpus/ (prose in many
// scripts, code, JSON, numbers, emoji...) interleaved with generated English-like prose,
// identifiers and numbers, until BYTES bytes. Same bytes on every machine.
'use strict';
const fs = require('fs');
const path = require('path');
const [out, size] = [process.argv[2], +(process.argv[3] || 10 * 1024 * 1024)];
const dir = path.resolve(__dirname, '../../tests/tokenizer/corpus');
const lines = [];
for (const f of fs.readdirSync(dir).sort())
  if (f !== 'specials.txt')
    for (const l of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) if (l) lines.push(l);
const words = ('the of and to in is that for it as was with be by on not he this are or his from at ' +
  'which but have an they you were her she there been one all we their has would when if so no ' +
  'token price model cost budget request response latency cache context window prompt output ' +
  'getUserById parse_json HTTPClient max_tokens temperature').split(' ');
let seed = 12345;
function rnd(n) { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; }
const parts = [];
let bytes = 0;
while (bytes < size) {
  let s;
  if (rnd(3) === 0) s = lines[rnd(lines.length)];
  else {
    const k = 5 + rnd(25), w = [];
    for (let i = 0; i < k; i++) w.push(rnd(12) === 0 ? String(rnd(100000)) : words[rnd(words.length)]);
    s = w.join(' ');
    s = s[0].toUpperCase() + s.slice(1) + (rnd(4) ? '.' : '?');
  }
  s += rnd(5) ? '\n' : '\n\n';
  parts.push(s);
  bytes += Buffer.byteLength(s);
}
fs.writeFileSync(out, Buffer.from(parts.join('')).subarray(0, size).toString('utf8').replace(/\uFFFD$/, ''));
