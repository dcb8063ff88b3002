// peer.js PEER ENCODING FILE - count the tokens of FILE with an npm peer, as a user
// would: start node, load the library and its vocabulary, read the file, count.
// PEER: tiktoken (npm tiktoken 1.0.22, WASM) or gpt-tokenizer (4.0.0, pure JS).
// Special-token text counts as ordinary text in both (as in llmcost).
'use strict';
const fs = require('fs');
const path = require('path');
const [peer, enc, file] = process.argv.slice(2);
const mods = path.resolve(__dirname, '../peers/node_modules');
const text = fs.readFileSync(file, 'utf8');
let n;
if (peer === 'tiktoken') {
  const { get_encoding } = require(mods + '/tiktoken');
  const e = get_encoding(enc);
  n = e.encode(text, [], []).length;
  e.free();
} else if (peer === 'gpt-tokenizer') {
  const e = require(mods + '/gpt-tokenizer/cjs/encoding/' + enc);
  n = e.countTokens(text, { disallowedSpecial: new Set() });
} else {
  throw new Error('unknown peer ' + peer);
}
console.log(n);
