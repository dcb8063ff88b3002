/*
 * pretok.c - UTF-8 checking and the two pre-tokenization patterns, written out by hand.
 *
 * tiktoken splits text with a regular expression before merging bytes; the ids depend on
 * every detail of it, so each branch below mirrors the pattern's alternatives in order,
 * with the same greedy-then-backtrack preferences the regex engine has (leftmost-first):
 *
 * cl100k_base
 *   1 (?i:'s|'t|'re|'ve|'m|'ll|'d)
 *   2 [^\r\n\p{L}\p{N}]?\p{L}+
 *   3 \p{N}{1,3}
 *   4  ?[^\s\p{L}\p{N}]+[\r\n]*
 *   5 \s*[\r\n]+
 *   6 \s+(?!\S)
 *   7 \s+
 *
 * o200k_base (U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], W = [\p{Ll}\p{Lm}\p{Lo}\p{M}],
 *             C = (?i:'s|'t|'re|'ve|'m|'ll|'d))
 *   1 [^\r\n\p{L}\p{N}]?U*W+C?
 *   2 [^\r\n\p{L}\p{N}]?U+W*C?
 *   3 \p{N}{1,3}
 *   4  ?[^\s\p{L}\p{N}]+[\r\n/]*
 *   5-7 as cl100k_base
 *
 * (?i) is Unicode case-insensitive in tiktoken's regex engine: 's also matches U+017F
 * LATIN SMALL LETTER LONG S, which folds to 's'. No other letter of the contractions has
 * a fold outside ASCII.
 */
#include <stdlib.h>
#include <string.h>

#include "tokenizer/internal.h"
#include "tokenizer/ucd.h"

/* ------------------------------------------------------------------ UTF-8 */

/* Length of the valid sequence at s[i], or 0 if invalid; on invalid, *bad receives the
 * length of the maximal subpart (at least 1) that a replacing decoder consumes. */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t i, size_t *bad)
{
	unsigned c = s[i], lo = 0x80, hi = 0xBF;
	size_t need, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0) lo = 0xA0;
		if (c == 0xED) hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0) lo = 0x90;
		if (c == 0xF4) hi = 0x8F; /* nothing above U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	for (k = 1; k <= need; k++) {
		unsigned d;
		if (i + k >= n) {
			*bad = k;
			return 0;
		}
		d = s[i + k];
		if (d < lo || d > hi) {
			*bad = k;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

size_t lc_utf8_invalid_at(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, bad;
	while (i < len) {
		size_t k;
		/* ASCII runs, 8 bytes at a time */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		k = utf8_seq(s, len, i, &bad);
		if (!k)
			return i;
		i += k;
	}
	return len;
}

int lc_utf8_replace_invalid(const char *text, size_t len, char **out, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, o = 0, bad;
	char *d;

	/* each invalid byte becomes at most 3 bytes */
	if (len > (SIZE_MAX - 1) / 3)
		return LC_LIMIT;
	d = malloc(len * 3 + 1);
	if (!d)
		return LC_NOMEM;
	while (i < len) {
		size_t k = utf8_seq(s, len, i, &bad);
		if (k) {
			memcpy(d + o, s + i, k);
			o += k;
			i += k;
		} else {
			memcpy(d + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += bad;
		}
	}
	d[o] = 0;
	*out = d;
	*outlen = o;
	return LC_OK;
}

/* ------------------------------------------------------------------ characters */

/* The character at s[i] of valid UTF-8 (i < n): its code point, flags and length. */
typedef struct ch {
	uint32_t cp;
	unsigned f;
	size_t len;
} ch;

static inline ch char_at(const unsigned char *s, size_t n, size_t i)
{
	ch c;
	unsigned b;
	if (i >= n) {
		c.cp = UINT32_MAX;
		c.f = 0;
		c.len = 0;
		return c;
	}
	b = s[i];
	if (b < 0x80) {
		c.cp = b;
		c.len = 1;
	} else if (b < 0xE0) {
		c.cp = (b & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
		c.len = 2;
	} else if (b < 0xF0) {
		c.cp = (b & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
		c.len = 3;
	} else {
		c.cp = (b & 0x07u) << 18 | (s[i + 1] & 0x3Fu) << 12 | (s[i + 2] & 0x3Fu) << 6 |
		       (s[i + 3] & 0x3Fu);
		c.len = 4;
	}
	c.f = lc_ucd_flags(c.cp);
	return c;
}

#define IS_CRLF(c) ((c).cp == '\r' || (c).cp == '\n')
/* [^\r\n\p{L}\p{N}]: the optional character before a word */
#define IS_PREFIX(c) ((c).len && !IS_CRLF(c) && !((c).f & (LC_UC_L | LC_UC_N)))
/* [^\s\p{L}\p{N}]: punctuation, symbols, marks, controls */
#define IS_PUNCT(c) ((c).len && !((c).f & (LC_UC_WS | LC_UC_L | LC_UC_N)))

/* End of the run of characters whose flags include any of mask, from i. */
static size_t run_of(const unsigned char *s, size_t n, size_t i, unsigned mask)
{
	while (i < n) {
		ch c = char_at(s, n, i);
		if (!(c.f & mask))
			break;
		i += c.len;
	}
	return i;
}

static int fold_is(const unsigned char *s, size_t n, size_t i, char lower)
{
	return i < n && (s[i] | 0x20) == lower;
}

/* (?i:'s|'t|'re|'ve|'m|'ll|'d) at i: the end of the match, or i when none. */
static size_t contraction(const unsigned char *s, size_t n, size_t i)
{
	size_t j = i + 1;
	if (i >= n || s[i] != '\'' || j >= n)
		return i;
	if (fold_is(s, n, j, 's') || fold_is(s, n, j, 't') || fold_is(s, n, j, 'm') ||
	    fold_is(s, n, j, 'd'))
		return j + 1;
	if (j + 1 < n && s[j] == 0xC5 && s[j + 1] == 0xBF) /* U+017F long s */
		return j + 2;
	if ((fold_is(s, n, j, 'r') && fold_is(s, n, j + 1, 'e')) ||
	    (fold_is(s, n, j, 'v') && fold_is(s, n, j + 1, 'e')) ||
	    (fold_is(s, n, j, 'l') && fold_is(s, n, j + 1, 'l')))
		return j + 2;
	return i;
}

/* Branches 5-7, shared: \s*[\r\n]+ | \s+(?!\S) | \s+ at a whitespace character p. */
static size_t whitespace(const unsigned char *s, size_t n, size_t p)
{
	size_t i = p, last_nl = SIZE_MAX, last_start = p, count = 0;
	while (i < n) {
		ch c = char_at(s, n, i);
		if (!(c.f & LC_UC_WS))
			break;
		if (IS_CRLF(c))
			last_nl = i;
		last_start = i;
		count++;
		i += c.len;
	}
	if (last_nl != SIZE_MAX)
		return last_nl + 1;
	if (i == n || count == 1)
		return i;
	return last_start; /* leave the last space to prefix the next word */
}

/* Branch 4: " ?[^\s\p{L}\p{N}]+" followed by a run of the bytes in tail ("\r\n" or
 * "\r\n/"), at p; p if it does not match. */
static size_t punct(const unsigned char *s, size_t n, size_t p, const char *tail)
{
	size_t i = p;
	ch c = char_at(s, n, i);
	if (c.cp == ' ') {
		ch d = char_at(s, n, i + 1);
		if (!IS_PUNCT(d))
			return p;
		i++;
		c = d;
	}
	if (!IS_PUNCT(c))
		return p;
	while (IS_PUNCT(c)) {
		i += c.len;
		c = char_at(s, n, i);
	}
	while (i < n && s[i] && strchr(tail, s[i]))
		i++;
	return i;
}

/* Branch 3: \p{N}{1,3} at p (a number character). */
static size_t digits(const unsigned char *s, size_t n, size_t p)
{
	int k;
	for (k = 0; k < 3 && p < n; k++) {
		ch c = char_at(s, n, p);
		if (!(c.f & LC_UC_N))
			break;
		p += c.len;
	}
	return p;
}

/* ------------------------------------------------------------------ cl100k_base */

static size_t next_cl100k(const unsigned char *s, size_t n, size_t p)
{
	ch c = char_at(s, n, p);
	size_t e;

	if (c.cp == '\'' && (e = contraction(s, n, p)) != p)
		return e;
	if (c.f & LC_UC_L)
		return run_of(s, n, p, LC_UC_L);
	if (IS_PREFIX(c)) {
		ch d = char_at(s, n, p + c.len);
		if (d.f & LC_UC_L)
			return run_of(s, n, p + c.len, LC_UC_L);
	}
	if (c.f & LC_UC_N)
		return digits(s, n, p);
	if ((e = punct(s, n, p, "\r\n")) != p)
		return e;
	if (c.f & LC_UC_WS)
		return whitespace(s, n, p);
	return p + c.len; /* not reached: every character is L, N, \s or punctuation */
}

/* ------------------------------------------------------------------ o200k_base */

/* U*W+C? at q; the end, or SIZE_MAX when W+ cannot match. */
static size_t o200k_lower(const unsigned char *s, size_t n, size_t q)
{
	size_t i = q, last_w = SIZE_MAX, last_w_end = 0;
	ch c;
	for (;;) { /* greedy U* */
		c = char_at(s, n, i);
		if (!(c.f & LC_UC_UPPERISH))
			break;
		if (c.f & LC_UC_LOWERISH) {
			last_w = i;
			last_w_end = i + c.len;
		}
		i += c.len;
	}
	if (c.f & LC_UC_LOWERISH) /* W+ right after the U run, greedy */
		return contraction(s, n, run_of(s, n, i, LC_UC_LOWERISH));
	if (last_w == SIZE_MAX)
		return SIZE_MAX;
	/* backtrack: W+ is the last U character that is also in W, alone (what follows it
	 * in the U run is Lu/Lt, not in W) */
	return contraction(s, n, last_w_end);
}

/* U+W*C? at q; SIZE_MAX when U+ cannot match. */
static size_t o200k_upper(const unsigned char *s, size_t n, size_t q)
{
	size_t i = run_of(s, n, q, LC_UC_UPPERISH);
	if (i == q)
		return SIZE_MAX;
	return contraction(s, n, run_of(s, n, i, LC_UC_LOWERISH));
}

static size_t next_o200k(const unsigned char *s, size_t n, size_t p)
{
	ch c = char_at(s, n, p);
	size_t e;

	if (c.f & (LC_UC_UPPERISH | LC_UC_LOWERISH | LC_UC_L) || IS_PREFIX(c)) {
		int pre = IS_PREFIX(c);
		if (pre && (e = o200k_lower(s, n, p + c.len)) != SIZE_MAX)
			return e;
		if ((e = o200k_lower(s, n, p)) != SIZE_MAX)
			return e;
		if (pre && (e = o200k_upper(s, n, p + c.len)) != SIZE_MAX)
			return e;
		if ((e = o200k_upper(s, n, p)) != SIZE_MAX)
			return e;
	}
	if (c.f & LC_UC_N)
		return digits(s, n, p);
	if ((e = punct(s, n, p, "\r\n/")) != p)
		return e;
	if (c.f & LC_UC_WS)
		return whitespace(s, n, p);
	return p + c.len; /* not reached */
}

size_t lc_pretok_next(enum lc_pattern pat, const unsigned char *s, size_t n, size_t p)
{
	return pat == LC_PAT_O200K ? next_o200k(s, n, p) : next_cl100k(s, n, p);
}
