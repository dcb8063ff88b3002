/*
 * csv.c - usage from a CSV file with a header row (RFC 4180: quoted fields may hold commas,
 * quotes doubled, line breaks; CRLF or LF rows) and a column mapping saying which column
 * is which record field. The mapping is "COLUMN=FIELD,..." (docs/formats/csv.md); without
 * one, columns named like the fields are used. Every cell is checked: token counts are
 * whole numbers, times carry a zone, text is valid UTF-8, amounts are exact decimals.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "usage/usage_int.h"

#define CSV_COLS_MAX 256

enum field {
	F_NONE = 0, F_TIME, F_PROVIDER, F_MODEL, F_ID, F_SESSION, F_TIER, F_INPUT,
	F_INPUT_TOTAL, F_CACHE_READ, F_CACHE_WRITE, F_CACHE_WRITE_1H, F_OUTPUT, F_REASONING,
	F_WEB_SEARCH, F_COST, F_CURRENCY, F_TAG
};

static const struct {
	const char *name;
	enum field f;
} fields[] = {
	{"time", F_TIME},
	{"provider", F_PROVIDER},
	{"model", F_MODEL},
	{"id", F_ID},
	{"session", F_SESSION},
	{"tier", F_TIER},
	{"input_tokens", F_INPUT},
	{"input_total", F_INPUT_TOTAL},
	{"cache_read_tokens", F_CACHE_READ},
	{"cache_write_tokens", F_CACHE_WRITE},
	{"cache_write_1h_tokens", F_CACHE_WRITE_1H},
	{"output_tokens", F_OUTPUT},
	{"reasoning_tokens", F_REASONING},
	{"web_search_requests", F_WEB_SEARCH},
	{"cost", F_COST},
	{"currency", F_CURRENCY},
};

typedef struct col_map {
	enum field f[CSV_COLS_MAX];
	char tag[CSV_COLS_MAX][LC_TAG_KEY_MAX];
} col_map;

/* One parsed row: cells unescaped into buf, NUL-separated. */
typedef struct row {
	lc_buf buf;
	size_t off[CSV_COLS_MAX];
	size_t len[CSV_COLS_MAX];
	int n;
	int fatal;         /* the error loses the row's end (quoting, size): stop */
	int64_t line;      /* line where the row starts */
	const char *raw;   /* the row's bytes in the file */
	size_t raw_len;
} row;

/* Offset of the first byte that is not valid UTF-8 (overlongs and surrogates refused),
 * or n when all is valid. */
static size_t utf8_bad(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i], k, cp, j;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07;
		else
			return i;
		for (j = 1; j <= k; j++) {
			if (i + j >= n || (p[i + j] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + j] & 0x3F);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += k + 1;
	}
	return n;
}

/* Read the row starting at *pos. Returns 1 with a row, 0 at end of input, <0 on error. */
static int next_row(lcu_file *f, size_t *pos, int64_t *line, row *r)
{
	const char *d = f->data;
	size_t i = *pos, cell_start, q_start = 0;
	int in_q = 0, quoted = 0;
	lcu_src s;

	/* skip blank lines */
	while (i < f->len && (d[i] == '\n' || d[i] == '\r')) {
		if (d[i] == '\n')
			(*line)++;
		i++;
	}
	if (i >= f->len)
		return 0;
	lc_buf_reset(&r->buf);
	r->n = 0;
	r->fatal = 1;
	r->line = *line;
	r->raw = d + i;
	s.name = f->name;
	s.text = d + i;
	s.len = f->len - i;
	s.line = *line;
	s.col = *line == 1 ? f->col0 : 1;
	cell_start = 0;
	for (;; i++) {
		char c = i < f->len ? d[i] : '\n';
		int end = i >= f->len;

		if ((size_t)(d + i - r->raw) > LC_USAGE_RECORD_MAX)
			return lcu_fail(&s, 0, LC_LIMIT, f->err, "row longer than %zu MiB",
					LC_USAGE_RECORD_MAX >> 20);
		if (!end && c == '\0') {
			/* the line can be skipped: the caller resumes after the line holding
			 * the NUL (pos left at the row's start would be read again and again
			 * when blank lines came before it) */
			r->fatal = 0;
			*pos = i;
			return lcu_fail(&s, (size_t)(d + i - r->raw), LC_PARSE, f->err,
					"NUL byte in CSV");
		}
		if (in_q) {
			if (end) {
				/* the quote runs to the end of the file: that is one bad row
				 * (a cut-off export), and nothing follows it to lose */
				r->fatal = 0;
				*pos = f->len;
				return lcu_fail(&s, q_start, LC_PARSE, f->err,
						"unterminated quoted field (starts here)");
			}
			if (c == '"') {
				if (i + 1 < f->len && d[i + 1] == '"') {
					if (lc_buf_append(&r->buf, "\"", 1) < 0)
						return lc_error_set(f->err, LC_NOMEM, "out of memory");
					i++;
				} else {
					in_q = 0;
				}
			} else {
				if (c == '\n')
					(*line)++;
				if (lc_buf_append(&r->buf, &c, 1) < 0)
					return lc_error_set(f->err, LC_NOMEM, "out of memory");
			}
			continue;
		}
		if (c == '"' && !quoted && r->buf.len == cell_start) {
			in_q = quoted = 1;
			q_start = (size_t)(d + i - r->raw);
			continue;
		}
		if (c == ',' || c == '\n' || (c == '\r' && (i + 1 >= f->len || d[i + 1] == '\n'))) {
			if (r->n == CSV_COLS_MAX)
				return lcu_fail(&s, (size_t)(d + i - r->raw), LC_LIMIT, f->err,
						"more than %d columns", CSV_COLS_MAX);
			r->off[r->n] = cell_start;
			r->len[r->n] = r->buf.len - cell_start;
			r->n++;
			if (lc_buf_append(&r->buf, "", 1) < 0) /* NUL separator */
				return lc_error_set(f->err, LC_NOMEM, "out of memory");
			cell_start = r->buf.len;
			quoted = 0;
			if (c == ',')
				continue;
			if (c == '\r')
				i++;
			r->raw_len = (size_t)(d + (i < f->len ? i : f->len) - r->raw);
			*pos = i + 1;
			if (!end)
				(*line)++;
			return 1;
		}
		if (quoted)
			return lcu_fail(&s, (size_t)(d + i - r->raw), LC_PARSE, f->err,
					"text after a closing quote");
		if (lc_buf_append(&r->buf, &c, 1) < 0)
			return lc_error_set(f->err, LC_NOMEM, "out of memory");
	}
}

static const char *cell(const row *r, int i)
{
	return r->buf.data + r->off[i];
}

static int field_of(const char *name, enum field *f, char *tag)
{
	size_t i;

	if (strncasecmp(name, "tag:", 4) == 0) {
		if (!name[4] || strlen(name + 4) >= LC_TAG_KEY_MAX)
			return LC_INVAL;
		memcpy(tag, name + 4, strlen(name + 4) + 1);
		*f = F_TAG;
		return LC_OK;
	}
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcasecmp(fields[i].name, name) == 0) {
			*f = fields[i].f;
			return LC_OK;
		}
	}
	return LC_NOTFOUND;
}

int lcu_csv_header_known(const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len), *p = data, *end;
	int have_time = 0, have_model = 0;

	end = nl ? nl : data + len;
	if (end > p && end[-1] == '\r')
		end--;
	while (p <= end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *e = c ? c : end;
		char name[64];
		size_t k = (size_t)(e - p);
		enum field f;
		char tag[LC_TAG_KEY_MAX];
		if (k >= 2 && p[0] == '"' && e[-1] == '"')
			p++, k -= 2; /* a quoted header name; a field name holds no quote or comma */
		if (k < sizeof name) {
			memcpy(name, p, k);
			name[k] = '\0';
			if (field_of(name, &f, tag) == LC_OK) {
				have_time |= f == F_TIME;
				have_model |= f == F_MODEL;
			}
		}
		p = e + 1;
	}
	return have_time && have_model;
}

/* Apply the mapping (or the default: columns named like fields) to the header row. */
static int build_map(lcu_file *f, const row *hdr, col_map *m)
{
	int i, used[F_TAG + 1] = {0};

	memset(m, 0, sizeof *m);
	if (!f->csv_mapping) {
		for (i = 0; i < hdr->n; i++)
			if (field_of(cell(hdr, i), &m->f[i], m->tag[i]) != LC_OK)
				m->f[i] = F_NONE;
	} else {
		const char *p = f->csv_mapping;
		while (*p) {
			const char *comma = strchr(p, ','), *eq;
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			char item[256], *fname;
			enum field fld;
			char tag[LC_TAG_KEY_MAX];

			if (n >= sizeof item || !(eq = memchr(p, '=', n)))
				return lc_error_set(f->err, LC_INVAL,
						    "csv mapping: expected COLUMN=FIELD in \"%.*s\"",
						    (int)(n > 60 ? 60 : n), p);
			memcpy(item, p, n);
			item[n] = '\0';
			item[eq - p] = '\0';
			fname = item + (eq - p) + 1;
			if (field_of(fname, &fld, tag) != LC_OK)
				return lc_error_set(f->err, LC_INVAL,
						    "csv mapping: unknown field '%s' (see docs/formats/csv.md)",
						    fname);
			for (i = 0; i < hdr->n && strcasecmp(cell(hdr, i), item) != 0; i++)
				;
			if (i == hdr->n)
				return lc_error_set(f->err, LC_NOTFOUND,
						    "%s:%lld: csv mapping: no column '%s' in the header",
						    f->name, (long long)hdr->line, item);
			m->f[i] = fld;
			memcpy(m->tag[i], tag, sizeof tag);
			p += n;
			if (*p == ',')
				p++;
		}
	}
	for (i = 0; i < hdr->n; i++) {
		if (m->f[i] == F_NONE || m->f[i] == F_TAG)
			continue;
		if (used[m->f[i]]++)
			return lc_error_set(f->err, LC_INVAL, "%s:%lld: two columns map to '%s'",
					    f->name, (long long)hdr->line, cell(hdr, i));
	}
	if (!used[F_MODEL])
		return lc_error_set(f->err, LC_PARSE,
					    "%s:%lld: no 'model' column (map one with --csv-map)",
					    f->name, (long long)hdr->line);
	if (!used[F_TIME])
		return lc_error_set(f->err, LC_PARSE,
				    "%s:%lld: no 'time' column (map one with --csv-map)", f->name,
				    (long long)hdr->line);
	return LC_OK;
}

/* Column (1-based) where cell i of the row starts in the file, for messages. */
static int cell_fail(lcu_file *f, const row *r, int i, int code, const char *msg,
		     const char *v)
{
	int64_t col = 1;
	int seen = 0;
	char c[64];
	size_t j;

	for (j = 0; j < r->raw_len && seen < i; j++) {
		if (r->raw[j] == ',')
			seen++; /* good enough for positions: quoted commas are rare in numbers */
		col++;
	}
	return lc_error_set(f->err, code, "%s:%lld:%lld: %s: \"%s\"", f->name,
			    (long long)r->line, (long long)col, msg, lcu_clean(v, c, sizeof c));
}

static int count_of(lcu_file *f, const row *r, int i, int64_t *out)
{
	const char *v = cell(r, i);
	int64_t x = 0;
	size_t k = 0, n = r->len[i];

	while (k < n && v[k] == ' ')
		k++;
	while (n > k && v[n - 1] == ' ')
		n--;
	if (k == n) {
		*out = 0;
		return LC_OK;
	}
	if (v[k] == '-')
		return cell_fail(f, r, i, LC_PARSE, "negative token count", v);
	for (; k < n; k++) {
		if (v[k] < '0' || v[k] > '9')
			return cell_fail(f, r, i, LC_PARSE, "token count must be a whole number", v);
		if (x > LCU_TOKENS_MAX)
			return cell_fail(f, r, i, LC_RANGE, "absurd token count (over 10^13)", v);
		x = x * 10 + (v[k] - '0');
	}
	if (x > LCU_TOKENS_MAX)
		return cell_fail(f, r, i, LC_RANGE, "absurd token count (over 10^13)", v);
	*out = x;
	return LC_OK;
}

static int text_of(lcu_file *f, const row *r, int i, char *dst, size_t cap)
{
	if (r->len[i] >= cap)
		return cell_fail(f, r, i, LC_PARSE, "value too long", cell(r, i));
	memcpy(dst, cell(r, i), r->len[i] + 1);
	return LC_OK;
}

static int time_of(lcu_file *f, const row *r, int i, lc_time_ms *t)
{
	const char *v = cell(r, i);
	size_t n = r->len[i], k;

	for (k = 0; k < n && isdigit((unsigned char)v[k]); k++)
		;
	if (k == n && n >= 9 && n <= 11) { /* unix seconds (8 digits would be a YYYYMMDD date) */
		*t = strtoll(v, NULL, 10) * 1000;
		return LC_OK;
	}
	if (lc_time_parse(v, n, 0, t) != LC_OK)
		return cell_fail(f, r, i, LC_PARSE,
				 "not an RFC 3339 time with a zone (or unix seconds)", v);
	return LC_OK;
}

static int row_usage(lcu_file *f, const col_map *m, const row *r, lc_usage *u)
{
	int64_t total = -1;
	char cur[8] = "USD";
	int i, rc = LC_OK, counted = 0;
	size_t bad;

	bad = utf8_bad((const unsigned char *)r->raw, r->raw_len);
	if (bad < r->raw_len) {
		lcu_src s = {f->name, r->raw, r->raw_len, r->line, r->line == 1 ? f->col0 : 1};
		return lcu_fail(&s, bad, LC_PARSE, f->err, "invalid UTF-8");
	}
	lcu_set_provider(u, f->hint, "");
	for (i = 0; i < r->n && rc == LC_OK; i++) {
		int64_t *dst = NULL;
		switch (m->f[i]) {
		case F_NONE: break;
		case F_TIME: rc = time_of(f, r, i, &u->time); break;
		case F_PROVIDER:
			if (r->len[i] && lc_provider_normalize(cell(r, i), u->provider) != LC_OK)
				rc = cell_fail(f, r, i, LC_PARSE, "bad provider name", cell(r, i));
			break;
		case F_MODEL: rc = text_of(f, r, i, u->model, sizeof u->model); break;
		case F_ID: rc = text_of(f, r, i, u->id, sizeof u->id); break;
		case F_SESSION: rc = text_of(f, r, i, u->session, sizeof u->session); break;
		case F_TIER: lcu_set_tier(u, cell(r, i)); break;
		case F_INPUT: dst = &u->input_tokens; break;
		case F_INPUT_TOTAL: dst = &total; break;
		case F_CACHE_READ: dst = &u->cache_read_tokens; break;
		case F_CACHE_WRITE: dst = &u->cache_write_5m_tokens; break;
		case F_CACHE_WRITE_1H: dst = &u->cache_write_1h_tokens; break;
		case F_OUTPUT: dst = &u->output_tokens; break;
		case F_REASONING: dst = &u->reasoning_tokens; break;
		case F_WEB_SEARCH: dst = &u->web_search_requests; break;
		case F_COST:
			if (r->len[i] == 0)
				break;
			if (lc_money_parse(cell(r, i), r->len[i], &u->source_cost) != LC_OK)
				rc = cell_fail(f, r, i, LC_PARSE, "not an exact decimal amount", cell(r, i));
			u->has_source_cost = 1;
			break;
		case F_CURRENCY:
			if (r->len[i] != 3)
				rc = cell_fail(f, r, i, LC_PARSE, "bad currency code", cell(r, i));
			else
				rc = text_of(f, r, i, cur, sizeof cur);
			break;
		case F_TAG:
			if (r->len[i] && lc_usage_set_tag(u, m->tag[i], cell(r, i)) != LC_OK)
				rc = cell_fail(f, r, i, LC_PARSE, "tag value too long", cell(r, i));
			break;
		}
		if (dst)
			rc = count_of(f, r, i, dst);
		counted |= dst && dst != &u->reasoning_tokens;
	}
	if (rc < 0)
		return rc;
	/* no token column at all (a cost-only export): the row carries no usage, and zeros
	 * would price it at nothing; flagged, it costs what its source reported */
	if (!counted)
		u->flags |= LC_USAGE_NO_USAGE;
	if (total >= 0) {
		int64_t cached = u->cache_read_tokens + u->cache_write_5m_tokens +
				 u->cache_write_1h_tokens;
		if (cached > total)
			return lc_error_set(f->err, LC_PARSE,
					    "%s:%lld:1: input_total %lld is less than the cache tokens %lld",
					    f->name, (long long)r->line, (long long)total,
					    (long long)cached);
		u->input_tokens = total - cached;
	}
	if (!u->model[0])
		return lc_error_set(f->err, LC_PARSE, "%s:%lld:1: empty model", f->name,
				    (long long)r->line);
	if (!u->provider[0])
		return lc_error_set(f->err, LC_PARSE,
				    "%s:%lld:1: no provider (add a provider column or --provider)",
				    f->name, (long long)r->line);
	if (u->has_source_cost)
		for (i = 0; i < 3; i++)
			u->source_currency[i] = (char)toupper((unsigned char)cur[i]);
	if (u->id[0]) {
		char own[LC_ID_MAX];
		const char *parts[2] = {u->provider, own};
		memcpy(own, u->id, sizeof own);
		lcu_set_id(u, parts, 2);
	} else {
		char line[24];
		const char *parts[3] = {"csv", f->name, line};
		snprintf(line, sizeof line, "%lld", (long long)r->line);
		lcu_set_id(u, parts, 3);
	}
	return LC_OK;
}

int lcu_parse_csv(lcu_file *f)
{
	col_map *m = calloc(1, sizeof *m);
	row *r = calloc(1, sizeof *r);
	size_t pos = 0;
	int64_t line = 1;
	int rc;

	if (!m || !r) {
		rc = lc_error_set(f->err, LC_NOMEM, "out of memory");
		goto out;
	}
	lc_buf_init(&r->buf, LC_USAGE_RECORD_MAX);
	rc = next_row(f, &pos, &line, r);
	if (rc <= 0) {
		if (rc == 0)
			rc = lc_error_set(f->err, LC_PARSE, "%s: no header row", f->name);
		goto out;
	}
	if ((rc = build_map(f, r, m)) < 0)
		goto out;
	for (;;) {
		lc_usage u;
		rc = next_row(f, &pos, &line, r);
		if (rc == 0)
			break;
		if (rc < 0) {
			if (r->fatal)
				goto out;
			/* a NUL byte (pos is on it): skip to the next line (an
			 * unterminated quote at the end already moved pos to the end) */
			if ((rc = lcu_bad(f, rc)) < 0)
				goto out;
			while (pos < f->len && f->data[pos] != '\n')
				pos++;
			continue;
		}
		lc_usage_init(&u);
		rc = row_usage(f, m, r, &u);
		if (rc < 0) {
			if ((rc = lcu_bad(f, rc)) < 0)
				goto out;
			continue;
		}
		if ((rc = lcu_emit(f, &u, r->line)) != 0)
			goto out;
	}
	rc = LC_OK;
out:
	if (r)
		lc_buf_free(&r->buf);
	free(r);
	free(m);
	return rc;
}
