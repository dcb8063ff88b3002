/*
 * bpe.c - byte-pair merging of one pre-token, exactly as tiktoken does it: start from
 * single bytes, and while some adjacent pair of parts concatenates to a token of the
 * vocabulary, merge the pair of lowest rank (the leftmost one on ties).
 *
 * Two implementations of that one rule:
 *   - short pieces (the vast majority; most are a single token found by one hash lookup)
 *     use tiktoken's own scan: an array of parts, a linear search for the minimum after
 *     each merge. Quadratic, but with tiny n it is the fastest.
 *   - long pieces (100,000 'x' is one pre-token) use a binary heap of candidate pairs
 *     keyed (rank, position) over a doubly linked list of parts, with stale entries
 *     skipped by a per-part version number: O(n log n). The leftmost-minimum order is
 *     the heap's key order, so both give the same ids (the unit tests compare them).
 *
 * Pieces that are not one token but are short (up to CACHE_BYTES bytes, up to
 * CACHE_IDS ids) are remembered in a direct-mapped cache for the rest of the text: the
 * same words come back again and again, and a hit costs one comparison instead of the
 * dozens of lookups a merge needs.
 */
#include <stdlib.h>
#include <string.h>

#include "tokenizer/internal.h"

#define NONE UINT32_MAX
#define CACHE_SLOTS 4096
#define CACHE_BYTES 26
#define CACHE_IDS 9

struct lc_bpe_cached {
	unsigned char len, nids;
	unsigned char bytes[CACHE_BYTES];
	uint32_t ids[CACHE_IDS];
};

static int sink_put(lc_tok_sink *sink, uint32_t id)
{
	lc_tokens *t = sink->ids;
	sink->count++;
	if (!t)
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		uint32_t *p = realloc(t->ids, cap * sizeof *p);
		if (!p)
			return LC_NOMEM;
		t->ids = p;
		t->cap = cap;
	}
	t->ids[t->n++] = id;
	return 0;
}

static void *scratch(lc_bpe_scratch *sc, size_t bytes)
{
	if (sc->cap < bytes) {
		void *p = realloc(sc->mem, bytes);
		if (!p)
			return NULL;
		sc->mem = p;
		sc->cap = bytes;
	}
	return sc->mem;
}

void lc_bpe_scratch_free(lc_bpe_scratch *sc)
{
	if (!sc)
		return;
	free(sc->mem);
	free(sc->cache);
	sc->mem = NULL;
	sc->cache = NULL;
	sc->cap = 0;
}

/* ------------------------------------------------------------------ short pieces */

/* Merge s[0..n) into out[] (n entries at most); returns the number of ids. */
static uint32_t merge_scan(const lc_encoding *e, const unsigned char *s, uint32_t n,
			   uint32_t *pos, uint32_t *out)
{
	uint32_t *rank = pos + n + 1, m = n, i; /* rank[i]: rank of parts i and i+1 merged */

	for (i = 0; i <= n; i++)
		pos[i] = i;
	for (i = 0; i + 1 < n; i++)
		rank[i] = lc_vocab_rank(e, s + i, 2);
	rank[n - 1] = NONE;

	for (;;) {
		uint32_t best = NONE, at = 0;
		for (i = 0; i + 1 < m; i++)
			if (rank[i] < best) {
				best = rank[i];
				at = i;
			}
		if (best == NONE)
			break;
		/* parts at and at+1 become one: drop boundary at+1 */
		for (i = at + 1; i < m; i++) {
			pos[i] = pos[i + 1];
			rank[i] = rank[i + 1];
		}
		m--;
		rank[at] = at + 1 < m ? lc_vocab_rank(e, s + pos[at], pos[at + 2] - pos[at]) : NONE;
		if (at > 0)
			rank[at - 1] = lc_vocab_rank(e, s + pos[at - 1], pos[at + 1] - pos[at - 1]);
	}
	for (i = 0; i < m; i++)
		out[i] = lc_vocab_rank(e, s + pos[i], pos[i + 1] - pos[i]);
	return m;
}

/* ------------------------------------------------------------------ long pieces */

typedef struct cand {
	uint32_t rank, pos, ver;
} cand;

static int cand_less(const cand *a, const cand *b)
{
	return a->rank < b->rank || (a->rank == b->rank && a->pos < b->pos);
}

static void heap_push(cand *h, size_t *len, cand c)
{
	size_t i = (*len)++;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!cand_less(&c, &h[up]))
			break;
		h[i] = h[up];
		i = up;
	}
	h[i] = c;
}

static cand heap_pop(cand *h, size_t *len)
{
	cand top = h[0], last = h[--*len];
	size_t i = 0, n = *len;
	for (;;) {
		size_t k = 2 * i + 1;
		if (k >= n)
			break;
		if (k + 1 < n && cand_less(&h[k + 1], &h[k]))
			k++;
		if (!cand_less(&h[k], &last))
			break;
		h[i] = h[k];
		i = k;
	}
	if (n)
		h[i] = last;
	return top;
}

static int merge_heap(const lc_encoding *e, const unsigned char *s, uint32_t n,
		      lc_bpe_scratch *sc, lc_tok_sink *sink)
{
	/* per part (indexed by its first byte): next part, previous part, version, own rank */
	uint32_t *next, *prev, *ver, *own, i;
	cand *heap;
	size_t hlen = 0, words = 4 * (size_t)n;
	int rc = 0;

	next = scratch(sc, words * sizeof *next + 3 * (size_t)n * sizeof *heap);
	if (!next)
		return LC_NOMEM;
	prev = next + n;
	ver = prev + n;
	own = ver + n;
	heap = (cand *)(own + n);
	for (i = 0; i < n; i++) {
		next[i] = i + 1;
		prev[i] = i ? i - 1 : NONE;
		ver[i] = 0;
		own[i] = e->hdr->byte_rank[s[i]];
	}
	for (i = 0; i + 1 < n; i++) {
		uint32_t r = lc_vocab_rank(e, s + i, 2);
		if (r != NONE) {
			cand c = {r, i, 0};
			heap_push(heap, &hlen, c);
		}
	}
	while (hlen) {
		cand c = heap_pop(heap, &hlen);
		uint32_t a = c.pos, b, after;
		if (ver[a] != c.ver || next[a] >= n)
			continue; /* stale: a or its right neighbour changed since */
		b = next[a];
		after = next[b];
		next[a] = after;
		if (after < n)
			prev[after] = a;
		next[b] = NONE;
		own[a] = c.rank;
		ver[a]++;
		if (after < n) {
			uint32_t r = lc_vocab_rank(e, s + a, (after < n ? next[after] : n) - a);
			if (r != NONE) {
				cand d = {r, a, ver[a]};
				heap_push(heap, &hlen, d);
			}
		}
		if (prev[a] != NONE) {
			uint32_t p = prev[a], r = lc_vocab_rank(e, s + p, after - p);
			ver[p]++;
			if (r != NONE) {
				cand d = {r, p, ver[p]};
				heap_push(heap, &hlen, d);
			}
		}
	}
	for (i = 0; i < n && rc == 0; i = next[i])
		rc = sink_put(sink, own[i]);
	return rc;
}

int lc_bpe_piece(const lc_encoding *e, const unsigned char *s, size_t n, size_t heap_from,
		 lc_bpe_scratch *sc, lc_tok_sink *sink)
{
	uint32_t r;
	uint32_t *pos, *out, m, i;
	struct lc_bpe_cached *c = NULL;
	int rc = 0;

	if (n == 0)
		return 0;
	r = lc_vocab_rank(e, s, n);
	if (r != NONE)
		return sink_put(sink, r);
	if (n > heap_from)
		return merge_heap(e, s, (uint32_t)n, sc, sink);
	if (sc->use_cache && n <= CACHE_BYTES) {
		if (!sc->cache && !(sc->cache = calloc(CACHE_SLOTS, sizeof *sc->cache)))
			return LC_NOMEM;
		c = &sc->cache[lc_vocab_hash(s, n) & (CACHE_SLOTS - 1)];
		if (c->len == n && memcmp(c->bytes, s, n) == 0) {
			for (i = 0; i < c->nids && rc == 0; i++)
				rc = sink_put(sink, c->ids[i]);
			return rc;
		}
	}
	/* pos: n + 1 boundaries, rank: n + 1, out: n */
	pos = scratch(sc, (3 * (size_t)n + 2) * sizeof *pos);
	if (!pos)
		return LC_NOMEM;
	out = pos + 2 * (size_t)n + 2;
	m = merge_scan(e, s, (uint32_t)n, pos, out);
	if (c && m <= CACHE_IDS) {
		c->len = (unsigned char)n;
		c->nids = (unsigned char)m;
		memcpy(c->bytes, s, n);
		memcpy(c->ids, out, m * sizeof *out);
	}
	for (i = 0; i < m && rc == 0; i++)
		rc = sink_put(sink, out[i]);
	return rc;
}
