/*
 * json.c - strict JSON for the usage parsers: one value per call through json-c's tokener
 * (so a syntax error has a byte offset, turned into line:column), typed getters that refuse
 * what a token count cannot be (a string, a fraction, a negative or absurd number), and
 * the small string helpers every normalizer needs (bounded copies, dedup ids).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usage/usage_int.h"

void lcu_pos(const lcu_src *s, size_t off, int64_t *line, int64_t *col)
{
	int64_t l = s->line, c = s->col;
	size_t i;

	if (off > s->len)
		off = s->len;
	for (i = 0; i < off; i++) {
		if (s->text[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static int vfail(const lcu_src *s, size_t off, int code, lc_error *err, const char *fmt,
		 va_list ap)
{
	char msg[LC_ERRMSG_MAX];
	int64_t line, col;

	if (!err)
		return code;
	vsnprintf(msg, sizeof msg, fmt, ap);
	lcu_pos(s, off, &line, &col);
	return lc_error_set(err, code, "%s:%lld:%lld: %s", s->name, (long long)line,
			    (long long)col, msg);
}

int lcu_fail(const lcu_src *s, size_t off, int code, lc_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	code = vfail(s, off, code, err, fmt, ap);
	va_end(ap);
	return code;
}

/* Offset of "key" in the text: the whole key first (an OTel attribute is named
 * "gen_ai.usage.input_tokens"), then its last part (the path "usage.prompt_tokens" is the
 * key "prompt_tokens"). With val, the first occurrence whose value reads val wins: in a
 * page of many results the bad one, not the first. 0 (the record start) when absent. */
static size_t key_off(const lcu_src *s, const char *key, const char *val)
{
	const char *dot = strrchr(key, '.'), *end = s->text + s->len, *p, *r;
	size_t vl = val ? strlen(val) : 0, first, n;
	char pat[96];
	int w, pass;

	for (pass = 0; pass < 2; pass++) {
		if (pass == 1 && !dot)
			break;
		w = snprintf(pat, sizeof pat, "\"%s\"", pass ? dot + 1 : key);
		if (w <= 0 || (size_t)w >= sizeof pat)
			continue;
		n = (size_t)w;
		first = SIZE_MAX;
		for (p = s->text; (size_t)(end - p) >= n && (p = memmem(p, (size_t)(end - p), pat, n));
		     p++) {
			if (first == SIZE_MAX)
				first = (size_t)(p - s->text);
			if (!vl)
				break;
			for (r = p + n; r < end && lcu_is_space(*r); r++)
				;
			if (r == end || *r++ != ':')
				continue;
			while (r < end && lcu_is_space(*r))
				r++;
			if ((size_t)(end - r) >= vl && memcmp(r, val, vl) == 0 &&
			    ((size_t)(end - r) == vl || strchr(",}] \t\r\n", r[vl])))
				return (size_t)(p - s->text);
		}
		if (first != SIZE_MAX)
			return first;
	}
	return 0;
}

int lcu_fail_key(const lcu_src *s, const char *key, int code, lc_error *err, const char *fmt,
		 ...)
{
	va_list ap;
	va_start(ap, fmt);
	code = vfail(s, key_off(s, key, NULL), code, err, fmt, ap);
	va_end(ap);
	return code;
}

int lcu_fail_kv(const lcu_src *s, const char *key, json_object *v, int code, lc_error *err,
		const char *fmt, ...)
{
	va_list ap;
	const char *val = v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN) : NULL;
	va_start(ap, fmt);
	code = vfail(s, key_off(s, key, val), code, err, fmt, ap);
	va_end(ap);
	return code;
}

/* Keys in the text: strings followed by ':'. Only called on text json-c accepted. */
static size_t text_keys(const char *p, size_t n)
{
	size_t i, keys = 0;

	for (i = 0; i < n; i++) {
		if (p[i] != '"')
			continue;
		for (i++; i < n && p[i] != '"'; i++)
			if (p[i] == '\\')
				i++;
		for (i++; i < n && lcu_is_space(p[i]); i++)
			;
		if (i < n && p[i] == ':')
			keys++;
		i--; /* the loop's i++ looks at this byte again */
	}
	return keys;
}

/* Where the second of two equal keys starts, or 0 when not found. Runs only after the
 * counts above disagreed; tracks the first 4096 keys (beyond, the record is named). */
static size_t dup_key_at(const char *p, size_t n)
{
	enum { KEYS = 4096, DEPTH = 128 };
	struct key {
		uint32_t obj;
		size_t off, len;
	} *keys = malloc(KEYS * sizeof *keys);
	uint32_t stack[DEPTH], objs = 0;
	size_t i, nk = 0, k, at = 0;
	int depth = 0;

	if (!keys)
		return 0;
	for (i = 0; i < n && !at; i++) {
		if (p[i] == '{' || p[i] == '[') {
			if (depth == DEPTH)
				break;
			stack[depth++] = p[i] == '{' ? ++objs : 0;
		} else if (p[i] == '}' || p[i] == ']') {
			depth -= depth > 0;
		} else if (p[i] == '"') {
			size_t start = i, j;
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			for (j = i + 1; j < n && lcu_is_space(p[j]); j++)
				;
			if (j >= n || p[j] != ':' || depth == 0 || !stack[depth - 1])
				continue;
			for (k = 0; k < nk; k++)
				if (keys[k].obj == stack[depth - 1] && keys[k].len == i - start &&
				    memcmp(p + keys[k].off, p + start, i - start) == 0)
					at = start;
			if (nk == KEYS)
				break;
			keys[nk].obj = stack[depth - 1];
			keys[nk].off = start;
			keys[nk++].len = i - start;
		}
	}
	free(keys);
	return at;
}

/* Keys in the parsed tree, where a repeated key was kept once. */
static size_t tree_keys(json_object *o)
{
	size_t keys = 0, i, n;

	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v)
		{
			(void)k;
			keys += 1 + tree_keys(v);
		}
	} else if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			keys += tree_keys(json_object_array_get_idx(o, i));
	}
	return keys;
}

/* Length of the first JSON value in p (brackets matched outside strings); len when it
 * does not close, so that json-c reports the real error. */
size_t lcu_json_span(const char *p, size_t len)
{
	size_t i;
	int depth = 0, in_str = 0;

	if (len == 0 || (p[0] != '{' && p[0] != '['))
		for (i = 0; i < len; i++)
			if (lcu_is_space(p[i]))
				return i;
	for (i = 0; i < len; i++) {
		char c = p[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if ((c == '}' || c == ']') && --depth == 0) {
			return i + 1;
		}
	}
	return len;
}

int lcu_json_parse(const lcu_src *s, json_tokener *tok, json_object **out, lc_error *err)
{
	json_tokener *own = NULL;
	json_object *o = NULL;
	enum json_tokener_error e;
	const char *nul;
	size_t i, end;
	int rc = LC_OK;

	*out = NULL;
	if (s->len > INT32_MAX)
		return lcu_fail(s, 0, LC_LIMIT, err, "JSON value larger than 2 GiB");
	nul = memchr(s->text, '\0', s->len);
	if (nul)
		return lcu_fail(s, (size_t)(nul - s->text), LC_PARSE, err, "NUL byte in JSON");
	for (i = 0; i < s->len && lcu_is_space(s->text[i]); i++)
		;
	if (i == s->len)
		return lcu_fail(s, i, LC_PARSE, err, "empty input where JSON was expected");
	if (s->len - i >= 3 && memcmp(s->text + i, "\xEF\xBB\xBF", 3) == 0)
		return lcu_fail(s, i, LC_PARSE, err, "byte order mark inside the data");
	if (!tok) {
		own = tok = json_tokener_new_ex(64);
		if (!tok)
			return lc_error_set(err, LC_NOMEM, "out of memory");
	}
	json_tokener_reset(tok);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s->text, (int)s->len);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (e == json_tokener_continue) {
		/* a bare number at the very end needs a delimiter to finish */
		o = json_tokener_parse_ex(tok, " ", 1);
		e = json_tokener_get_error(tok);
		end = s->len;
		if (e == json_tokener_continue) {
			rc = lcu_fail(s, s->len, LC_PARSE, err,
				      "malformed JSON: unexpected end of input (truncated?)");
			goto out;
		}
	}
	if (e != json_tokener_success) {
		/* strict mode reports data after a complete value as a bad character: say so */
		size_t first = i + lcu_json_span(s->text + i, s->len - i);
		if (first < s->len && end >= first)
			rc = lcu_fail(s, end, LC_PARSE, err,
				      "malformed JSON: more data after the first JSON value");
		else
			rc = lcu_fail(s, end, LC_PARSE, err, "malformed JSON: %s",
				      json_tokener_error_desc(e));
		goto out;
	}
	for (i = end; i < s->len && lcu_is_space(s->text[i]); i++)
		;
	if (i < s->len) {
		rc = lcu_fail(s, i, LC_PARSE, err, "malformed JSON: more data after the first JSON value");
		goto out;
	}
	/* json-c keeps the last of two equal keys; {"input_tokens":1,"input_tokens":9} is
	 * ambiguous (another reader keeps the first), so it is refused */
	if (text_keys(s->text, end) != tree_keys(o)) {
		size_t at = dup_key_at(s->text, end), kl = 0;
		while (at && at + 1 + kl < end && s->text[at + 1 + kl] != '"' && kl < 60)
			kl++;
		if (at)
			rc = lcu_fail(s, at, LC_PARSE, err,
				      "the key \"%.*s\" twice in one JSON object", (int)kl,
				      s->text + at + 1);
		else
			rc = lcu_fail(s, 0, LC_PARSE, err, "a JSON object has the same key twice");
		goto out;
	}
	*out = o;
	o = NULL;
out:
	json_object_put(o);
	if (own)
		json_tokener_free(own); /* not NULL-safe in json-c 0.16 */
	return rc;
}

json_object *lcu_get(json_object *o, const char *path)
{
	char key[128];
	const char *p = path, *dot;
	json_object *v;

	while (o) {
		size_t n;
		if (!json_object_is_type(o, json_type_object))
			return NULL;
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(o, key, &v) || !v)
			return NULL;
		if (!dot)
			return v;
		o = v;
		p = dot + 1;
	}
	return NULL;
}

static const char *type_name(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: return "a number";
	case json_type_int: return "an integer";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "a value";
}

/* Check an integer-typed value: the range every token count must be in. */
static int check_count(const lcu_src *s, const char *what, json_object *v, int64_t *out,
		       lc_error *err)
{
	int64_t n = json_object_get_int64(v);

	if (n < 0)
		return lcu_fail_kv(s, what, v, LC_PARSE, err, "'%s': negative count %lld", what,
				    (long long)n);
	/* json-c clamps an integer beyond 64 bits to UINT64_MAX: its digits are lost, so say
	 * what it is rather than print the clamped value */
	if (json_object_get_uint64(v) == UINT64_MAX)
		return lcu_fail_kv(s, what, v, LC_RANGE, err, "'%s': number too large (over 10^13)",
				    what);
	if (n > LCU_TOKENS_MAX)
		return lcu_fail_kv(s, what, v, LC_RANGE, err, "'%s': absurd count %s (over 10^13)",
				    what, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	*out = n;
	return 1;
}

int lcu_tokens(const lcu_src *s, json_object *o, const char *path, int required, int64_t *out,
	       lc_error *err)
{
	json_object *v = lcu_get(o, path);

	*out = 0;
	if (!v) {
		if (required)
			return lcu_fail_kv(s, path, v, LC_PARSE, err, "missing field '%s'", path);
		return 0;
	}
	if (json_object_is_type(v, json_type_int))
		return check_count(s, path, v, out, err);
	if (json_object_is_type(v, json_type_double))
		return lcu_fail_kv(s, path, v, LC_PARSE, err,
				    "'%s': token count must be a whole number, got %s", path,
				    json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	return lcu_fail_kv(s, path, v, LC_PARSE, err, "'%s': expected an integer, got %s", path,
			    type_name(v));
}

int lcu_tokens_lenient(const lcu_src *s, json_object *v, const char *what, int64_t *out,
		       lc_error *err)
{
	const char *t;
	size_t i, n;
	int64_t x = 0;
	char c[48];

	*out = 0;
	if (!v)
		return 0;
	if (json_object_is_type(v, json_type_int))
		return check_count(s, what, v, out, err);
	if (!json_object_is_type(v, json_type_string))
		return lcu_fail_kv(s, what, v, LC_PARSE, err, "'%s': expected an integer, got %s",
				    what, type_name(v));
	t = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n == 0)
		return lcu_fail_kv(s, what, v, LC_PARSE, err, "'%s': empty count", what);
	if (t[0] == '-')
		return lcu_fail_kv(s, what, v, LC_PARSE, err, "'%s': negative count %s", what, t);
	for (i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return lcu_fail_kv(s, what, v, LC_PARSE, err,
					    "'%s': count must be a whole number, got \"%s\"", what,
					    lcu_clean(t, c, sizeof c));
		if (x > LCU_TOKENS_MAX)
			break;
		x = x * 10 + (t[i] - '0');
	}
	if (x > LCU_TOKENS_MAX)
		return lcu_fail_kv(s, what, v, LC_RANGE, err, "'%s': absurd count %s (over 10^13)",
				    what, lcu_clean(t, c, sizeof c));
	*out = x;
	return 1;
}

int lcu_str(const lcu_src *s, json_object *o, const char *path, char *buf, size_t cap,
	    lc_error *err)
{
	json_object *v = lcu_get(o, path);
	size_t n;

	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return lcu_fail_kv(s, path, v, LC_PARSE, err, "'%s': expected a string, got %s", path,
				    type_name(v));
	n = (size_t)json_object_get_string_len(v);
	if (n >= cap)
		return lcu_fail_kv(s, path, v, LC_PARSE, err, "'%s': longer than %zu bytes", path,
				    cap - 1);
	memcpy(buf, json_object_get_string(v), n);
	buf[n] = '\0';
	return 1;
}

const char *lcu_cstr(json_object *o, const char *path)
{
	json_object *v = lcu_get(o, path);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

uint64_t lcu_fnv1a(const void *p, size_t n, uint64_t h)
{
	const unsigned char *b = p;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

void lcu_set_id(lc_usage *u, const char *const *parts, int n)
{
	char full[1024];
	size_t len = 0;
	uint64_t h = LCU_FNV_INIT;
	int i, overflow = 0;

	for (i = 0; i < n; i++) {
		size_t k = strlen(parts[i]);
		h = lcu_fnv1a(parts[i], k, h);
		h = lcu_fnv1a(":", 1, h);
		if (len + k + 1 >= sizeof full) {
			overflow = 1;
			continue;
		}
		if (i)
			full[len++] = ':';
		memcpy(full + len, parts[i], k);
		len += k;
	}
	full[len] = '\0';
	if (!overflow && len < LC_ID_MAX) {
		memcpy(u->id, full, len + 1);
		return;
	}
	/* keep a readable head, make it unique with the hash of everything */
	snprintf(u->id, LC_ID_MAX, "%.*s~%016llx", LC_ID_MAX - 18, full, (unsigned long long)h);
}

int lcu_take_id(const lcu_src *s, json_object *o, const char *path, lc_usage *u, lc_error *err)
{
	char id[256];
	int rc = lcu_str(s, o, path, id, sizeof id, err);

	if (rc == 1 && id[0]) {
		const char *parts[2] = {u->provider, id};
		lcu_set_id(u, parts, 2);
	}
	return rc < 0 ? rc : LC_OK;
}

const char *lcu_clean(const char *text, char *buf, size_t cap)
{
	size_t i;

	for (i = 0; text[i] && i + 1 < cap; i++)
		buf[i] = (unsigned char)text[i] < 0x20 || text[i] == 0x7f ? '?' : text[i];
	buf[i] = '\0';
	return buf;
}

int lcu_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		return LC_INVAL;
	memcpy(dst, src, n + 1);
	return LC_OK;
}
