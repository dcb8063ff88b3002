/*
 * usage_int.h - what the files of src/usage share and nobody else sees: where an input
 * came from (for "name:line:column" errors), strict JSON helpers over json-c, and the
 * per-provider normalizers that turn one parsed JSON object into an lc_usage.
 *
 * Positions: json-c keeps no positions for values, so a semantic error ("negative token
 * count") points at the first occurrence of the offending key in the record's text; a
 * syntax error points at the byte json-c stopped on.
 */
#ifndef LLMCOST_USAGE_INT_H
#define LLMCOST_USAGE_INT_H

#include <json-c/json.h>

#include "llmcost/usage.h"

/* Token counts above this are refused as absurd (10^13: a thousand times any real bill). */
#define LCU_TOKENS_MAX INT64_C(10000000000000)

/* JSON whitespace (never true for NUL, unlike strchr(" \t\r\n", c)). */
static inline int lcu_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A piece of input text and where it sits in its file. */
typedef struct lcu_src {
	const char *name; /* file or stream name, never NULL */
	const char *text; /* the record's bytes */
	size_t len;
	int64_t line;     /* line of text[0] (1-based) */
	int64_t col;      /* column of text[0] (1-based) */
} lcu_src;

/* Line and column of byte off of s->text. */
void lcu_pos(const lcu_src *s, size_t off, int64_t *line, int64_t *col);
/* Set err to "name:line:col: message" at byte off; returns code. */
int lcu_fail(const lcu_src *s, size_t off, int code, lc_error *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Same, at the first occurrence of "key" in the text (the record start when absent). */
int lcu_fail_key(const lcu_src *s, const char *key, int code, lc_error *err, const char *fmt,
		 ...) __attribute__((format(printf, 5, 6)));
/* Same, at the occurrence of "key" whose value is v (the bad one among equal keys). */
int lcu_fail_kv(const lcu_src *s, const char *key, json_object *v, int code, lc_error *err,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Parse exactly one JSON value from s (strict RFC 8259, UTF-8 validated; trailing
 * whitespace allowed, anything else is an error). NUL bytes and a byte order mark are
 * refused with their position. *out is owned by the caller (json_object_put).
 * tok may be NULL (a tokener is made and freed); passing one reuses it.
 */
int lcu_json_parse(const lcu_src *s, json_tokener *tok, json_object **out, lc_error *err);

/* Length of the first JSON value in p (brackets matched outside strings; up to the first
 * space for a scalar); len when it does not close, so that json-c reports the error. */
size_t lcu_json_span(const char *p, size_t len);

/* Member lookup by a dotted path ("usage.prompt_tokens_details.cached_tokens");
 * NULL when absent or JSON null, or when an inner step is not an object. */
json_object *lcu_get(json_object *o, const char *path);

/*
 * Read a token count at path: *out = the value (0 when absent/null). Returns 1 when
 * present, 0 when absent, or LC_PARSE for wrong type / fraction / negative / absurd
 * values, and LC_PARSE "missing field" when required and absent.
 */
/* The counts of an OpenAI chat usage object, absent ones 0: cached is the first cache-hit
 * spelling present, reasoning the details' count or else xAI's top-level one. */
typedef struct lcu_chat {
	int64_t prompt, completion, cached, written, reasoning, total;
	int64_t creation; /* LiteLLM's cache_creation_input_tokens, when has_creation */
	int has_creation;
} lcu_chat;
/* Split them into u (uncached input, reasoning inside or beside output). */
int lcu_chat_apply(const lcu_src *s, const lcu_chat *c, lc_usage *u, lc_error *err);
/* The fast path of lc_usage_from_response for OpenAI chat bodies (fast.c): 1 when u was
 * filled exactly as the json-c reader would, 0 when unsure (the caller falls back). */
int lcu_fast_openai_chat(const char *data, size_t len, const char *hint, lc_usage *u);
/* The dedup id of a response without one: "<provider>:body-<hash of the bytes>". */
void lcu_body_id(lc_usage *u, const char *data, size_t len);
/* Every field of two records equal (the differential tests of the fast path). */
int lcu_usage_same(const lc_usage *a, const lc_usage *b);

int lcu_tokens(const lcu_src *s, json_object *o, const char *path, int required, int64_t *out,
	       lc_error *err);
/* Same for counts that some sources write as decimal strings (OTLP intValue). */
int lcu_tokens_lenient(const lcu_src *s, json_object *v, const char *what, int64_t *out,
		       lc_error *err);

/* Copy the string at path into buf. Returns 1 when present, 0 when absent/null, LC_PARSE
 * when not a string or longer than cap-1. */
int lcu_str(const lcu_src *s, json_object *o, const char *path, char *buf, size_t cap,
	    lc_error *err);
/* Borrowed string at path, NULL when absent or not a string. */
const char *lcu_cstr(json_object *o, const char *path);

/* Set u->id from parts joined by ':'; when too long, the tail is replaced by a 64-bit
 * FNV-1a hash of the whole key so that the id stays unique and fits. */
void lcu_set_id(lc_usage *u, const char *const *parts, int n);
/* u->id = "<u->provider>:<string at path>" when o has a non-empty string there. */
int lcu_take_id(const lcu_src *s, json_object *o, const char *path, lc_usage *u, lc_error *err);
uint64_t lcu_fnv1a(const void *p, size_t n, uint64_t h);
#define LCU_FNV_INIT UINT64_C(14695981039346656037)

/* Input text fit for a one-line message: at most cap-1 bytes, control bytes as '?'. */
const char *lcu_clean(const char *text, char *buf, size_t cap);

/* Copy with truncation check: LC_INVAL when src does not fit. */
int lcu_copy(char *dst, size_t cap, const char *src);

/* 1 when the first line of data is a CSV header the default mapping can read: it names a
 * `time` and a `model` column (csv.c's field names, any case). For format detection by
 * content, where a comma on the first line alone also fits prose. */
int lcu_csv_header_known(const char *data, size_t len);

/* The shape of a parsed JSON body; LC_SHAPE_AUTO when unknown. */
lc_shape lcu_detect_shape(json_object *root);

/*
 * Normalizers: fill u (already lc_usage_init'ed) from one parsed object. They set only
 * what the object carries, so Anthropic's message_delta can be applied over message_start.
 * hint is a normalized provider id or NULL. Missing usage sets LC_USAGE_NO_USAGE.
 */
int lcu_norm_openai_chat(const lcu_src *s, json_object *root, const char *hint, lc_usage *u,
			 lc_error *err);
int lcu_norm_openai_responses(const lcu_src *s, json_object *root, const char *hint,
			      lc_usage *u, lc_error *err);
int lcu_norm_openai_embeddings(const lcu_src *s, json_object *root, const char *hint,
			       lc_usage *u, lc_error *err);
/* Applies an Anthropic usage object (message, message_start, message_delta, batch). */
int lcu_norm_anthropic_usage(const lcu_src *s, json_object *usage, lc_usage *u, lc_error *err);
int lcu_norm_anthropic(const lcu_src *s, json_object *msg, const char *hint, lc_usage *u,
		       lc_error *err);
int lcu_norm_gemini(const lcu_src *s, json_object *root, const char *hint, lc_usage *u,
		    lc_error *err);
/* Dispatch on shape (AUTO detects). LC_PARSE when the shape cannot be told. */
int lcu_norm_json(const lcu_src *s, json_object *root, lc_shape shape, const char *hint,
		  lc_usage *u, lc_error *err);

/* A parsed body (object, or array of streamed chunks) to a record: no usage sets
 * LC_USAGE_NO_USAGE; the provider defaults to the hint, else "openai". */
int lcu_from_value(const lcu_src *s, json_object *root, lc_shape shape, const char *hint,
		   lc_usage *u, lc_error *err);

/* Split an inclusive input count (OpenAI style: cached and cache-write inside it) into
 * the disjoint kinds; LC_PARSE naming `what` when the parts exceed the total. */
int lcu_split_input(const lcu_src *s, const char *what, int64_t total, int64_t cached,
		    int64_t written, lc_usage *u, lc_error *err);

/* Set provider from hint or fallback. */
void lcu_set_provider(lc_usage *u, const char *hint, const char *fallback);
/* Apply a provider's service_tier string (unknown spellings keep standard and are tagged). */
void lcu_set_tier(lc_usage *u, const char *tier);

/* ------------------------------------------------------------------ files of records */

/* One lc_usage_parse_file run. The format parsers report records through lcu_emit and bad
 * records through lcu_bad; the driver runs them twice when every record must be validated
 * before the first callback (pass 1 emits nothing). */
typedef struct lcu_file {
	const char *name;
	const char *hint;     /* normalized provider id or NULL */
	const char *csv_mapping;
	const char *data;     /* whole file, after a leading byte order mark */
	size_t len;
	int64_t col0;         /* column of data[0] on line 1 (4 after a BOM) */
	json_tokener *tok;
	lc_usage_fn fn;
	void *ctx;
	const void *user;     /* for the format parser's own use */
	int emit;             /* 0 = validating pass */
	int skip_invalid;
	int64_t skipped;
	lc_error *err;
} lcu_file;

/* A record: call the user's callback (emit pass) and return its value. */
int lcu_emit(lcu_file *f, const lc_usage *u, int64_t line);
/* A bad record whose error is in f->err: 0 to go on (skip_invalid; counted), else rc. */
int lcu_bad(lcu_file *f, int rc);

/* Walk the file's JSON values: one per line when the first line is a whole value (JSONL;
 * a bad line is a bad record), else a sequence of values (pretty-printed pages; a syntax
 * error is fatal since record boundaries are lost). on_value returns <0 to stop. */
typedef int (*lcu_value_fn)(lcu_file *f, const lcu_src *s, json_object *v);
int lcu_each_json(lcu_file *f, lcu_value_fn on_value);

/* Text of a scalar for dedup keys and tags: strings as is, numbers and booleans as JSON
 * text, absent/null as "". Borrowed from o. */
const char *lcu_scalar(json_object *o, const char *path);

/* Format parsers (each in its own file). */
int lcu_parse_responses(lcu_file *f, lc_format fmt);
int lcu_parse_openai_batch(lcu_file *f);
int lcu_parse_anthropic_batch(lcu_file *f);
/* OpenAI usage/costs and Anthropic usage/cost report pages (fmt says which). */
int lcu_parse_admin(lcu_file *f, lc_format fmt);
int lcu_parse_otel(lcu_file *f);
int lcu_parse_csv(lcu_file *f);

#endif
