// diff-unicode.js - exhaustive check of the Unicode table against npm tiktoken
// (development only, not part of `make test`): every Unicode scalar value is put in
// contexts whose tokenization reveals its class (letter and case, mark, number,
// whitespace): "c'll", " acb", "1c1", "xcx" and "c\n". Text is compared in chunks of
// 8192 code points; a mismatching chunk is reported with its range.
//   node tests/tokenizer/diff-unicode.js
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const root = path.resolve(__dirname, '../..');
const { get_encoding } = require(root + '/bench/peers/node_modules/tiktoken');

const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tokuni-')), 'chunk.txt');
const CH = 8192;
let bad = 0, chunks = 0;
for (const name of ['o200k_base', 'cl100k_base']) {
  const enc = get_encoding(name);
  for (let lo = 0; lo < 0x110000; lo += CH) {
    let s = '';
    for (let c = lo; c < lo + CH; c++) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;
      const ch = String.fromCodePoint(c);
      s += `${ch}'ll a${ch}b 1${ch}1 x${ch}x ${ch}\n`;
    }
    fs.writeFileSync(f, s);
    const want = Array.from(enc.encode(s, [], [])).join(' ');
    const got = execFileSync(root + '/build/llmcost', ['tokens', '--encoding', name, '--ids', f],
      { maxBuffer: 1 << 28 }).toString().trim();
    chunks++;
    if (got !== want) {
      bad++;
      console.log(`MISMATCH ${name} U+${lo.toString(16)}..U+${(lo + CH - 1).toString(16)}`);
    }
  }
  enc.free();
}
console.log(`${chunks} chunks, ${bad} mismatches`);
process.exit(bad ? 1 : 0);
