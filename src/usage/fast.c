/*
 * fast.c - the fast path of lc_usage_from_response for OpenAI chat bodies: the gateway meters
 * every response it proxies, and building a json-c tree of each (~10 us with its mallocs)
 * was the largest cost of a proxied request. This walks the body once with the jscan pull
 * scanner, reads the dozen fields the json-c reader (openai.c) would read, and hands the
 * counts to the same rules (lcu_chat_apply).
 *
 * It is only ever a shortcut: whenever it is unsure that the json-c reader would produce the
 * very same record it answers 0 and the caller falls back to that reader, which also owns
 * every error message. Unsure means: non-ASCII or NUL bytes, a control character or a
 * surrogate escape in a string, an escaped key, a duplicate key, nesting deeper than
 * LC_JS_STRICT_DEPTH (objects are walked by jscan.h's strict walk), an "error" or "x_groq"
 * member, a count that is not a plain integer, a field of the wrong type, malformed JSON,
 * anything after the object. tests/test_fast.c and
 * fuzz/usage_fast.c check the two readers agree wherever the fast one answers.
 */
#include <string.h>

#include "usage/jscan.h"
#include "usage/usage_int.h"


/* Where an object sits: the members we read depend on it. */
enum { AT_OTHER, AT_TOP, AT_USAGE, AT_PROMPT_DETAILS, AT_COMPLETION_DETAILS };

/* Counts in the usage object, with whether each key was present (the cache-hit spellings
 * are tried in order, present ones win even when 0). */
enum { C_PROMPT, C_COMPLETION, C_TOTAL, C_WRITTEN, C_REASONING_D, C_CACHED_D, C_HIT, C_CACHED,
       C_CACHED_TEXT, C_REASONING, C_CREATION, C_N };

typedef struct fast {
	int64_t n[C_N];
	unsigned have;           /* bit per C_* */
	char id[256];
	char model[LC_MODEL_MAX];
	char tier[64];
	int has_id, has_model, has_tier, has_usage;
	int64_t created;
} fast;

#define ws lc_js_ws

static int value(fast *f, lc_js *s, int depth);

/* A string value, skipped and checked in one pass: clean enough that both readers see the
 * same text (no raw control character, no \u escape of a surrogate or of NUL). 1 ok, 0
 * unsure. */
static int skip_string(lc_js *s)
{
	return lc_js_skip_str_strict(s, NULL) == 0;
}

/* A string member we keep. 1 read (or null: *has stays 0), 0 unsure. */
static int keep_str(lc_js *s, char *out, size_t cap, int *has)
{
	const char *a = s->p + 1;
	size_t n;
	if (*s->p == 'n')
		return lc_js_skip(s) == 0;
	if (*s->p != '"')
		return 0;
	if (!skip_string(s))
		return 0;
	if ((size_t)(s->p - 1 - a) >= cap) /* decoded is never longer than raw */
		return 0;
	s->p = a - 1;
	if (lc_js_str(s, out, cap, &n) != 0 || n >= cap || memchr(out, '\0', n))
		return 0;
	*has = 1;
	return 1;
}

/* A plain non-negative integer (json-c's int type). 1 ok, 0 otherwise (*ok = 0 for
 * anything but digits: a fraction, an exponent, a sign). */
static int digits(lc_js *s, int64_t *out)
{
	const char *t;
	size_t n, i;
	int64_t v = 0;
	if (lc_js_num_text(s, &t, &n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return 0;
		if (v > LC_JS_TOKENS_MAX)
			return 0;
		v = v * 10 + (t[i] - '0');
	}
	if (v > LC_JS_TOKENS_MAX)
		return 0;
	*out = v;
	return 1;
}

/* A token count member: null is absent, a plain integer is kept, anything else unsure. */
static int count(fast *f, lc_js *s, int which)
{
	if (*s->p == 'n')
		return lc_js_skip(s) == 0;
	if (!digits(s, &f->n[which]))
		return 0;
	f->have |= 1u << which;
	return 1;
}

#define KEY(lit) (kl == sizeof(lit) - 1 && memcmp(k, lit, sizeof(lit) - 1) == 0)

/* One member of an object at `at`; s->p is at its value. 1 ok, 0 unsure. */
static int member(fast *f, lc_js *s, int at, const char *k, size_t kl, int depth)
{
	switch (at) {
	case AT_TOP:
		if (KEY("error") || KEY("x_groq"))
			return 0;
		if (KEY("id"))
			return keep_str(s, f->id, sizeof f->id, &f->has_id);
		if (KEY("model"))
			return keep_str(s, f->model, sizeof f->model, &f->has_model);
		if (KEY("service_tier") && *s->p == '"')
			return keep_str(s, f->tier, sizeof f->tier, &f->has_tier);
		if (KEY("created") && *s->p >= '0' && *s->p <= '9') {
			/* json-c keeps a plain integer; a fraction or exponent is a double the
			 * reader ignores */
			lc_js t = *s;
			if (digits(&t, &f->created)) {
				*s = t;
				return 1;
			}
			f->created = 0;
			return value(f, s, depth);
		}
		if (KEY("usage")) {
			if (*s->p == 'n')
				return lc_js_skip(s) == 0;
			if (*s->p != '{')
				return 0;
			f->has_usage = 1;
			s->p++;
			return 2; /* the caller walks it as AT_USAGE */
		}
		break;
	case AT_USAGE:
		if (KEY("prompt_tokens"))
			return count(f, s, C_PROMPT);
		if (KEY("completion_tokens"))
			return count(f, s, C_COMPLETION);
		if (KEY("total_tokens"))
			return count(f, s, C_TOTAL);
		if (KEY("prompt_cache_hit_tokens"))
			return count(f, s, C_HIT);
		if (KEY("cached_tokens"))
			return count(f, s, C_CACHED);
		if (KEY("cached_prompt_text_tokens"))
			return count(f, s, C_CACHED_TEXT);
		if (KEY("reasoning_tokens"))
			return count(f, s, C_REASONING);
		if (KEY("cache_creation_input_tokens"))
			return count(f, s, C_CREATION);
		if (KEY("prompt_tokens_details") && *s->p == '{')
			return s->p++, 3;
		if (KEY("completion_tokens_details") && *s->p == '{')
			return s->p++, 4;
		break;
	case AT_PROMPT_DETAILS:
		if (KEY("cached_tokens"))
			return count(f, s, C_CACHED_D);
		if (KEY("cache_write_tokens"))
			return count(f, s, C_WRITTEN);
		break;
	case AT_COMPLETION_DETAILS:
		if (KEY("reasoning_tokens"))
			return count(f, s, C_REASONING_D);
		break;
	}
	return value(f, s, depth);
}

static int member_cb(void *ctx, lc_js *s, int at, const char *k, size_t kl, unsigned kseen,
		     int depth);
static int element_cb(void *ctx, lc_js *s, int at, int depth);
static const lc_js_walk walk = {member_cb, element_cb};

/* A member for the strict walk (jscan.h): the nested objects we read are walked here. */
static int member_cb(void *ctx, lc_js *s, int at, const char *k, size_t kl, unsigned kseen,
		     int depth)
{
	(void)kseen;
	switch (member(ctx, s, at, k, kl, depth)) {
	case 1: return 1;
	case 2: return lc_js_strict_object(s, depth + 1, AT_USAGE, &walk, ctx);
	case 3: return lc_js_strict_object(s, depth + 1, AT_PROMPT_DETAILS, &walk, ctx);
	case 4: return lc_js_strict_object(s, depth + 1, AT_COMPLETION_DETAILS, &walk, ctx);
	default: return 0;
	}
}

static int element_cb(void *ctx, lc_js *s, int at, int depth)
{
	(void)at;
	return value(ctx, s, depth);
}

/* Any value, validated (members of objects below the top are read as AT_OTHER). */
static int value(fast *f, lc_js *s, int depth)
{
	ws(s);
	if (s->p >= s->end)
		return 0;
	switch (*s->p) {
	case '{': s->p++; return lc_js_strict_object(s, depth + 1, AT_OTHER, &walk, f);
	case '[': s->p++; return lc_js_strict_array(s, depth + 1, AT_OTHER, &walk, f);
	case '"': return skip_string(s);
	case 't': case 'f': case 'n': return lc_js_skip(s) == 0;
	default: {
		/* numbers: short plain ones only, so no reader's overflow rules come into it */
		const char *a = s->p;
		if (lc_js_skip(s) != 0 || s->p - a > 18)
			return 0;
		for (; a < s->p; a++)
			if (*a == 'e' || *a == 'E')
				return 0;
		return 1;
	}
	}
}

/* The first of the cache-hit spellings present, as openai.c tries them. */
static int64_t cached(const fast *f)
{
	static const int order[] = {C_CACHED_D, C_HIT, C_CACHED, C_CACHED_TEXT};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (f->have & (1u << order[i]))
			return f->n[order[i]];
	return 0;
}

/* Only bytes 0x01-0x7f: eight at a time (a high bit, or a zero byte, in any lane). */
static int ascii_no_nul(const char *p, size_t n)
{
	const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		if ((w & hi) || ((w - lo) & ~w & hi))
			return 0;
	}
	for (; i < n; i++)
		if ((unsigned char)p[i] >= 0x80 || p[i] == '\0')
			return 0;
	return 1;
}

int lcu_fast_openai_chat(const char *data, size_t len, const char *hint, lc_usage *u)
{
	fast f;
	lc_js s = {data, data + len};
	lc_error err;

	if (!ascii_no_nul(data, len))
		return 0;
	memset(&f, 0, sizeof f);
	ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return 0;
	s.p++;
	if (lc_js_strict_object(&s, 1, AT_TOP, &walk, &f) != 1)
		return 0;
	ws(&s);
	if (s.p != s.end)
		return 0;

	lc_usage_init(u);
	lcu_set_provider(u, hint, "openai");
	if (f.has_id && f.id[0]) {
		const char *parts[2] = {u->provider, f.id};
		lcu_set_id(u, parts, 2);
	}
	if (f.has_model)
		memcpy(u->model, f.model, strlen(f.model) + 1);
	if (f.created > 0 && f.created < INT64_C(100000000000))
		u->time = f.created * 1000;
	if (f.has_tier)
		lcu_set_tier(u, f.tier);
	if (f.has_usage) {
		lcu_chat c = {0};
		lcu_src src = {"response", data, len, 1, 1};
		if (!(f.have & (1u << C_PROMPT)))
			return 0; /* required: the json-c reader says so */
		c.prompt = f.n[C_PROMPT];
		c.completion = f.n[C_COMPLETION];
		c.written = f.n[C_WRITTEN];
		c.total = f.n[C_TOTAL];
		c.cached = cached(&f);
		c.reasoning = f.n[C_REASONING_D] ? f.n[C_REASONING_D] : f.n[C_REASONING];
		c.creation = f.n[C_CREATION];
		c.has_creation = (f.have >> C_CREATION) & 1;
		if (lcu_chat_apply(&src, &c, u, &err) < 0)
			return 0;
	} else {
		u->flags |= LC_USAGE_NO_USAGE;
	}
	if (!u->id[0])
		lcu_body_id(u, data, len);
	return 1;
}

int lcu_usage_same(const lc_usage *a, const lc_usage *b)
{
	if (strcmp(a->id, b->id) || a->time != b->time || strcmp(a->provider, b->provider) ||
	    strcmp(a->model, b->model) || strcmp(a->session, b->session) || a->tier != b->tier ||
	    a->flags != b->flags || a->input_tokens != b->input_tokens ||
	    a->cache_read_tokens != b->cache_read_tokens ||
	    a->cache_write_5m_tokens != b->cache_write_5m_tokens ||
	    a->cache_write_1h_tokens != b->cache_write_1h_tokens ||
	    a->output_tokens != b->output_tokens || a->reasoning_tokens != b->reasoning_tokens ||
	    a->web_search_requests != b->web_search_requests ||
	    a->has_source_cost != b->has_source_cost || lc_money_cmp(a->source_cost, b->source_cost) ||
	    a->ntags != b->ntags)
		return 0;
	for (int i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i].key, b->tags[i].key) || strcmp(a->tags[i].val, b->tags[i].val))
			return 0;
	return 1;
}
