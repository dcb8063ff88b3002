/*
 * file.c - lc_usage_parse_file: the driver every file format runs under. It strips a
 * leading byte order mark, walks JSON values (JSONL or a sequence of pretty-printed pages),
 * and enforces the all-or-nothing contract: unless skip_invalid is set, a first pass
 * validates every record and only a clean file gets a second, emitting pass - so a caller
 * inside a transaction never sees half a file. With skip_invalid, bad records are counted
 * exactly (one per bad line or bad result) and the rest is emitted in one pass.
 */
#include <string.h>

#include "usage/usage_int.h"

int lcu_emit(lcu_file *f, const lc_usage *u, int64_t line)
{
	if (!f->emit || !f->fn)
		return LC_OK;
	return f->fn(u, line, f->ctx);
}

int lcu_bad(lcu_file *f, int rc)
{
	if (rc == LC_NOMEM || !f->skip_invalid)
		return rc;
	if (f->emit)
		f->skipped++;
	return LC_OK;
}

const char *lcu_scalar(json_object *o, const char *path)
{
	json_object *v = lcu_get(o, path);

	if (!v)
		return "";
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array))
		return "";
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
}

static int is_blank(const char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!lcu_is_space(p[i]))
			return 0;
	return 1;
}

/* JSONL when the first non-blank line is a whole object or array on its own. */
static int looks_like_jsonl(const char *d, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(d + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - d) : len, a = pos, b = end;
		while (a < b && lcu_is_space(d[a]))
			a++;
		while (b > a && lcu_is_space(d[b - 1]))
			b--;
		if (b > a)
			return b - a >= 2 && (d[a] == '{' || d[a] == '[') &&
			       (d[b - 1] == '}' || d[b - 1] == ']');
		pos = end + 1;
	}
	return 0;
}

static int each_line(lcu_file *f, lcu_value_fn on_value)
{
	size_t pos = 0;
	int64_t lineno = 1;
	int rc;

	for (; pos < f->len; lineno++) {
		/* look for the line's end only as far as the cap: a 1 GiB line fails after
		 * 64 MiB; only --skip-invalid, which goes on after it, reads to its end */
		size_t look = f->len - pos < LC_USAGE_RECORD_MAX + 2 || f->skip_invalid
				      ? f->len - pos
				      : LC_USAGE_RECORD_MAX + 2;
		const char *nl = memchr(f->data + pos, '\n', look);
		size_t end = nl ? (size_t)(nl - f->data) : pos + look, n = end - pos;
		json_object *v = NULL;
		lcu_src s = {f->name, f->data + pos, n, lineno, lineno == 1 ? f->col0 : 1};

		if (n && f->data[end - 1] == '\r')
			s.len--;
		pos = end + 1;
		if (is_blank(s.text, s.len))
			continue;
		if (s.len > LC_USAGE_RECORD_MAX) {
			rc = lcu_fail(&s, 0, LC_LIMIT, f->err, "record longer than %zu MiB",
				      LC_USAGE_RECORD_MAX >> 20);
			if ((rc = lcu_bad(f, rc)) < 0)
				return rc;
			continue;
		}
		if ((rc = lcu_json_parse(&s, f->tok, &v, f->err)) < 0) {
			if ((rc = lcu_bad(f, rc)) < 0)
				return rc;
			continue;
		}
		rc = on_value(f, &s, v);
		json_object_put(v);
		if (rc != 0)
			return rc; /* an error, or the caller's callback asked to stop */
	}
	return LC_OK;
}

static int each_value(lcu_file *f, lcu_value_fn on_value)
{
	size_t pos = 0;
	int64_t line = 1, col = f->col0;
	int rc;

	for (;;) {
		json_object *v = NULL;
		lcu_src s;
		size_t n, i;

		while (pos < f->len && lcu_is_space(f->data[pos])) {
			if (f->data[pos++] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		if (pos >= f->len)
			return LC_OK;
		n = lcu_json_span(f->data + pos, f->len - pos);
		s.name = f->name;
		s.text = f->data + pos;
		s.len = n;
		s.line = line;
		s.col = col;
		if ((rc = lcu_json_parse(&s, f->tok, &v, f->err)) < 0)
			return rc; /* record boundaries are lost: fatal even with skip_invalid */
		rc = on_value(f, &s, v);
		json_object_put(v);
		if (rc != 0)
			return rc; /* an error, or the caller's callback asked to stop */
		for (i = 0; i < n; i++) {
			if (s.text[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		pos += n;
	}
}

int lcu_each_json(lcu_file *f, lcu_value_fn on_value)
{
	return looks_like_jsonl(f->data, f->len) ? each_line(f, on_value) : each_value(f, on_value);
}

static int run(lcu_file *f, lc_format fmt)
{
	switch (fmt) {
	case LC_FMT_OPENAI:
	case LC_FMT_ANTHROPIC:
	case LC_FMT_GEMINI: return lcu_parse_responses(f, fmt);
	case LC_FMT_OPENAI_BATCH: return lcu_parse_openai_batch(f);
	case LC_FMT_ANTHROPIC_BATCH: return lcu_parse_anthropic_batch(f);
	case LC_FMT_OPENAI_USAGE:
	case LC_FMT_OPENAI_COSTS:
	case LC_FMT_ANTHROPIC_USAGE:
	case LC_FMT_ANTHROPIC_COSTS: return lcu_parse_admin(f, fmt);
	case LC_FMT_OTEL: return lcu_parse_otel(f);
	case LC_FMT_CSV: return lcu_parse_csv(f);
	case LC_FMT_AUTO: break;
	}
	return lc_error_set(f->err, LC_INTERNAL, "%s: no parser for this format", f->name);
}

int lc_usage_parse_file(const char *data, size_t len, lc_format fmt, const lc_parse_opts *o,
			lc_usage_fn fn, void *ctx, lc_error *err)
{
	static const lc_parse_opts none;
	char hint[LC_PROVIDER_MAX];
	lc_error local;
	lcu_file f;
	int rc;

	if (!o)
		o = &none;
	if (!err)
		err = &local; /* the parsers may look at the message */
	memset(&f, 0, sizeof f);
	f.name = o->source_name ? o->source_name : "input";
	f.csv_mapping = o->csv_mapping;
	f.data = data;
	f.len = len;
	f.col0 = 1;
	f.fn = fn;
	f.ctx = ctx;
	f.skip_invalid = o->skip_invalid;
	f.err = err;
	if (o->nskipped)
		*o->nskipped = 0;
	if (o->hint_provider && *o->hint_provider) {
		if (lc_provider_normalize(o->hint_provider, hint) != LC_OK)
			return lc_error_set(err, LC_INVAL, "bad provider name '%.60s'",
					    o->hint_provider);
		f.hint = hint;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		f.data += 3; /* byte order mark from a Windows tool: skipped, columns still count it */
		f.len -= 3;
		f.col0 = 4;
	}
	if (is_blank(f.data, f.len))
		return LC_OK; /* an empty file holds no records */
	if (fmt == LC_FMT_AUTO && lc_format_detect(f.name, f.data, f.len, &fmt) != LC_OK)
		return lc_error_set(err, LC_PARSE,
				    "%s: cannot tell the format of this file (give one with --format)",
				    f.name);
	if (!(f.tok = json_tokener_new_ex(64)))
		return lc_error_set(err, LC_NOMEM, "out of memory");
	if (!f.skip_invalid) {
		rc = run(&f, fmt); /* pass 1: validate everything, emit nothing */
		if (rc < 0)
			goto out;
	}
	f.emit = 1;
	rc = run(&f, fmt);
	if (o->nskipped)
		*o->nskipped = f.skipped;
out:
	json_tokener_free(f.tok);
	return rc;
}
