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

int lcu_fail_key(const lcu_src *s, const char *key, int code, lc_error *err, const char *fmt,
		 ...)
{
	const char *dot = strrchr(key, '.');
	char pat[96];
	size_t off = 0;
	va_list ap;
	int n;

	if (dot)
		key = dot + 1;
	n = snprintf(pat, sizeof pat, "\"%s\"", key);
	if (n > 0 && (size_t)n < sizeof pat && s->len >= (size_t)n) {
		const char *p = memmem(s->text, s->len, pat, (size_t)n);
		if (p)
			off = (size_t)(p - s->text);
	}
	va_start(ap, fmt);
	code = vfail(s, off, code, err, fmt, ap);
	va_end(ap);
	return code;
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
		return lcu_fail_key(s, what, LC_PARSE, err, "'%s': negative count %lld", what,
				    (long long)n);
	if (n > LCU_TOKENS_MAX)
		return lcu_fail_key(s, what, LC_RANGE, err, "'%s': absurd count %s (over 10^13)",
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
			return lcu_fail_key(s, path, LC_PARSE, err, "missing field '%s'", path);
		return 0;
	}
	if (json_object_is_type(v, json_type_int))
		return check_count(s, path, v, out, err);
	if (json_object_is_type(v, json_type_double))
		return lcu_fail_key(s, path, LC_PARSE, err,
				    "'%s': token count must be a whole number, got %s", path,
				    json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	return lcu_fail_key(s, path, LC_PARSE, err, "'%s': expected an integer, got %s", path,
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
		return lcu_fail_key(s, what, LC_PARSE, err, "'%s': expected an integer, got %s",
				    what, type_name(v));
	t = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n == 0)
		return lcu_fail_key(s, what, LC_PARSE, err, "'%s': empty count", what);
	if (t[0] == '-')
		return lcu_fail_key(s, what, LC_PARSE, err, "'%s': negative count %s", what, t);
	for (i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return lcu_fail_key(s, what, LC_PARSE, err,
					    "'%s': count must be a whole number, got \"%s\"", what,
					    lcu_clean(t, c, sizeof c));
		if (x > LCU_TOKENS_MAX)
			break;
		x = x * 10 + (t[i] - '0');
	}
	if (x > LCU_TOKENS_MAX)
		return lcu_fail_key(s, what, LC_RANGE, err, "'%s': absurd count %s (over 10^13)",
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
		return lcu_fail_key(s, path, LC_PARSE, err, "'%s': expected a string, got %s", path,
				    type_name(v));
	n = (size_t)json_object_get_string_len(v);
	if (n >= cap)
		return lcu_fail_key(s, path, LC_PARSE, err, "'%s': longer than %zu bytes", path,
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
