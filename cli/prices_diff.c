/*
 * prices_diff.c - `llmcost prices import` (validate a genai-prices, LiteLLM or llmcost price
 * file, report what it holds, optionally write it as an llmcost price file) and
 * `llmcost prices diff A B` (models added, removed, and whose prices in force changed).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/prices.h"

/* ------------------------------------------------------------------ import */

static int parse_format(const char *s, lc_price_format *f)
{
	if (strcmp(s, "genai-prices") == 0 || strcmp(s, "genai") == 0)
		*f = LC_PRICES_GENAI;
	else if (strcmp(s, "litellm") == 0)
		*f = LC_PRICES_LITELLM;
	else if (strcmp(s, "llmcost") == 0)
		*f = LC_PRICES_OVERRIDE;
	else if (strcmp(s, "auto") == 0)
		*f = LC_PRICES_AUTO;
	else
		return -1;
	return 0;
}

static size_t count_providers(const lc_catalog *cat, size_t *rows)
{
	size_t n = lc_catalog_count(cat), np = 0;
	const char *last = NULL;
	*rows = 0;
	for (size_t i = 0; i < n; i++) {
		lc_catalog_model m;
		if (lc_catalog_model_at(cat, i, &m) != 0)
			continue;
		for (size_t j = 0; j < m.nrows; j++) {
			lc_rates r;
			/* rows a provider tier rule derived are not in the file */
			if (lc_catalog_row(cat, i, j, &r) == 0 && !strstr(r.price_id, "(rule)"))
				++*rows;
		}
		if (!last || strcmp(last, m.provider) != 0)
			np++; /* models are grouped by provider */
		last = m.provider;
	}
	return np;
}

int prices_import(int argc, char **argv)
{
	const char *file = NULL, *outp = NULL;
	lc_price_format fmt = LC_PRICES_AUTO;
	lc_catalog *cat = NULL;
	lc_error err = {0};
	size_t rows, np;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0)
			return prices_help();
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (parse_format(argv[++i], &fmt) != 0)
				return cli_usage("prices", "--format: expected genai-prices, litellm or llmcost");
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			outp = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage("prices", "unknown option '%s'", argv[i]);
		else if (!file)
			file = argv[i];
		else
			return cli_usage("prices", "unexpected argument '%s'", argv[i]);
	}
	if (!file)
		return cli_usage("prices", "import needs a FILE");
	if ((rc = lc_catalog_open_file(file, fmt, &cat, &err)) != 0)
		return cli_fail("prices", rc, err.msg);
	np = count_providers(cat, &rows);
	fprintf(stderr, "%s: %zu providers, %zu models, %zu price rows\n", file, np,
		lc_catalog_count(cat), rows);
	if (outp) {
		lc_buf b;
		FILE *f;
		lc_buf_init(&b, (size_t)1 << 30);
		rc = lc_catalog_write_json(cat, &b, &err);
		if (rc == 0) {
			f = strcmp(outp, "-") == 0 ? stdout : fopen(outp, "w");
			if (!f || fwrite(b.data, 1, b.len, f) != b.len || (f != stdout && fclose(f) != 0)) {
				rc = lc_error_set(&err, LC_IO, "%s: cannot write", outp);
				f = NULL;
			}
			if (rc == 0 && f != stdout)
				fprintf(stderr, "wrote %s (use it with LLMCOST_PRICES=%s)\n", outp, outp);
		}
		lc_buf_free(&b);
	}
	lc_catalog_free(cat);
	return rc ? cli_fail("prices", rc, err.msg) : 0;
}

/* ------------------------------------------------------------------ diff */

typedef struct key {
	const char *provider, *model;
	size_t index;
} key;

static int key_cmp(const void *a, const void *b)
{
	const key *x = a, *y = b;
	int c = strcmp(x->provider, y->provider);
	return c ? c : strcmp(x->model, y->model);
}

static key *keys_of(const lc_catalog *cat, size_t *n)
{
	size_t total = lc_catalog_count(cat), k = 0;
	key *v = calloc(total + 1, sizeof *v);
	for (size_t i = 0; v && i < total; i++) {
		lc_catalog_model m;
		if (lc_catalog_model_at(cat, i, &m) == 0 && !m.shadowed) {
			v[k].provider = m.provider, v[k].model = m.model, v[k].index = i;
			k++;
		}
	}
	if (v)
		qsort(v, k, sizeof *v, key_cmp);
	*n = k;
	return v;
}

static int open_named(const char *name, lc_catalog **cat, lc_error *err)
{
	if (strcmp(name, "bundled") == 0)
		return lc_catalog_open_bundled(cat, err);
	if (strcmp(name, "default") == 0)
		return lc_catalog_open_default(cat, err);
	return lc_catalog_open_file(name, LC_PRICES_AUTO, cat, err);
}

/* Compare the standard rows in force at `at`; appends "kind a -> b" items to out. */
static int compare(const lc_catalog *a, const key *ka, const lc_catalog *b, const key *kb,
		   lc_time_ms at, int json, lc_buf *out)
{
	lc_rates ra, rb;
	int n = 0;
	char x[LC_MONEY_STRMAX], y[LC_MONEY_STRMAX], t[LC_MONEY_STRMAX];
	if (lc_catalog_row_at(a, ka->index, at, LC_TIER_STANDARD, &ra) != 0 ||
	    lc_catalog_row_at(b, kb->index, at, LC_TIER_STANDARD, &rb) != 0)
		return 0;
	for (int lv = 0; lv < LC_RATE_LEVELS; lv++)
		for (int k = 0; k < LC_KIND_COUNT; k++) {
			int ga = lv < ra.nlevels && (ra.given >> k & 1);
			int gb = lv < rb.nlevels && (rb.given >> k & 1);
			if (!ga && !gb)
				continue;
			if (ga && gb && lc_money_cmp(ra.rate[lv][k], rb.rate[lv][k]) == 0 &&
			    ra.threshold[lv] == rb.threshold[lv])
				continue;
			snprintf(x, sizeof x, "%s", ga ? prices_fmt(ra.rate[lv][k], k, t) : "-");
			snprintf(y, sizeof y, "%s", gb ? prices_fmt(rb.rate[lv][k], k, t) : "-");
			if (json)
				lc_buf_printf(out, "%s{\"kind\": \"%s\", \"above_input_tokens\": %lld, "
					      "\"from\": %s%s%s, \"to\": %s%s%s}", n ? ", " : "",
					      prices_kind_key[k], (long long)(lv < ra.nlevels ? ra.threshold[lv]
									    : rb.threshold[lv]),
					      ga ? "\"" : "", ga ? x : "null", ga ? "\"" : "",
					      gb ? "\"" : "", gb ? y : "null", gb ? "\"" : "");
			else
				lc_buf_printf(out, "%s%s%s %s -> %s", n ? ", " : "", prices_kind_key[k],
					      lv ? " (long context)" : "", x, y);
			n++;
		}
	/* also beside changed prices: "1 -> 7" alone would read as a sevenfold rise */
	if (strcmp(ra.currency, rb.currency) != 0) {
		lc_buf_printf(out, json ? "%s{\"kind\": \"currency\", \"from\": \"%s\", \"to\": \"%s\"}"
					: "%scurrency %s -> %s", n ? ", " : "", ra.currency, rb.currency);
		n++;
	}
	return n;
}

static void put_key(lc_buf *b, const key *k)
{
	lc_buf_puts(b, "{\"provider\": ");
	lc_buf_json_str(b, k->provider, strlen(k->provider));
	lc_buf_puts(b, ", \"model\": ");
	lc_buf_json_str(b, k->model, strlen(k->model));
}

int prices_diff(int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL};
	lc_time_ms at = lc_time_now();
	lc_catalog *ca = NULL, *cb = NULL;
	key *ka = NULL, *kb = NULL;
	size_t na = 0, nb = 0, i = 0, j = 0, added = 0, removed = 0, changed = 0;
	lc_error err = {0};
	lc_buf out, items;
	int json = 0, npos = 0, rc;

	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--help") == 0)
			return prices_help();
		if (strcmp(argv[a], "--json") == 0)
			json = 1;
		else if (strcmp(argv[a], "--at") == 0 && a + 1 < argc) {
			if (prices_parse_at(argv[++a], &at) != 0)
				return cli_usage("prices", "--at: not a date or time: '%s'", argv[a]);
		} else if (argv[a][0] == '-' && argv[a][1])
			return cli_usage("prices", "unknown option '%s'", argv[a]);
		else if (npos < 2)
			pos[npos++] = argv[a];
		else
			return cli_usage("prices", "unexpected argument '%s'", argv[a]);
	}
	if (npos != 2)
		return cli_usage("prices", "diff needs two catalogs A B");
	if ((rc = open_named(pos[0], &ca, &err)) != 0 || (rc = open_named(pos[1], &cb, &err)) != 0) {
		lc_catalog_free(ca);
		return cli_fail("prices", rc, err.msg);
	}
	ka = keys_of(ca, &na);
	kb = keys_of(cb, &nb);
	lc_buf_init(&out, (size_t)1 << 30);
	lc_buf_init(&items, (size_t)1 << 20);
	if (!ka || !kb) {
		rc = cli_fail("prices", LC_NOMEM, NULL);
		goto out;
	}
	if (json)
		lc_buf_puts(&out, "{\"changes\": [");
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : key_cmp(&ka[i], &kb[j]);
		const char *sep = added + removed + changed ? ",\n " : "\n ";
		if (c < 0) {
			if (json) {
				lc_buf_puts(&out, sep);
				put_key(&out, &ka[i]);
				lc_buf_puts(&out, ", \"change\": \"removed\"}");
			} else
				lc_buf_printf(&out, "- %s/%s\n", ka[i].provider, ka[i].model);
			removed++, i++;
		} else if (c > 0) {
			if (json) {
				lc_buf_puts(&out, sep);
				put_key(&out, &kb[j]);
				lc_buf_puts(&out, ", \"change\": \"added\"}");
			} else
				lc_buf_printf(&out, "+ %s/%s\n", kb[j].provider, kb[j].model);
			added++, j++;
		} else {
			lc_buf_reset(&items);
			if (compare(ca, &ka[i], cb, &kb[j], at, json, &items) > 0) {
				if (json) {
					lc_buf_puts(&out, sep);
					put_key(&out, &ka[i]);
					lc_buf_printf(&out, ", \"change\": \"changed\", \"prices\": [%s]}", items.data);
				} else
					lc_buf_printf(&out, "~ %s/%s: %s\n", ka[i].provider, ka[i].model, items.data);
				changed++;
			}
			i++, j++;
		}
	}
	if (json)
		lc_buf_printf(&out, "%s], \"added\": %zu, \"removed\": %zu, \"changed\": %zu}\n",
			      added + removed + changed ? "\n" : "", added, removed, changed);
	else
		lc_buf_printf(&out, "%zu added, %zu removed, %zu changed\n", added, removed, changed);
	fwrite(out.data, 1, out.len, stdout);
	rc = 0;
out:
	lc_buf_free(&out);
	lc_buf_free(&items);
	free(ka);
	free(kb);
	lc_catalog_free(ca);
	lc_catalog_free(cb);
	return rc;
}
