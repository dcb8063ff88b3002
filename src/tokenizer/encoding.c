/*
 * encoding.c - the encodings (o200k_base, cl100k_base) and the public encode, count and
 * decode calls: check the UTF-8, walk the pre-tokens, merge each one.
 *
 * The vocabularies are blobs linked into the library (vocab_blob.S); "opening" one is
 * computing three pointers, done once under pthread_once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer/internal.h"

extern const unsigned char lc_vocab_o200k_base[];
extern const unsigned char lc_vocab_cl100k_base[];

/* Special tokens as tiktoken defines them (not in the .tiktoken files). They are decoded,
 * never produced: text that contains "<|endoftext|>" is counted as ordinary text. */
static const lc_special o200k_specials[] = {
	{"<|endoftext|>", 199999},
	{"<|endofprompt|>", 200018},
};
static const lc_special cl100k_specials[] = {
	{"<|endoftext|>", 100257},
	{"<|fim_prefix|>", 100258},
	{"<|fim_middle|>", 100259},
	{"<|fim_suffix|>", 100260},
	{"<|endofprompt|>", 100276},
};

static lc_encoding encodings[] = {
	{"o200k_base", LC_PAT_O200K, NULL, NULL, NULL, NULL, o200k_specials, 2},
	{"cl100k_base", LC_PAT_CL100K, NULL, NULL, NULL, NULL, cl100k_specials, 5},
};
#define NENC (sizeof encodings / sizeof encodings[0])

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void attach(lc_encoding *e, const unsigned char *blob)
{
	const lc_vocab_hdr *h = (const lc_vocab_hdr *)(const void *)blob;
	e->hdr = h;
	e->slots = (const lc_vocab_slot *)(const void *)(blob + sizeof *h);
	e->offs = (const uint32_t *)(const void *)(e->slots + h->nslots);
	e->bytes = (const unsigned char *)(e->offs + h->nranks + 1);
}

static void init(void)
{
	attach(&encodings[0], lc_vocab_o200k_base);
	attach(&encodings[1], lc_vocab_cl100k_base);
}

const char *lc_encoding_list(void)
{
	return "o200k_base, cl100k_base";
}

int lc_encoding_find(const char *name, const lc_encoding **out, lc_error *err)
{
	size_t i;
	pthread_once(&once, init);
	for (i = 0; i < NENC; i++)
		if (name && strcmp(name, encodings[i].name) == 0) {
			if (encodings[i].hdr->magic != LC_VOCAB_MAGIC)
				return lc_error_set(err, LC_INTERNAL, "vocabulary %s is damaged",
						    name);
			*out = &encodings[i];
			return LC_OK;
		}
	return lc_error_set(err, LC_NOTFOUND, "unknown encoding '%s' (known: %s)",
			    name ? name : "", lc_encoding_list());
}

const char *lc_encoding_name(const lc_encoding *enc)
{
	return enc->name;
}

uint32_t lc_encoding_vocab_size(const lc_encoding *enc)
{
	return enc->hdr->ntokens;
}

void lc_tokens_free(lc_tokens *t)
{
	if (!t)
		return;
	free(t->ids);
	t->ids = NULL;
	t->n = t->cap = 0;
}

int lc_tok_encode_with(const lc_encoding *e, const char *text, size_t len, size_t heap_from,
		       int cache, lc_tok_sink *sink, lc_error *err)
{
	const unsigned char *s = (const unsigned char *)text;
	lc_bpe_scratch sc = {NULL, 0, NULL, cache < 0 ? len >= LC_BPE_CACHE_FROM : cache};
	size_t p = 0, bad;
	int rc = LC_OK;

	if (len > LC_TOK_MAX_INPUT)
		return lc_error_set(err, LC_LIMIT, "text of %zu bytes is over the %zu-byte limit",
				    len, (size_t)LC_TOK_MAX_INPUT);
	bad = lc_utf8_invalid_at(text, len);
	if (bad < len)
		return lc_error_set(err, LC_PARSE, "invalid UTF-8 at byte %zu", bad);
	while (p < len) {
		size_t q = lc_pretok_next(e->pattern, s, len, p);
		rc = lc_bpe_piece(e, s + p, q - p, heap_from, &sc, sink);
		if (rc) {
			lc_error_set(err, rc, "out of memory tokenizing %zu bytes", q - p);
			break;
		}
		p = q;
	}
	lc_bpe_scratch_free(&sc);
	return rc;
}

int lc_tok_count(const lc_encoding *enc, const char *text, size_t len, size_t *count,
		 lc_error *err)
{
	lc_tok_sink sink = {NULL, 0};
	int rc = lc_tok_encode_with(enc, text, len, LC_BPE_HEAP_FROM, -1, &sink, err);
	if (rc == LC_OK)
		*count = sink.count;
	return rc;
}

int lc_tok_encode(const lc_encoding *enc, const char *text, size_t len, lc_tokens *out,
		  lc_error *err)
{
	lc_tok_sink sink = {out, 0};
	return lc_tok_encode_with(enc, text, len, LC_BPE_HEAP_FROM, -1, &sink, err);
}

int lc_tok_decode(const lc_encoding *enc, const uint32_t *ids, size_t n, lc_buf *out,
		  lc_error *err)
{
	size_t i, k;
	for (i = 0; i < n; i++) {
		uint32_t id = ids[i];
		const char *p = NULL;
		size_t len = 0;
		int rc;
		if (id < enc->hdr->nranks && enc->offs[id + 1] > enc->offs[id]) {
			p = (const char *)enc->bytes + enc->offs[id];
			len = enc->offs[id + 1] - enc->offs[id];
		}
		for (k = 0; !p && k < enc->nspecials; k++)
			if (enc->specials[k].id == id) {
				p = enc->specials[k].text;
				len = strlen(p);
			}
		if (!p)
			return lc_error_set(err, LC_RANGE, "token id %u is not in %s", id,
					    enc->name);
		if ((rc = lc_buf_append(out, p, len)) != 0)
			return lc_error_set(err, rc, "decoded text is too long");
	}
	return LC_OK;
}
