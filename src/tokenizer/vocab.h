/*
 * vocab.h - the layout of a compiled BPE vocabulary, shared by the build-time generator
 * (gen/mkvocab.c, which writes it) and the tokenizer (which reads it in place).
 *
 * A vocabulary is one blob of 32-bit words, produced at build time from the official
 * .tiktoken file and linked into the program (vocab_blob.S), so that loading costs
 * nothing: no parsing, no allocation, pages come in from the executable on first touch.
 *
 *   header  lc_vocab_hdr
 *   slots   nslots lc_vocab_slot (16 bytes): rank + 1 of the token whose bytes hash there
 *           (0 = empty), its length and its first 11 bytes, so that a lookup usually
 *           touches one cache line; open addressing, linear probing, nslots a power
 *           of two, load <= 0.4
 *   offs    nranks + 1 words: token r is bytes[offs[r] .. offs[r+1]) (empty for unused ranks)
 *   bytes   the token bytes, concatenated in rank order
 */
#ifndef LC_TOKENIZER_VOCAB_H
#define LC_TOKENIZER_VOCAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LC_VOCAB_MAGIC 0x42504531u /* "BPE1" */

typedef struct lc_vocab_hdr {
	uint32_t magic;
	uint32_t nranks;   /* highest rank + 1 */
	uint32_t ntokens;  /* tokens present (ranks may have gaps) */
	uint32_t nslots;   /* power of two */
	uint32_t nbytes;   /* length of the byte area */
	uint32_t maxlen;   /* longest token, in bytes */
	uint32_t byte_rank[256]; /* rank of each single byte token */
} lc_vocab_hdr;

#define LC_VOCAB_INLINE 11

typedef struct lc_vocab_slot {
	uint32_t rank1;                 /* rank + 1; 0 = empty */
	unsigned char key[1 + LC_VOCAB_INLINE]; /* length, then the first bytes, zero-padded */
} lc_vocab_slot;

/* The key stored in a slot for the token p[0..n) (n < 256). */
static inline void lc_vocab_key(unsigned char key[1 + LC_VOCAB_INLINE], const unsigned char *p,
				size_t n)
{
	memset(key, 0, 1 + LC_VOCAB_INLINE);
	key[0] = (unsigned char)n;
	memcpy(key + 1, p, n < LC_VOCAB_INLINE ? n : LC_VOCAB_INLINE);
}

/* The hash of a token's bytes. Used by both sides, so it only has to be fast and to
 * spread well: 8 bytes at a time, multiply-xorshift (wyhash-style constants). */
static inline uint32_t lc_vocab_hash(const unsigned char *p, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xA0761D6478BD642Full;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	if (n) {
		uint64_t w = 0;
		memcpy(&w, p, n);
		h = (h ^ w) * 0xE7037ED1A0B428DBull;
		h ^= h >> 29;
	}
	h *= 0x8EBC6AF09C88C6E3ull;
	return (uint32_t)(h >> 32);
}

#endif
