/*
 * body.c - the fields the gateway needs from an LLM request body, read two ways (body.h).
 *
 * The gateway used to parse every body into a json-c tree (~12k instructions and two dozen
 * mallocs for the benchmark's 120-byte chat body, locale switching included) to read five
 * fields, and only needs the tree when it rewrites the body (an alias to another model
 * name, include_usage injected into a stream). gw_body_fast walks the bytes once, builds
 * nothing, and fills the same gw_body the json-c reference (gw_body_ref) would.
 *
 * It is only ever a shortcut, in the spirit of src/usage/fast.c: whenever it is not sure
 * that json-c would read the very same thing it answers 0 and the caller asks the
 * reference, which also decides every malformed body. Unsure means anything outside strict
 * JSON (json-c accepts more: comments, single quotes, trailing commas, leading zeros...),
 * whitespace after the object (json-c's parse end stops before it), a raw control byte or
 * NUL anywhere, a \u escape of NUL or in the D800-DFFF block, an escaped key, a duplicate
 * key in any object (json-c keeps the last), nesting deeper than LC_JS_STRICT_DEPTH, more
 * than LC_JS_STRICT_KEYS members in one object (objects are walked by jscan.h's strict walk), a number longer than 18 bytes or with an exponent, and
 * any backslash in model, user or metadata (whose decoded bytes are checked for control
 * characters). tests/test_body.c and fuzz/gw_body.c check that the two readers agree
 * wherever the fast one answers.
 */
#include <string.h>

#include "gateway/body.h"
#include "llmcost/core.h"
#include "usage/jscan.h"


enum { M_ABSENT, M_OTHER, M_STRING };

typedef struct scan {
	lc_js js;                /* the position; walked by jscan.h's strict walk */
	gw_body *b;
	int ctl;                 /* 0x7f seen in model/user/metadata (raw; escapes are unsure) */
	int model_kind;
	const char *model;       /* raw bytes between the quotes (no escapes) */
	size_t model_len;
} scan;

static void ws(scan *s)
{
	lc_js_ws(&s->js);
}

/* A string at s->js.p ('"'), validated and skipped (lc_js_skip_str_strict: the rules the
 * gateway's usage fast path reads strings by). In model/user/metadata (`strict`) a
 * backslash is unsure and 0x7f is a control character. 1 ok, 0 unsure. */
static int string(scan *s, int strict)
{
	unsigned seen;
	if (lc_js_skip_str_strict(&s->js, &seen) != 0 || (strict && (seen & LC_JS_SEEN_ESCAPE)))
		return 0;
	if (strict && (seen & LC_JS_SEEN_DEL))
		s->ctl = 1;
	return 1;
}

/* A number: strict grammar, no exponent, at most 18 bytes (so json-c's int64 and strtod
 * both read it exactly). *is_int: no fraction; *ival its value then; *nonzero: not 0. */
static int number(scan *s, int *is_int, int64_t *ival, int *nonzero)
{
	const char *p = s->js.p, *a = s->js.p;
	int neg = 0, nz = 0;
	int64_t v = 0;
	if (p < s->js.end && *p == '-')
		neg = 1, p++;
	if (p >= s->js.end || *p < '0' || *p > '9')
		return 0;
	if (*p == '0') {
		p++;
	} else {
		while (p < s->js.end && *p >= '0' && *p <= '9') {
			if (p - a >= 18)
				return 0;
			v = v * 10 + (*p++ - '0');
		}
		nz = 1;
	}
	*is_int = 1;
	if (p < s->js.end && *p == '.') {
		p++;
		if (p >= s->js.end || *p < '0' || *p > '9')
			return 0;
		while (p < s->js.end && *p >= '0' && *p <= '9')
			nz |= *p++ != '0';
		*is_int = 0;
	}
	if (p - a > 18 || (p < s->js.end && (*p == 'e' || *p == 'E')))
		return 0;
	s->js.p = p;
	*ival = neg ? -v : v;
	*nonzero = nz;
	return 1;
}

static int lit(scan *s, const char *w, size_t n)
{
	if ((size_t)(s->js.end - s->js.p) < n || memcmp(s->js.p, w, n) != 0)
		return 0;
	s->js.p += n;
	return 1;
}

static int value(scan *s, int depth, int strict);

/* Where an object sits: members of the top level and of stream_options are read; below
 * user and metadata (AT_STRICT) every string is checked for control characters. */
enum { AT_OTHER, AT_TOP, AT_STREAM_OPTIONS, AT_STRICT };

static int member_cb(void *ctx, lc_js *js, int at, const char *k, size_t kl, unsigned kseen,
		     int depth);
static int element_cb(void *ctx, lc_js *js, int at, int depth);
static const lc_js_walk walk = {member_cb, element_cb};

/* A value read as json_object_get_boolean reads it. 1 ok, 0 unsure. */
static int boolean(scan *s, int depth, int *out)
{
	int is_int, nz;
	int64_t v;
	*out = 0;
	switch (*s->js.p) {
	case 't': *out = 1; return lit(s, "true", 4);
	case 'f': return lit(s, "false", 5);
	case 'n': return lit(s, "null", 4);
	case '"': {
		const char *a = s->js.p;
		if (!string(s, 0))
			return 0;
		*out = s->js.p - a > 2; /* a non-empty string is true */
		return 1;
	}
	case '{': case '[': return value(s, depth, 0);
	default:
		if (!number(s, &is_int, &v, &nz))
			return 0;
		*out = nz;
		return 1;
	}
}

/* An output-token cap as json-c's int type: -1 unless a plain integer. */
static int cap(scan *s, int depth, int64_t *out)
{
	int is_int, nz;
	int64_t v;
	*out = GW_BODY_BAD;
	if (*s->js.p == 'n') {
		*out = GW_BODY_ABSENT;
		return lit(s, "null", 4);
	}
	if (*s->js.p != '-' && (*s->js.p < '0' || *s->js.p > '9'))
		return value(s, depth, 0);
	if (!number(s, &is_int, &v, &nz))
		return 0;
	if (is_int && v >= 0)
		*out = v;
	return 1;
}

/* A member whose presence matters (not null): *out = 1 unless null. */
static int present(scan *s, int depth, int *out)
{
	*out = *s->js.p != 'n';
	return *out ? value(s, depth, 0) : lit(s, "null", 4);
}

#define KEY(lit) (kl == sizeof(lit) - 1 && memcmp(k, lit, sizeof(lit) - 1) == 0)

/* One member of an object at `at` (jscan.h's strict walk); js (= &s->js) is at its value.
 * 1 ok, 0 unsure. */
static int member_cb(void *ctx, lc_js *js, int at, const char *k, size_t kl, unsigned kseen,
		     int depth)
{
	scan *s = ctx;
	gw_body *b = s->b;

	(void)js;
	if (at == AT_STRICT && (kseen & LC_JS_SEEN_DEL))
		s->ctl = 1; /* a key below user or metadata holds 0x7f */
	if (at == AT_TOP) {
		if (KEY("model")) {
			if (*s->js.p != '"') {
				s->model_kind = M_OTHER;
				return value(s, depth, 0);
			}
			s->model_kind = M_STRING;
			s->model = s->js.p + 1;
			if (!string(s, 1))
				return 0;
			s->model_len = (size_t)(s->js.p - 1 - s->model);
			return 1;
		}
		if (KEY("user") || KEY("metadata"))
			return value(s, depth, 1);
		if (KEY("stream"))
			return boolean(s, depth, &b->stream);
		if (KEY("max_tokens"))
			return cap(s, depth, &b->max_tokens);
		if (KEY("max_completion_tokens"))
			return cap(s, depth, &b->max_completion_tokens);
		if (KEY("max_output_tokens"))
			return cap(s, depth, &b->max_output_tokens);
		if (KEY("n"))
			return cap(s, depth, &b->n);
		if (KEY("background"))
			return boolean(s, depth, &b->background);
		if (KEY("previous_response_id") || KEY("conversation") || KEY("prompt")) {
			int on;
			if (!present(s, depth, &on))
				return 0;
			b->server_input |= on;
			return 1;
		}
		if (KEY("stream_options") && *s->js.p == '{') {
			s->js.p++;
			return lc_js_strict_object(&s->js, depth + 1, AT_STREAM_OPTIONS, &walk, s);
		}
	} else if (at == AT_STREAM_OPTIONS && KEY("include_usage")) {
		return boolean(s, depth, &b->include_usage);
	}
	return value(s, depth, at == AT_STRICT);
}

static int element_cb(void *ctx, lc_js *js, int at, int depth)
{
	(void)js;
	return value(ctx, depth, at == AT_STRICT);
}

/* Any value, validated and skipped. */
static int value(scan *s, int depth, int strict)
{
	int is_int, nz;
	int64_t v;
	ws(s);
	if (s->js.p >= s->js.end)
		return 0;
	switch (*s->js.p) {
	case '{':
		s->js.p++;
		return lc_js_strict_object(&s->js, depth + 1, strict ? AT_STRICT : AT_OTHER, &walk, s);
	case '[':
		s->js.p++;
		return lc_js_strict_array(&s->js, depth + 1, strict ? AT_STRICT : AT_OTHER, &walk, s);
	case '"': return string(s, strict);
	case 't': return lit(s, "true", 4);
	case 'f': return lit(s, "false", 5);
	case 'n': return lit(s, "null", 4);
	default: return number(s, &is_int, &v, &nz);
	}
}

/* The verdict from what was read, in parse_body's order. */
static int verdict(int model_kind, size_t model_len, int ctl)
{
	if (model_kind != M_STRING || model_len == 0 || model_len >= LC_MODEL_MAX)
		return GW_BODY_BAD_MODEL;
	return ctl ? GW_BODY_CTL : GW_BODY_OK;
}

static void body_init(gw_body *b)
{
	b->verdict = GW_BODY_OK;
	b->model[0] = '\0';
	b->stream = b->include_usage = b->background = b->server_input = 0;
	b->max_completion_tokens = b->max_tokens = b->max_output_tokens = b->n = GW_BODY_ABSENT;
}

int gw_body_fast(const char *p, size_t n, gw_body *b)
{
	scan s = {{p, p + n}, b, 0, M_ABSENT, NULL, 0};

	body_init(b);
	ws(&s);
	if (s.js.p >= s.js.end || *s.js.p != '{')
		return 0;
	s.js.p++;
	if (!lc_js_strict_object(&s.js, 1, AT_TOP, &walk, &s) || s.js.p != s.js.end)
		return 0;
	b->verdict = verdict(s.model_kind, s.model_len, s.ctl);
	if (b->verdict == GW_BODY_OK) {
		memcpy(b->model, s.model, s.model_len);
		b->model[s.model_len] = '\0';
	}
	return 1;
}

/* ------------------------------------------------------------------ the reference */

/* A cap as body.h says: the value, GW_BODY_ABSENT (absent, null) or GW_BODY_BAD. */
static int64_t get_cap(json_object *o, const char *k)
{
	json_object *v;
	int64_t x;
	if (!json_object_object_get_ex(o, k, &v) || !v)
		return GW_BODY_ABSENT; /* json-c holds a null member as NULL */
	if (!json_object_is_type(v, json_type_int))
		return GW_BODY_BAD;
	x = json_object_get_int64(v);
	return x >= 0 ? x : GW_BODY_BAD;
}

static int not_null(json_object *o, const char *k)
{
	json_object *v;
	return json_object_object_get_ex(o, k, &v) && v != NULL;
}

/* Does a string in v (at any depth, keys included) hold a control byte - CR, LF, NUL...?
 * Such values could split a header if anything downstream put them in one, and a NUL
 * would make the gateway price a different model than the provider serves (T5.4). */
static int has_ctl(json_object *v)
{
	if (json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);
		int n = json_object_get_string_len(v);
		for (int i = 0; i < n; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
				return 1;
	} else if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, k, x) {
			for (const char *p = k; *p; p++)
				if ((unsigned char)*p < 0x20 || *p == 0x7f)
					return 1;
			if (has_ctl(x))
				return 1;
		}
	} else if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++)
			if (has_ctl(json_object_array_get_idx(v, i)))
				return 1;
	}
	return 0;
}

int gw_body_ref(json_tokener *tok, const char *p, size_t n, gw_body *b, json_object **tree)
{
	json_object *o, *v, *so, *iu;
	const char *m;

	body_init(b);
	*tree = NULL;
	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, p, (int)n);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != n || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		b->verdict = GW_BODY_NOT_OBJECT;
		return 0;
	}
	*tree = o;
	if (!json_object_object_get_ex(o, "model", &v) || !json_object_is_type(v, json_type_string) ||
	    !(m = json_object_get_string(v)) || !*m || strlen(m) >= sizeof b->model) {
		b->verdict = GW_BODY_BAD_MODEL;
		return 0;
	}
	if (has_ctl(v) || (json_object_object_get_ex(o, "user", &v) && has_ctl(v)) ||
	    (json_object_object_get_ex(o, "metadata", &v) && has_ctl(v))) {
		b->verdict = GW_BODY_CTL;
		return 0;
	}
	memcpy(b->model, m, strlen(m) + 1);
	b->stream = json_object_object_get_ex(o, "stream", &v) && json_object_get_boolean(v);
	b->max_completion_tokens = get_cap(o, "max_completion_tokens");
	b->max_tokens = get_cap(o, "max_tokens");
	b->max_output_tokens = get_cap(o, "max_output_tokens");
	b->n = get_cap(o, "n");
	b->background = json_object_object_get_ex(o, "background", &v) && json_object_get_boolean(v);
	b->server_input = not_null(o, "previous_response_id") || not_null(o, "conversation") ||
			  not_null(o, "prompt");
	b->include_usage = json_object_object_get_ex(o, "stream_options", &so) &&
			   json_object_object_get_ex(so, "include_usage", &iu) &&
			   json_object_get_boolean(iu);
	return 0;
}

int gw_body_same(const gw_body *a, const gw_body *b)
{
	if (a->verdict != b->verdict)
		return 0;
	if (a->verdict != GW_BODY_OK)
		return 1;
	return !strcmp(a->model, b->model) && a->stream == b->stream &&
	       a->include_usage == b->include_usage &&
	       a->max_completion_tokens == b->max_completion_tokens &&
	       a->max_tokens == b->max_tokens && a->max_output_tokens == b->max_output_tokens &&
	       a->n == b->n && a->background == b->background && a->server_input == b->server_input;
}
