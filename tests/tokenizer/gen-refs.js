// gen-refs.js - reference token ids from OpenAI's tiktoken (npm tiktoken@1.0.22, a WASM
// build of OpenAI's Rust code) for every file of tests/tokenizer/corpus/, written to
// tests/tokenizer/refs/NAME.ENCODING.ids (ids separated by spaces). Run by gen-refs.sh.
// Special tokens in the text are ordinary text: allowed_special = disallowed_special = [].
'use strict';
const fs = require('fs');
const path = require('path');
const { get_encoding } = require(process.argv[2] + '/node_modules/tiktoken');

const here = __dirname;
const corpus = path.join(here, 'corpus');
const refs = path.join(here, 'refs');
fs.mkdirSync(refs, { recursive: true });
for (const name of ['o200k_base', 'cl100k_base']) {
  const enc = get_encoding(name);
  for (const file of fs.readdirSync(corpus).sort()) {
    const text = fs.readFileSync(path.join(corpus, file), 'utf8');
    const ids = Array.from(enc.encode(text, [], []));
    const base = file.replace(/\.txt$/, '');
    fs.writeFileSync(path.join(refs, `${base}.${name}.ids`), ids.join(' ') + '\n');
  }
  enc.free();
}
