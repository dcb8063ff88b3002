/*
 * mkvocab.c - build-time tool: compile an OpenAI .tiktoken rank file ("base64 rank" per
 * line) into the in-place blob described in ../vocab.h.
 *
 *   mkvocab IN.tiktoken OUT.bin
 *
 * The module's make rule has already checked the input's sha256 against the official
 * value. This tool checks the structure: every line decodes, ranks are unique, all 256
 * single bytes are present, no token is duplicated. Any surprise stops the build.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vocab.h"

#define MAX_RANKS (1u << 22)

static void die(const char *what, long line)
{
	fprintf(stderr, "mkvocab: %s (line %ld)\n", what, line);
	exit(1);
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

/* Decode standard base64 with padding; returns the length or -1. */
static long b64decode(const char *s, size_t n, unsigned char *out)
{
	size_t i;
	long o = 0;
	if (n == 0 || n % 4)
		return -1;
	for (i = 0; i < n; i += 4) {
		int a = b64val(s[i]), b = b64val(s[i + 1]);
		int c = s[i + 2] == '=' ? -2 : b64val(s[i + 2]);
		int d = s[i + 3] == '=' ? -2 : b64val(s[i + 3]);
		if (a < 0 || b < 0 || c == -1 || d == -1 || (c == -2 && d != -2))
			return -1;
		if ((c == -2 || d == -2) && i + 4 != n)
			return -1;
		out[o++] = (unsigned char)(a << 2 | b >> 4);
		if (c >= 0)
			out[o++] = (unsigned char)((b & 15) << 4 | c >> 2);
		if (d >= 0)
			out[o++] = (unsigned char)((c & 3) << 6 | d);
	}
	return o;
}

struct tok {
	unsigned char *p;
	uint32_t len;
	int present;
};

int main(int argc, char **argv)
{
	FILE *in, *out;
	static char line[4096];
	static unsigned char dec[4096];
	struct tok *toks = calloc(MAX_RANKS, sizeof *toks);
	uint32_t nranks = 0, ntokens = 0, nslots = 1, nbytes = 0, maxlen = 0, r, *offs;
	lc_vocab_slot *slots;
	lc_vocab_hdr hdr;
	long lineno = 0;
	int b;

	if (argc != 3)
		return fprintf(stderr, "usage: mkvocab IN.tiktoken OUT.bin\n"), 2;
	if (!toks)
		die("out of memory", 0);
	if (!(in = fopen(argv[1], "rb")))
		return perror(argv[1]), 1;
	while (fgets(line, sizeof line, in)) {
		char *sp = strchr(line, ' '), *end;
		long n;
		unsigned long rank;
		lineno++;
		if (!sp || !strchr(line, '\n'))
			die("malformed line", lineno);
		n = b64decode(line, (size_t)(sp - line), dec);
		if (n <= 0)
			die("bad base64", lineno);
		rank = strtoul(sp + 1, &end, 10);
		if (end == sp + 1 || *end != '\n' || rank >= MAX_RANKS)
			die("bad rank", lineno);
		if (toks[rank].present)
			die("duplicate rank", lineno);
		toks[rank].p = malloc((size_t)n);
		if (!toks[rank].p)
			die("out of memory", lineno);
		memcpy(toks[rank].p, dec, (size_t)n);
		toks[rank].len = (uint32_t)n;
		toks[rank].present = 1;
		if (rank + 1 > nranks)
			nranks = (uint32_t)rank + 1;
		if ((uint32_t)n > maxlen)
			maxlen = (uint32_t)n;
		nbytes += (uint32_t)n;
		ntokens++;
	}
	fclose(in);
	if (maxlen > 255)
		die("a token is longer than 255 bytes", 0);
	while (nslots < ntokens * 5 / 2)
		nslots <<= 1;

	memset(&hdr, 0, sizeof hdr);
	for (b = 0; b < 256; b++)
		hdr.byte_rank[b] = UINT32_MAX;
	slots = calloc(nslots, sizeof *slots);
	offs = calloc((size_t)nranks + 1, sizeof *offs);
	if (!slots || !offs)
		die("out of memory", 0);
	nbytes = 0;
	for (r = 0; r < nranks; r++) {
		uint32_t h;
		offs[r] = nbytes;
		if (!toks[r].present)
			continue;
		nbytes += toks[r].len;
		if (toks[r].len == 1)
			hdr.byte_rank[toks[r].p[0]] = r;
		for (h = lc_vocab_hash(toks[r].p, toks[r].len) & (nslots - 1); slots[h].rank1;
		     h = (h + 1) & (nslots - 1)) {
			struct tok *o = &toks[slots[h].rank1 - 1];
			if (o->len == toks[r].len && !memcmp(o->p, toks[r].p, o->len))
				die("duplicate token", (long)r);
		}
		slots[h].rank1 = r + 1;
		lc_vocab_key(slots[h].key, toks[r].p, toks[r].len);
	}
	offs[nranks] = nbytes;
	for (b = 0; b < 256; b++)
		if (hdr.byte_rank[b] == UINT32_MAX)
			die("a single-byte token is missing", b);

	hdr.magic = LC_VOCAB_MAGIC;
	hdr.nranks = nranks;
	hdr.ntokens = ntokens;
	hdr.nslots = nslots;
	hdr.nbytes = nbytes;
	hdr.maxlen = maxlen;
	if (!(out = fopen(argv[2], "wb")))
		return perror(argv[2]), 1;
	fwrite(&hdr, sizeof hdr, 1, out);
	fwrite(slots, sizeof *slots, nslots, out);
	fwrite(offs, sizeof *offs, (size_t)nranks + 1, out);
	for (r = 0; r < nranks; r++)
		if (toks[r].present)
			fwrite(toks[r].p, 1, toks[r].len, out);
	/* pad to a word so the next blob stays aligned */
	while (nbytes++ % 8)
		fputc(0, out);
	if (fclose(out) != 0)
		return perror(argv[2]), 1;
	return 0;
}
