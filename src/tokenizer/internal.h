/*
 * internal.h - what the tokenizer's files share: the encoding object, the pre-tokenizers
 * (pretok.c) and the byte-pair merge (bpe.c). Not public API.
 */
#ifndef LC_TOKENIZER_INTERNAL_H
#define LC_TOKENIZER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "llmcost/tokenizer.h"
#include "tokenizer/vocab.h"

/* Which pre-tokenization pattern an encoding uses. */
enum lc_pattern { LC_PAT_CL100K, LC_PAT_O200K };

typedef struct lc_special {
	const char *text;
	uint32_t id;
} lc_special;

struct lc_encoding {
	const char *name;
	enum lc_pattern pattern;
	const lc_vocab_hdr *hdr;
	const lc_vocab_slot *slots;
	const uint32_t *offs;
	const unsigned char *bytes;
	const lc_special *specials;
	size_t nspecials;
};

/* Rank of the token with bytes p[0..n), or UINT32_MAX when there is none. */
static inline uint32_t lc_vocab_rank(const lc_encoding *e, const unsigned char *p, size_t n)
{
	uint32_t mask = e->hdr->nslots - 1, h;
	unsigned char key[1 + LC_VOCAB_INLINE];
	if (n == 1)
		return e->hdr->byte_rank[p[0]];
	if (n > e->hdr->maxlen)
		return UINT32_MAX;
	lc_vocab_key(key, p, n);
	for (h = lc_vocab_hash(p, n) & mask; e->slots[h].rank1 != 0; h = (h + 1) & mask) {
		const lc_vocab_slot *s = &e->slots[h];
		if (memcmp(s->key, key, sizeof key) == 0 &&
		    (n <= LC_VOCAB_INLINE || memcmp(e->bytes + e->offs[s->rank1 - 1], p, n) == 0))
			return s->rank1 - 1;
	}
	return UINT32_MAX;
}

/* End (byte offset) of the pre-token that starts at p < n in valid UTF-8 text s. */
size_t lc_pretok_next(enum lc_pattern pat, const unsigned char *s, size_t n, size_t p);

/* Where the ids of a text go: appended to ids when not NULL, always counted. */
typedef struct lc_tok_sink {
	lc_tokens *ids;
	size_t count;
} lc_tok_sink;

/* Scratch memory reused across pieces of one text (bpe.c), and a small direct-mapped
 * cache of recently merged short pieces (words repeat: Zipf). */
typedef struct lc_bpe_scratch {
	void *mem;
	size_t cap;
	struct lc_bpe_cached *cache;
	int use_cache; /* set for long texts only: a short one would pay for an empty cache */
} lc_bpe_scratch;

#define LC_BPE_CACHE_FROM 16384 /* text bytes */

/* Emit the tokens of one pre-token s[0..n) into sink. Pieces longer than heap_from bytes
 * use the O(n log n) heap merge, shorter ones the simple quadratic scan (both give the
 * same ids; tests compare them). Returns 0 or LC_NOMEM. */
int lc_bpe_piece(const lc_encoding *e, const unsigned char *s, size_t n, size_t heap_from,
		 lc_bpe_scratch *sc, lc_tok_sink *sink);
void lc_bpe_scratch_free(lc_bpe_scratch *sc);

#define LC_BPE_HEAP_FROM 128

/* Encode a whole text with a chosen heap threshold and piece cache (1 on, 0 off, -1 for
 * the default: on from LC_BPE_CACHE_FROM bytes); the tests compare the variants. */
int lc_tok_encode_with(const lc_encoding *e, const char *text, size_t len, size_t heap_from,
		       int cache, lc_tok_sink *sink, lc_error *err);

#endif
