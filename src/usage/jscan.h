/*
 * jscan.h - a pull scanner over one JSON object (not public API; src/usage/jscan.c): it walks
 * keys and skips values in place, allocating nothing, so a reader picks the few fields it
 * needs without building a tree. Used by the agent-log readers (a 300 MB Claude Code tree)
 * and by the gateway's usage fast path (fast.c: one usage object per proxied response).
 */
#ifndef LLMCOST_USAGE_JSCAN_H
#define LLMCOST_USAGE_JSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct lc_js {
	const char *p, *end;
} lc_js;

#define LC_JS_TOKENS_MAX 10000000000000LL /* 1e13, as in usage: larger counts are refused */

/* Start an object: expects '{'. 0 ok, -1 malformed. */
int lc_js_obj(lc_js *s);
/* Walk the members of an object: fn(ctx, s, key, klen) reads the value of a key it wants
 * (returning 0), or returns 1 to have it skipped, or -1 for malformed input. A value that
 * is not an object is skipped (a field of an unexpected type is ignored). Returns 1 when
 * an object was walked, 0 when another value was skipped, -1 when malformed. */
typedef int (*lc_js_member_fn)(void *ctx, lc_js *s, const char *key, size_t klen);
int lc_js_members(lc_js *s, lc_js_member_fn fn, void *ctx);
/* Next key of the current object. Returns 1 and the raw key (no escapes decoded; keys we
 * look for have none) positioned before its value, 0 at the closing '}', -1 malformed. */
int lc_js_key(lc_js *s, const char **key, size_t *klen);
/* Skip one value of any type (iteratively; nesting depth capped). 0 ok, -1 malformed. */
int lc_js_skip(lc_js *s);
/* Skip the string at s->p ('"') in one pass, strictly: a raw byte < 0x20, a \u escape of
 * NUL or in the D800-DFFF block, or a malformed escape gives -1 (s->p then undefined).
 * *seen (may be NULL) gets LC_JS_SEEN_ESCAPE when the string holds a backslash and
 * LC_JS_SEEN_DEL when it holds 0x7f. For the fast paths that must read strings exactly as
 * json-c would, or say they are unsure (src/usage/fast.c, src/gateway/body.c). 0 ok. */
#define LC_JS_SEEN_ESCAPE 1u
#define LC_JS_SEEN_DEL 2u
int lc_js_skip_str_strict(lc_js *s, unsigned *seen);
/*
 * The strict walk of the two fast paths that must read a body exactly as json-c would or say
 * they are unsure (src/usage/fast.c for responses, src/gateway/body.c for requests): objects
 * with strict commas and whitespace, keys without escapes (their seen flags handed on), no
 * duplicate key (json-c keeps the last), at most LC_JS_STRICT_KEYS members an object and
 * LC_JS_STRICT_DEPTH levels. The reader's callbacks read or skip each member's value and
 * each array element; `at` is the reader's own tag for where an object or array sits. Called
 * with s->p just past the '{' or '['; 1 ok, 0 unsure.
 */
#define LC_JS_STRICT_DEPTH 32
#define LC_JS_STRICT_KEYS 64
typedef struct lc_js_walk {
	int (*member)(void *ctx, lc_js *s, int at, const char *k, size_t kl, unsigned kseen,
		      int depth);
	int (*element)(void *ctx, lc_js *s, int at, int depth);
} lc_js_walk;
int lc_js_strict_object(lc_js *s, int depth, int at, const lc_js_walk *w, void *ctx);
int lc_js_strict_array(lc_js *s, int depth, int at, const lc_js_walk *w, void *ctx);
/* Skip JSON whitespace. */
void lc_js_ws(lc_js *s);
/* Read a string value, decoding escapes into out (cap bytes incl. NUL; longer strings are
 * truncated and flagged with *truncated when not NULL). 0 ok, 1 the value is not a string
 * (skipped), -1 malformed. */
int lc_js_str(lc_js *s, char *out, size_t cap, size_t *olen);
/* Read a non-negative integer count (also accepts an exactly integral "12.0"). 0 ok, 1 null
 * (absent), -1 malformed, of the wrong type or out of range (negative, fractional,
 * > LC_JS_TOKENS_MAX). */
int lc_js_count(lc_js *s, int64_t *out);
/* Read a boolean. 0 ok, 1 not a boolean (skipped), -1 malformed. */
int lc_js_bool(lc_js *s, int *out);
/* Read a number as raw text (for exact decimal money). 0 ok, 1 not a number, -1 malformed. */
int lc_js_num_text(lc_js *s, const char **txt, size_t *len);
/* The first "usage" key (the 7 bytes "\"usage\"") in [p, p+n), or NULL: the Claude Code
 * prefilter, SIMD where available (a few times faster than glibc memmem here). */
const char *lc_js_find_usage_key(const char *p, size_t n);
/* Only whitespace remains. */
int lc_js_at_end(lc_js *s);

#define LC_JS_KEY(k, kl, lit) ((kl) == sizeof(lit) - 1 && memcmp((k), (lit), sizeof(lit) - 1) == 0)

#endif
