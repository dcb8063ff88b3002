/*
 * fx.c - a user-supplied, dated FX table (docs/formats/fx.md) for reports in another
 * currency: CSV lines "date,from,to,rate". A conversion at instant t uses the latest rate
 * of the pair dated at or before t; when only the opposite pair is given, the amount is
 * divided by its rate. Both multiply or divide exactly and round half-even to the atto unit
 * (the one place where converted money is rounded). Errors name file:line.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

#define FX_MAX_LINES 1000000
#define FX_MAX_BYTES (64u << 20)
#define I128_MAX_ ((lc_i128)(((unsigned __int128)1 << 127) - 1))

typedef struct fx_rate {
	char from[4], to[4];
	lc_time_ms date;
	lc_money rate;
} fx_rate;

struct lc_fx {
	fx_rate *v;
	size_t n;
};

static int rate_cmp(const void *a, const void *b)
{
	const fx_rate *x = a, *y = b;
	int c = strcmp(x->from, y->from);
	if (!c)
		c = strcmp(x->to, y->to);
	if (!c)
		c = (x->date > y->date) - (x->date < y->date);
	return c;
}

static int is_code(const char *s, size_t n)
{
	return n == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' &&
	       s[2] <= 'Z';
}

void lc_fx_free(lc_fx *fx)
{
	if (!fx)
		return;
	free(fx->v);
	free(fx);
}

int lc_fx_parse(const char *data, size_t len, const char *name, lc_fx **out, lc_error *err)
{
	lc_fx *fx = calloc(1, sizeof *fx);
	size_t cap = 0, pos = 0;
	long line = 0;
	int rc = 0;

	*out = NULL;
	if (!fx)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	if (len > FX_MAX_BYTES) {
		rc = lc_error_set(err, LC_LIMIT, "%s: larger than %u bytes", name, FX_MAX_BYTES);
		goto out;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		pos = 3; /* a UTF-8 byte-order mark */
	while (pos < len) {
		const char *s = data + pos, *f[4];
		size_t n = 0, fl[4], nf = 0;
		fx_rate r;
		while (pos + n < len && s[n] != '\n')
			n++;
		pos += n + 1;
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (n == 0 || s[0] == '#')
			continue;
		if (memchr(s, '\0', n)) {
			rc = lc_error_set(err, LC_PARSE, "%s:%ld: NUL byte", name, line);
			goto out;
		}
		for (size_t i = 0, start = 0; i <= n; i++)
			if (i == n || s[i] == ',') {
				if (nf < 4) {
					f[nf] = s + start;
					fl[nf] = i - start;
					while (fl[nf] && (f[nf][0] == ' ' || f[nf][0] == '\t'))
						f[nf]++, fl[nf]--;
					while (fl[nf] && (f[nf][fl[nf] - 1] == ' ' || f[nf][fl[nf] - 1] == '\t'))
						fl[nf]--;
				}
				nf++;
				start = i + 1;
			}
		if (nf != 4) {
			rc = lc_error_set(err, LC_PARSE, "%s:%ld: expected 4 fields date,from,to,rate, got %zu",
					  name, line, nf);
			goto out;
		}
		if (line == 1 && fl[0] == 4 && memcmp(f[0], "date", 4) == 0)
			continue; /* header */
		memset(&r, 0, sizeof r);
		if (lc_time_parse(f[0], fl[0], 1, &r.date) != 0) {
			rc = lc_error_set(err, LC_PARSE, "%s:%ld: bad date '%.*s'", name, line, (int)fl[0], f[0]);
			goto out;
		}
		if (!is_code(f[1], fl[1]) || !is_code(f[2], fl[2])) {
			rc = lc_error_set(err, LC_PARSE, "%s:%ld: currencies are 3-letter codes like USD", name,
					  line);
			goto out;
		}
		memcpy(r.from, f[1], 3);
		memcpy(r.to, f[2], 3);
		if (lc_money_parse(f[3], fl[3], &r.rate) != 0 || r.rate.atto <= 0 ||
		    r.rate.atto > (lc_i128)1000000000 * 1000000000000000000LL) {
			rc = lc_error_set(err, LC_PARSE, "%s:%ld: bad rate '%.*s' (a positive decimal)", name,
					  line, (int)fl[3], f[3]);
			goto out;
		}
		if (fx->n == cap) {
			fx_rate *nv;
			if (fx->n >= FX_MAX_LINES) {
				rc = lc_error_set(err, LC_LIMIT, "%s:%ld: more than %d rates", name, line,
						  FX_MAX_LINES);
				goto out;
			}
			cap = cap ? cap * 2 : 64;
			if (!(nv = realloc(fx->v, cap * sizeof *nv))) {
				rc = lc_error_set(err, LC_NOMEM, "out of memory");
				goto out;
			}
			fx->v = nv;
		}
		fx->v[fx->n++] = r;
	}
	if (fx->n)
		qsort(fx->v, fx->n, sizeof *fx->v, rate_cmp);
out:
	if (rc) {
		lc_fx_free(fx);
		return rc;
	}
	*out = fx;
	return 0;
}

int lc_fx_load(const char *path, lc_fx **out, lc_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;
	*out = NULL;
	if ((rc = lc_read_file(path, FX_MAX_BYTES, &data, &len, err)) != 0)
		return rc;
	rc = lc_fx_parse(data, len, path, out, err);
	free(data);
	return rc;
}

/* Latest rate of from->to dated at or before at; NULL when none. */
static const fx_rate *find(const lc_fx *fx, const char *from, const char *to, lc_time_ms at)
{
	const fx_rate *best = NULL;
	for (size_t i = 0; fx && i < fx->n; i++) {
		const fx_rate *r = &fx->v[i];
		if (strcmp(r->from, from) == 0 && strcmp(r->to, to) == 0 && r->date <= at)
			best = r; /* sorted by date within a pair */
	}
	return best;
}

/* m / d (both atto-scaled decimals), rounded half-even: long division in steps of 10^9 so
 * that no intermediate overflows for rates up to 10^9. */
static int div_dec(lc_money m, lc_money d, lc_money *out)
{
	lc_i128 a = m.atto < 0 ? -m.atto : m.atto, q, r;
	const lc_i128 step = 1000000000;
	q = a / d.atto;
	r = a % d.atto;
	for (int i = 0; i < 2; i++) {
		/* r < d <= 10^27, so r * step fits; q * step may not (a huge amount) */
		r *= step;
		if (__builtin_mul_overflow(q, step, &q) || __builtin_add_overflow(q, r / d.atto, &q))
			return LC_RANGE;
		r %= d.atto;
	}
	if (q == I128_MAX_)
		return LC_RANGE; /* rounding up below would overflow */
	if (r * 2 > d.atto || (r * 2 == d.atto && (q & 1)))
		q++;
	out->atto = m.atto < 0 ? -q : q;
	return 0;
}

int lc_fx_convert(const lc_fx *fx, lc_money m, const char *from, const char *to, lc_time_ms at,
		  lc_money *out, lc_error *err)
{
	const fx_rate *r;
	if (strcmp(from, to) == 0) {
		*out = m;
		return 0;
	}
	if ((r = find(fx, from, to, at)))
		return lc_money_mul_dec(m, r->rate, out) == 0
			       ? 0
			       : lc_error_set(err, LC_RANGE, "%s->%s: amount out of range", from, to);
	if ((r = find(fx, to, from, at)))
		return div_dec(m, r->rate, out) == 0
			       ? 0
			       : lc_error_set(err, LC_RANGE, "%s->%s: amount out of range", from, to);
	{
		char when[40];
		lc_time_format(at, when, sizeof when);
		return lc_error_set(err, LC_NOTFOUND, "no %s->%s rate dated at or before %s", from, to, when);
	}
}
