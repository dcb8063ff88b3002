/*
 * jscan.c - a pull scanner over one JSON object, just enough for the agent-log readers and
 * the gateway's usage fast path (fast.c).
 *
 * Why not a JSON library here: a Claude Code tree is hundreds of megabytes of which the
 * readers need a dozen short fields per assistant line; building a tree (json-c) for every
 * line costs far more than reading the bytes (bench/RESULTS.md has the measurement). This
 * scanner walks keys and skips values in place: strings are skipped with memchr, nested
 * containers with a depth counter, nothing is allocated. It validates what it reads
 * (string escapes, numbers, literals, nesting) so a malformed line is refused, not
 * misread; fuzz/claude_line.c and fuzz/codex_line.c feed it malformed input.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "usage/jscan.h"

#define DEPTH_MAX 512

void lc_js_ws(lc_js *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
		s->p++;
}

#define ws lc_js_ws

int lc_js_at_end(lc_js *s)
{
	ws(s);
	return s->p == s->end;
}

int lc_js_obj(lc_js *s)
{
	ws(s);
	if (s->p >= s->end || *s->p != '{')
		return -1;
	s->p++;
	return 0;
}

static int hex4(const char *p, const char *end, unsigned *out);

/* The next '"' or '\\' in [p, end), or NULL. Strings are most of the bytes a reader
 * skips, so this is the scanner's inner loop: 16 bytes per step with SSE2. */
static const char *quote_or_backslash(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)));
		if (m)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	for (; p < end; p++)
		if (*p == '"' || *p == '\\')
			return p;
	return NULL;
}

/* Skip a string whose opening quote is at s->p; leaves s->p after the closing quote.
 * Escapes are checked as they come (a bad escape makes the line malformed, as for any
 * JSON parser); raw control characters and UTF-8 are not checked in skipped strings. */
static int skip_str(lc_js *s)
{
	const char *p = s->p + 1, *end = s->end;
	for (;;) {
		const char *b = quote_or_backslash(p, end);
		unsigned v;
		if (!b)
			return -1;
		if (*b == '"') {
			s->p = b + 1;
			return 0;
		}
		if (b + 1 >= end)
			return -1;
		switch (b[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			p = b + 2;
			break;
		case 'u':
			if (hex4(b + 2, end, &v) < 0)
				return -1;
			p = b + 6;
			break;
		default:
			return -1;
		}
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_AVX2_PATH 1
/* The same search 32 bytes per step; used when the CPU has AVX2 (most x86-64 since 2013).
 * Returns the hit, or NULL with *done = bytes fully searched. */
__attribute__((target("avx2"))) static const char *find_usage_avx2(const char *p, size_t n,
								    size_t *done)
{
	const __m256i q = _mm256_set1_epi8('"'), u = _mm256_set1_epi8('u');
	size_t i = 0;
	for (; i + 6 + 32 <= n; i += 32) {
		__m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
		__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 1));
		__m256i c = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 6));
		unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(
			_mm256_and_si256(_mm256_cmpeq_epi8(a, q), _mm256_cmpeq_epi8(b, u)),
			_mm256_cmpeq_epi8(c, q)));
		while (m) {
			int k = __builtin_ctz(m);
			if (memcmp(p + i + (size_t)k, "\"usage\"", 7) == 0)
				return p + i + (size_t)k;
			m &= m - 1;
		}
	}
	*done = i;
	return NULL;
}
#endif

const char *lc_js_find_usage_key(const char *p, size_t n)
{
	static const char key[] = "\"usage\"";
	size_t i = 0;
#ifdef HAVE_AVX2_PATH
	if (__builtin_cpu_supports("avx2")) {
		const char *hit = find_usage_avx2(p, n, &i);
		if (hit)
			return hit;
	}
#endif
#ifdef __SSE2__
	/* candidates: '"' at i, 'u' at i+1 and '"' at i+6, then a full compare */
	const __m128i q = _mm_set1_epi8('"'), u = _mm_set1_epi8('u');
	for (; i + 6 + 16 <= n; i += 16) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 1));
		__m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 6));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			_mm_and_si128(_mm_cmpeq_epi8(a, q), _mm_cmpeq_epi8(b, u)), _mm_cmpeq_epi8(c, q)));
		while (m) {
			int k = __builtin_ctz(m);
			if (memcmp(p + i + (size_t)k, key, sizeof key - 1) == 0)
				return p + i + (size_t)k;
			m &= m - 1;
		}
	}
#endif
	return memmem(p + i, n - i, key, sizeof key - 1);
}

static int lit(lc_js *s, const char *w, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

/* Validate and skip a JSON number. */
static int skip_num(lc_js *s)
{
	const char *p = s->p;
	if (p < s->end && *p == '-')
		p++;
	if (p >= s->end)
		return -1;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	else
		return -1;
	if (p < s->end && *p == '.') {
		p++;
		if (p >= s->end || *p < '0' || *p > '9')
			return -1;
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < s->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < s->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= s->end || *p < '0' || *p > '9')
			return -1;
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	s->p = p;
	return 0;
}

static int skip_scalar(lc_js *s)
{
	switch (*s->p) {
	case '"': return skip_str(s);
	case 't': return lit(s, "true", 4);
	case 'f': return lit(s, "false", 5);
	case 'n': return lit(s, "null", 4);
	default: return skip_num(s);
	}
}

/*
 * Skip any value. Containers are walked iteratively with a small stack of their kinds, so
 * deep nesting cannot overflow the C stack and mismatched brackets are caught.
 */
/* The bytes a strict string scan stops at, among eight: '"', '\\', < 0x20, 0x7f; one high
 * bit per such byte. Exact up to the first one (a zero lane's borrow only marks lanes
 * above it), which is all the scan uses. */
static uint64_t str_stops8(uint64_t w)
{
	const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
	uint64_t q = w ^ (lo * '"'), b = w ^ (lo * '\\'), d = w ^ (lo * 0x7f);
	return (((q - lo) & ~q) | ((b - lo) & ~b) | ((d - lo) & ~d) | ((w - lo * 0x20) & ~w)) & hi;
}

static int str_stop(unsigned char c)
{
	return c == '"' || c == '\\' || c < 0x20 || c == 0x7f;
}

int lc_js_skip_str_strict(lc_js *s, unsigned *seen)
{
	const char *p = s->p + 1, *end = s->end;
	unsigned v, got = 0;
	for (;;) {
		if (end - p >= 8) {
			uint64_t w, m;
			memcpy(&w, p, 8);
			if (!(m = str_stops8(w))) {
				p += 8;
				continue;
			}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			p += __builtin_ctzll(m) >> 3; /* the first such byte */
#else
			while (!str_stop((unsigned char)*p)) /* one of these 8 bytes is */
				p++;
#endif
		} else {
			while (p < end && !str_stop((unsigned char)*p))
				p++;
			if (p >= end)
				return -1;
		}
		switch (*p) {
		case '"':
			s->p = p + 1;
			if (seen)
				*seen = got;
			return 0;
		case 0x7f:
			got |= LC_JS_SEEN_DEL;
			p++;
			continue;
		case '\\':
			break;
		default:
			return -1; /* a raw control byte */
		}
		got |= LC_JS_SEEN_ESCAPE;
		if (end - p < 2)
			return -1;
		switch (p[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			p += 2;
			break;
		case 'u':
			if (hex4(p + 2, end, &v) < 0 || v == 0 || (v >= 0xd800 && v <= 0xdfff))
				return -1;
			p += 6;
			break;
		default:
			return -1;
		}
	}
}

int lc_js_skip(lc_js *s)
{
	char stack[DEPTH_MAX];
	int depth = 0;
	int want_value = 1; /* inside a container: after '[' / ':' / ',' */

	ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p != '{' && *s->p != '[')
		return skip_scalar(s);
	for (;;) {
		ws(s);
		if (s->p >= s->end)
			return -1;
		if (want_value) {
			char c = *s->p;
			if (c == '{' || c == '[') {
				if (depth == DEPTH_MAX)
					return -1;
				stack[depth++] = c;
				s->p++;
				ws(s);
				if (s->p >= s->end)
					return -1;
				if (*s->p == (c == '{' ? '}' : ']')) {
					s->p++;
					depth--;
					want_value = 0;
					if (depth == 0)
						return 0;
					continue;
				}
				if (c == '{') {
					if (*s->p != '"' || skip_str(s) < 0)
						return -1;
					ws(s);
					if (s->p >= s->end || *s->p != ':')
						return -1;
					s->p++;
				}
				continue;
			}
			if (skip_scalar(s) < 0)
				return -1;
			want_value = 0;
			continue;
		}
		/* after a value: ',' or the container's close */
		if (*s->p == ',') {
			s->p++;
			if (stack[depth - 1] == '{') {
				ws(s);
				if (s->p >= s->end || *s->p != '"' || skip_str(s) < 0)
					return -1;
				ws(s);
				if (s->p >= s->end || *s->p != ':')
					return -1;
				s->p++;
			}
			want_value = 1;
			continue;
		}
		if (*s->p != (stack[depth - 1] == '{' ? '}' : ']'))
			return -1;
		s->p++;
		if (--depth == 0)
			return 0;
	}
}

int lc_js_key(lc_js *s, const char **key, size_t *klen)
{
	const char *k;
	ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p == ',') {
		s->p++;
		ws(s);
	} else if (*s->p == '}') {
		s->p++;
		return 0;
	}
	if (s->p >= s->end || *s->p != '"')
		return -1;
	k = s->p + 1;
	if (skip_str(s) < 0)
		return -1;
	*key = k;
	*klen = (size_t)(s->p - 1 - k);
	ws(s);
	if (s->p >= s->end || *s->p != ':')
		return -1;
	s->p++;
	ws(s);
	return s->p < s->end ? 1 : -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int hex4(const char *p, const char *end, unsigned *out)
{
	unsigned v = 0;
	int i;
	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v << 4 | (unsigned)h;
	}
	*out = v;
	return 0;
}

static void put(char *out, size_t cap, size_t *n, char c)
{
	if (*n + 1 < cap)
		out[*n] = c;
	(*n)++;
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF): a string the
 * readers keep goes into the ledger and into JSON reports, so bad bytes fail the line. */
static int utf8_ok(const unsigned char *p, size_t n)
{
	size_t i = 0, k, len;
	unsigned cp;

	while (i < n) {
		unsigned char c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2, cp = c & 0x1Fu;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, cp = c & 0x0Fu;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, cp = c & 0x07u;
		else
			return 0;
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3Fu);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

int lc_js_str(lc_js *s, char *out, size_t cap, size_t *olen)
{
	const char *p;
	size_t n = 0;

	ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p != '"')
		return lc_js_skip(s) < 0 ? -1 : 1;
	p = s->p + 1;
	while (p < s->end && *p != '"') {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			put(out, cap, &n, (char)c);
			p++;
			continue;
		}
		if (++p >= s->end)
			return -1;
		switch (*p) {
		case '"': case '\\': case '/': put(out, cap, &n, *p); p++; break;
		case 'b': put(out, cap, &n, '\b'); p++; break;
		case 'f': put(out, cap, &n, '\f'); p++; break;
		case 'n': put(out, cap, &n, '\n'); p++; break;
		case 'r': put(out, cap, &n, '\r'); p++; break;
		case 't': put(out, cap, &n, '\t'); p++; break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(p + 1, s->end, &cp) < 0)
				return -1;
			p += 5;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (s->end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
				    hex4(p + 2, s->end, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
					return -1;
				p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				return -1;
			}
			if (cp < 0x80) {
				put(out, cap, &n, (char)cp);
			} else if (cp < 0x800) {
				put(out, cap, &n, (char)(0xC0 | cp >> 6));
				put(out, cap, &n, (char)(0x80 | (cp & 0x3F)));
			} else if (cp < 0x10000) {
				put(out, cap, &n, (char)(0xE0 | cp >> 12));
				put(out, cap, &n, (char)(0x80 | (cp >> 6 & 0x3F)));
				put(out, cap, &n, (char)(0x80 | (cp & 0x3F)));
			} else {
				put(out, cap, &n, (char)(0xF0 | cp >> 18));
				put(out, cap, &n, (char)(0x80 | (cp >> 12 & 0x3F)));
				put(out, cap, &n, (char)(0x80 | (cp >> 6 & 0x3F)));
				put(out, cap, &n, (char)(0x80 | (cp & 0x3F)));
			}
			break;
		}
		default:
			return -1;
		}
	}
	if (p >= s->end)
		return -1;
	s->p = p + 1;
	if (cap) {
		if (n >= cap) {
			/* truncated: cut at a UTF-8 boundary so the kept prefix stays valid */
			size_t k = cap - 1;
			while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80)
				k--;
			out[k] = '\0';
			n = k;
		} else {
			out[n] = '\0';
		}
		if (!utf8_ok((const unsigned char *)out, n))
			return -1;
	}
	if (olen)
		*olen = n;
	return 0;
}

int lc_js_num_text(lc_js *s, const char **txt, size_t *len)
{
	const char *start;
	ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p != '-' && (*s->p < '0' || *s->p > '9'))
		return lc_js_skip(s) < 0 ? -1 : 1;
	start = s->p;
	if (skip_num(s) < 0)
		return -1;
	*txt = start;
	*len = (size_t)(s->p - start);
	return 0;
}

int lc_js_count(lc_js *s, int64_t *out)
{
	const char *t, *p;
	size_t n;
	int64_t v = 0;
	int r;

	ws(s);
	/* null is an absent count; a string, boolean or object where a count belongs is a
	 * malformed line, not a zero */
	if (s->p < s->end && *s->p != 'n' && *s->p != '-' && (*s->p < '0' || *s->p > '9'))
		return -1;
	r = lc_js_num_text(s, &t, &n);
	if (r)
		return r;
	if (*t == '-')
		return -1;
	for (p = t; p < t + n && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > LC_JS_TOKENS_MAX)
			return -1;
	}
	if (p < t + n) {
		/* "12.0" is integral; "12.5" and exponents are refused */
		if (*p != '.')
			return -1;
		for (p++; p < t + n; p++)
			if (*p != '0')
				return -1;
	}
	*out = v;
	return 0;
}

int lc_js_bool(lc_js *s, int *out)
{
	ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p == 't')
		return lit(s, "true", 4) < 0 ? -1 : (*out = 1, 0);
	if (*s->p == 'f')
		return lit(s, "false", 5) < 0 ? -1 : (*out = 0, 0);
	return lc_js_skip(s) < 0 ? -1 : 1;
}

int lc_js_members(lc_js *s, lc_js_member_fn fn, void *ctx)
{
	const char *k;
	size_t kl;
	int r;
	ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p != '{')
		return lc_js_skip(s) < 0 ? -1 : 0;
	s->p++;
	while ((r = lc_js_key(s, &k, &kl)) == 1) {
		r = fn(ctx, s, k, kl);
		if (r == 1)
			r = lc_js_skip(s);
		if (r < 0)
			return -1;
	}
	return r < 0 ? -1 : 1;
}

int lc_js_strict_object(lc_js *s, int depth, int at, const lc_js_walk *w, void *ctx)
{
	const char *keys[LC_JS_STRICT_KEYS];
	size_t lens[LC_JS_STRICT_KEYS];
	int n = 0;

	if (depth > LC_JS_STRICT_DEPTH)
		return 0;
	ws(s);
	if (s->p < s->end && *s->p == '}')
		return s->p++, 1;
	for (;;) {
		const char *k;
		size_t kl;
		unsigned seen;
		ws(s);
		if (s->p >= s->end || *s->p != '"' || n == LC_JS_STRICT_KEYS)
			return 0;
		k = s->p + 1;
		if (lc_js_skip_str_strict(s, &seen) != 0 || (seen & LC_JS_SEEN_ESCAPE))
			return 0;
		kl = (size_t)(s->p - 1 - k);
		for (int i = 0; i < n; i++)
			if (lens[i] == kl && memcmp(keys[i], k, kl) == 0)
				return 0;
		keys[n] = k;
		lens[n++] = kl;
		ws(s);
		if (s->p >= s->end || *s->p != ':')
			return 0;
		s->p++;
		ws(s);
		if (s->p >= s->end || w->member(ctx, s, at, k, kl, seen, depth) != 1)
			return 0;
		ws(s);
		if (s->p >= s->end)
			return 0;
		if (*s->p == '}')
			return s->p++, 1;
		if (*s->p != ',')
			return 0;
		s->p++;
	}
}

int lc_js_strict_array(lc_js *s, int depth, int at, const lc_js_walk *w, void *ctx)
{
	if (depth > LC_JS_STRICT_DEPTH)
		return 0;
	ws(s);
	if (s->p < s->end && *s->p == ']')
		return s->p++, 1;
	for (;;) {
		if (w->element(ctx, s, at, depth) != 1)
			return 0;
		ws(s);
		if (s->p >= s->end)
			return 0;
		if (*s->p == ']')
			return s->p++, 1;
		if (*s->p != ',')
			return 0;
		s->p++;
	}
}
