// diff-random.js - randomized differential test against npm tiktoken (development only,
// not part of `make test`): N random strings built from the characters that matter to the
// pre-tokenization patterns, encoded by tiktoken and by `llmcost tokens --ids`, compared.
//   node tests/tokenizer/diff-random.js [N] [SEED]      (after gen-refs.sh installed peers)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const root = path.resolve(__dirname, '../..');
const { get_encoding } = require(root + '/bench/peers/node_modules/tiktoken');

const N = +(process.argv[2] || 500);
let seed = +(process.argv[3] || 1);
function rnd(n) { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; }
const pools = [
  'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789',
  ' ', '  ', '\t', '\n', '\r\n', '\r', "'", "'s", "'S", "'ll", "'LL", "'re", "'Ve", "'d", "'M", "'t", 'ſ',
  '!?.,;:-_/\\|()[]{}<>@#$%^&*+=~`"', '\u0301\u0308\u0327', 'éÉßẞçÇñ', 'ǅǈǋǲ', 'ʰʲˈˑᵃ',
  '日本語中文漢字', 'ひらがなカタカナー々', '한국어', 'АБВабвЁё', 'αβγΑΒΓ', 'عربي', 'हिन्दी', 'ไทย',
  '١٢٣४५६½²Ⅻ⑳', '😀👍🏽👨‍👩‍👧🇫🇷❤️', '\u200b\u200c\u200d\ufeff\u2060', '\u00a0\u2009\u3000\u2028\u0085',
  '\u0001\u001b\u007f', '<|endoftext|>', '𝐀𝐁𝔸', 'ﬁﬂ', 'ｶﾀｶﾅＡｂｃ', '\u{1E900}\u{1E922}', '\u0378\u{2FFFF}', '\u{2EBF0}\u1C89\u{10D50}\u{10D70}\u0897\u{323B0}\u{10940}',
];
function sample() {
  let s = '';
  const k = 1 + rnd(30);
  for (let i = 0; i < k; i++) {
    const p = pools[rnd(pools.length)];
    const chars = Array.from(p);
    if (rnd(3) === 0) s += p;
    else for (let j = 1 + rnd(4); j > 0; j--) s += chars[rnd(chars.length)];
  }
  return s;
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokdiff-'));
let bad = 0;
for (const name of ['o200k_base', 'cl100k_base']) {
  const enc = get_encoding(name);
  for (let i = 0; i < N; i++) {
    const s = sample();
    const f = path.join(dir, 's.txt');
    fs.writeFileSync(f, s);
    const want = Array.from(enc.encode(s, [], [])).join(' ');
    const got = execFileSync(root + '/build/llmcost', ['tokens', '--encoding', name, '--ids', f]).toString().trim();
    if (got !== want) {
      bad++;
      if (bad <= 10) console.log(`MISMATCH ${name} ${JSON.stringify(s)}\n  want ${want}\n  got  ${got}`);
    }
  }
  enc.free();
}
fs.rmSync(dir, { recursive: true });
console.log(`${2 * N} samples, ${bad} mismatches`);
process.exit(bad ? 1 : 0);
