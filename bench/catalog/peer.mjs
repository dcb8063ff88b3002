// bench/catalog/peer.mjs - the genai-prices 0.1.8 side of bench/catalog.
//
//   node peer.mjs cases OUT.tsv       write the test cases (every genai-prices model, dates,
//                                      usage mixes) as TSV: provider model time input cache_read
//                                      cache_write_5m cache_write_1h output (input = uncached)
//   node peer.mjs price CASES.tsv     price each case with calcPrice; one total per line
//   node peer.mjs time CASES.tsv N    price N records (cycling through the cases); prints
//                                      seconds and the sum
import { calcPrice } from '@pydantic/genai-prices';
import { readFileSync, writeFileSync } from 'node:fs';

const [mode, file, nArg] = process.argv.slice(2);

function readCases(f) {
	return readFileSync(f, 'utf8').trim().split('\n').map((l) => {
		const [provider, model, time, inp, cr, w5, w1, out] = l.split('\t');
		return { provider, model, time: new Date(time), inp: +inp, cr: +cr, w5: +w5, w1: +w1, out: +out };
	});
}

// genai-prices counts input including cache reads and writes; llmcost's kinds are disjoint.
function price(c) {
	const usage = {
		input_tokens: c.inp + c.cr + c.w5 + c.w1,
		cache_read_tokens: c.cr,
		cache_write_tokens: c.w5 + c.w1,
		cache_write_1h_tokens: c.w1,
		output_tokens: c.out,
	};
	const r = calcPrice(usage, c.model, { providerId: c.provider, timestamp: c.time });
	return r ? r.total_price : null;
}

if (mode === 'cases') {
	const data = JSON.parse(readFileSync(process.env.GENAI_DATA, 'utf8')); // set by run.sh
	const times = ['2025-06-01T12:00:00Z', '2026-03-01T20:00:00Z', '2026-08-22T12:00:00Z'];
	const mixes = [
		[1000, 0, 0, 0, 500],          // plain
		[5000, 20000, 0, 0, 800],      // cached input
		[2000, 50000, 3000, 0, 1200],  // 5-minute cache write
		[2000, 50000, 0, 3000, 1200],  // 1-hour cache write
		[1000, 250000, 4000, 0, 2000], // long context (> 200k in total)
		[300000, 0, 0, 0, 1000],       // long context, uncached
	];
	const lines = [];
	for (const p of data)
		for (const m of p.models)
			for (const t of times)
				for (const x of mixes)
					lines.push([p.id, m.id, t, ...x].join('\t'));
	writeFileSync(file, lines.join('\n') + '\n');
} else if (mode === 'price') {
	const out = readCases(file).map((c) => {
		try {
			const v = price(c);
			return v === null ? 'UNPRICED' : String(v);
		} catch (e) {
			return 'ERROR';
		}
	});
	process.stdout.write(out.join('\n') + '\n');
} else if (mode === 'time') {
	const cases = readCases(file).filter((c) => {
		try { return price(c) !== null; } catch { return false; }
	});
	const n = +nArg;
	const t0 = process.hrtime.bigint();
	let sum = 0;
	for (let i = 0; i < n; i++) sum += price(cases[i % cases.length]);
	const s = Number(process.hrtime.bigint() - t0) / 1e9;
	console.log(`${s.toFixed(3)} ${sum}`);
} else {
	console.error('usage: node peer.mjs cases OUT | price CASES | time CASES N');
	process.exit(2);
}
