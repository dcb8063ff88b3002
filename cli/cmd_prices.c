/*
 * cmd_prices.c - `llmcost prices list|show|import|diff`: browse the price catalog, convert
 * a genai-prices or LiteLLM file into a price file usable through $LLMCOST_PRICES, and
 * compare two catalogs. list and show live here; import and diff in prices_diff.c.
 * Prices are shown per million tokens (web search per thousand requests), exactly.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/prices.h"

static const char usage_text[] =
	"usage: llmcost prices list [--provider P] [--at DATE] [--json]\n"
	"       llmcost prices show MODEL [--provider P] [--at DATE] [--json]\n"
	"       llmcost prices import FILE [--format genai-prices|litellm|llmcost] [--out FILE]\n"
	"       llmcost prices diff A B [--at DATE] [--json]\n"
	"\n"
	"The catalog is the bundled one (genai-prices + LiteLLM) plus $LLMCOST_PRICES or\n"
	"$XDG_CONFIG_HOME/llmcost/prices.json when present. Prices are per million tokens.\n"
	"In diff, A and B are price files, or 'bundled' / 'default' for the built-in catalogs.\n";

const char *const prices_kind_key[LC_KIND_COUNT] = {
	"input_mtok", "cache_read_mtok", "cache_write_mtok", "cache_write_1h_mtok", "output_mtok",
	"web_searches_kcount", "requests_kcount",
};

int prices_help(void)
{
	fputs(usage_text, stdout);
	return 0;
}

/* Exact per-Mtok (per-thousand for web search and requests) text of a per-token rate. */
const char *prices_fmt(lc_money rate, int kind, char *buf)
{
	lc_money m;
	if (lc_money_scale10(rate, kind >= LC_KIND_WEB_SEARCH ? 3 : 6, &m) != 0 ||
	    lc_money_format(m, -1, buf, LC_MONEY_STRMAX) < 0)
		snprintf(buf, LC_MONEY_STRMAX, "?");
	return buf;
}

int prices_parse_at(const char *s, lc_time_ms *at)
{
	return lc_time_parse(s, (size_t)-1, 1, at);
}

static void day_of(lc_time_ms t, char *buf, size_t cap)
{
	if (t == LC_TIME_NONE) {
		snprintf(buf, cap, "-");
		return;
	}
	lc_time_format(t, buf, cap);
	if (cap > 10)
		buf[10] = '\0';
}

/* ------------------------------------------------------------------ list */

static int list(lc_catalog *cat, const char *provider, lc_time_ms at, int json)
{
	char norm[LC_PROVIDER_MAX];
	size_t n = lc_catalog_count(cat), shown = 0;
	size_t found = 0;
	int wp = 8, wm = 5;
	lc_buf out;
	/* the spellings the other commands accept ("xai" is the catalog's "x-ai") */
	if (provider && lc_provider_normalize(provider, norm) == LC_OK)
		provider = norm;
	lc_buf_init(&out, (size_t)1 << 30);

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && !json && found)
			lc_buf_printf(&out, "%-*s  %-*s  %10s  %10s  %10s  %10s  %10s  %-3s  %s\n", wp,
				      "PROVIDER", wm, "MODEL", "INPUT", "CACHED", "WRITE-5M", "WRITE-1H",
				      "OUTPUT", "CUR", "SOURCE");
		if (pass == 1 && json)
			lc_buf_puts(&out, "[");
		for (size_t i = 0; i < n; i++) {
			lc_catalog_model m;
			lc_rates r;
			char v[LC_KIND_COUNT][LC_MONEY_STRMAX];
			if (lc_catalog_model_at(cat, i, &m) != 0 || m.shadowed ||
			    (provider && strcasecmp(m.provider, provider)))
				continue;
			if (lc_catalog_row_at(cat, i, at, LC_TIER_STANDARD, &r) != 0)
				continue;
			if (pass == 0) {
				int lp = (int)strlen(m.provider), lm = (int)strlen(m.model);
				wp = lp > wp ? lp : wp;
				wm = lm > wm ? lm : wm;
				found++;
				continue;
			}
			for (int k = 0; k < LC_KIND_COUNT; k++)
				if (r.given >> k & 1)
					prices_fmt(r.rate[0][k], k, v[k]);
				else
					snprintf(v[k], sizeof v[k], "-");
			if (json) {
				lc_buf_puts(&out, shown++ ? ",\n {\"provider\": " : "\n {\"provider\": ");
				lc_buf_json_str(&out, m.provider, strlen(m.provider));
				lc_buf_puts(&out, ", \"model\": ");
				lc_buf_json_str(&out, m.model, strlen(m.model));
				lc_buf_puts(&out, ", \"name\": ");
				lc_buf_json_str(&out, m.name, strlen(m.name));
				for (int k = 0; k < LC_KIND_COUNT; k++) {
					if (r.given >> k & 1)
						lc_buf_printf(&out, ", \"%s\": \"%s\"", prices_kind_key[k], v[k]);
					else
						lc_buf_printf(&out, ", \"%s\": null", prices_kind_key[k]);
				}
				lc_buf_printf(&out, ", \"currency\": \"%s\", \"source\": \"%s\", \"price_id\": ",
					      r.currency, r.price_source);
				lc_buf_json_str(&out, r.price_id, strlen(r.price_id));
				lc_buf_printf(&out, ", \"context_window\": %lld, \"max_output_tokens\": %lld}",
					      (long long)m.context_window, (long long)m.max_output_tokens);
			} else {
				lc_buf_printf(&out, "%-*s  %-*s  %10s  %10s  %10s  %10s  %10s  %-3s  %s\n", wp,
					      m.provider, wm, m.model, v[LC_KIND_INPUT], v[LC_KIND_CACHE_READ],
					      v[LC_KIND_CACHE_WRITE_5M], v[LC_KIND_CACHE_WRITE_1H],
					      v[LC_KIND_OUTPUT], r.currency, r.price_source);
				shown++;
			}
		}
	}
	if (json)
		lc_buf_puts(&out, shown ? "\n]\n" : "]\n");
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	lc_buf_free(&out);
	if (!shown && provider) {
		fprintf(stderr, "llmcost prices: no models for provider '%s'\n", provider);
		return EXIT_NOTFOUND;
	}
	return 0;
}

/* ------------------------------------------------------------------ show */

static void show_text_row(const lc_rates *r, int in_force)
{
	char day[32], v[LC_MONEY_STRMAX];
	static const char *const label[] = {"input", "cached", "write-5m", "write-1h", "output",
					    "web-search/1k", "requests/1k"};
	day_of(r->start, day, sizeof day);
	printf("%s %s  tier %s, from %s", in_force ? "*" : " ", r->price_id, lc_tier_name(r->tier), day);
	if (r->tod_start >= 0)
		printf(", daily %02d:%02d-%02d:%02d UTC", r->tod_start / 3600, r->tod_start / 60 % 60,
		       r->tod_end / 3600, r->tod_end / 60 % 60);
	printf(", %s, %s\n", r->currency, r->price_source);
	for (int lv = 0; lv < r->nlevels; lv++) {
		if (lv == 0)
			printf("    ");
		else
			printf("    above %lld input tokens: ", (long long)r->threshold[lv]);
		for (int k = 0; k < LC_KIND_COUNT; k++) {
			if (k >= LC_KIND_WEB_SEARCH && !(r->given >> k & 1))
				continue;
			printf("%s%s %s%s", k ? "  " : "", label[k], prices_fmt(r->rate[lv][k], k, v),
			       r->given >> k & 1 ? "" : "*");
		}
		printf("\n");
	}
}

static void show_json_row(lc_buf *b, const lc_rates *r, int in_force)
{
	char day[32], v[LC_MONEY_STRMAX];
	day_of(r->start, day, sizeof day);
	lc_buf_puts(b, "{\"price_id\": ");
	lc_buf_json_str(b, r->price_id, strlen(r->price_id));
	lc_buf_printf(b, ", \"source\": \"%s\", \"tier\": \"%s\", \"start_date\": ", r->price_source,
		      lc_tier_name(r->tier));
	if (r->start == LC_TIME_NONE)
		lc_buf_puts(b, "null");
	else
		lc_buf_printf(b, "\"%s\"", day);
	lc_buf_printf(b, ", \"currency\": \"%s\", \"in_force\": %s, \"levels\": [", r->currency,
		      in_force ? "true" : "false");
	for (int lv = 0; lv < r->nlevels; lv++) {
		lc_buf_printf(b, "%s{\"above_input_tokens\": %lld", lv ? ", " : "",
			      (long long)r->threshold[lv]);
		for (int k = 0; k < LC_KIND_COUNT; k++)
			lc_buf_printf(b, ", \"%s\": \"%s\"", prices_kind_key[k], prices_fmt(r->rate[lv][k], k, v));
		lc_buf_puts(b, "}");
	}
	lc_buf_puts(b, "], \"derived\": [");
	for (int k = 0, n = 0; k < LC_KIND_COUNT; k++)
		if (!(r->given >> k & 1))
			lc_buf_printf(b, "%s\"%s\"", n++ ? ", " : "", prices_kind_key[k]);
	lc_buf_puts(b, "]}");
}

static int show(lc_catalog *cat, const char *provider, const char *model, lc_time_ms at, int json)
{
	size_t idx;
	lc_catalog_model m;
	lc_rates now;
	lc_buf b;
	char at_s[40];

	if (lc_catalog_find(cat, provider, model, &idx) != 0 || lc_catalog_model_at(cat, idx, &m) != 0) {
		fprintf(stderr, "llmcost prices: no price known for model '%s'\n", model);
		return EXIT_NOTFOUND;
	}
	/* a model with only service-tier rows has no standard row in force: show its rows anyway */
	if (lc_catalog_row_at(cat, idx, at, LC_TIER_STANDARD, &now) != 0)
		now.price_id[0] = '\0';
	lc_time_format(at, at_s, sizeof at_s);
	lc_buf_init(&b, (size_t)1 << 24);
	if (json) {
		char fm[LC_MONEY_STRMAX];
		lc_buf_puts(&b, "{\"provider\": ");
		lc_buf_json_str(&b, m.provider, strlen(m.provider));
		lc_buf_puts(&b, ", \"model\": ");
		lc_buf_json_str(&b, m.model, strlen(m.model));
		lc_buf_puts(&b, ", \"name\": ");
		lc_buf_json_str(&b, m.name, strlen(m.name));
		lc_buf_printf(&b, ", \"source\": \"%s\", \"context_window\": %lld, \"max_output_tokens\": %lld",
			      m.source, (long long)m.context_window, (long long)m.max_output_tokens);
		if (!lc_money_is_zero(now.fast_multiplier)) {
			lc_money_format(now.fast_multiplier, -1, fm, sizeof fm);
			lc_buf_printf(&b, ", \"fast_multiplier\": \"%s\"", fm);
		}
		lc_buf_printf(&b, ", \"at\": \"%s\", \"price_id_at\": ", at_s);
		lc_buf_json_str(&b, now.price_id, strlen(now.price_id));
		lc_buf_puts(&b, ", \"rows\": [");
	} else {
		printf("%s/%s", m.provider, m.model);
		if (strcmp(m.name, m.model))
			printf(" (%s)", m.name);
		printf("  source %s", m.source);
		if (m.context_window)
			printf(", context %lld", (long long)m.context_window);
		if (m.max_output_tokens)
			printf(", max output %lld", (long long)m.max_output_tokens);
		if (!lc_money_is_zero(now.fast_multiplier)) {
			char fm[LC_MONEY_STRMAX];
			printf(", fast mode x%s", cli_money(now.fast_multiplier, -1, fm));
		}
		printf("\nprices per million tokens; * after a price: derived, not in the data;"
		       " * before a row: in force at %s\n", at_s);
	}
	for (size_t j = 0; j < m.nrows; j++) {
		lc_rates r;
		int in_force;
		if (lc_catalog_row(cat, idx, j, &r) != 0)
			continue;
		in_force = strcmp(r.price_id, now.price_id) == 0;
		if (json) {
			lc_buf_puts(&b, j ? ",\n  " : "\n  ");
			show_json_row(&b, &r, in_force);
		} else
			show_text_row(&r, in_force);
	}
	if (json) {
		lc_buf_puts(&b, "\n]}\n");
		fwrite(b.data, 1, b.len, stdout);
	}
	lc_buf_free(&b);
	return 0;
}

/* ------------------------------------------------------------------ dispatch */

int cmd_prices(int argc, char **argv)
{
	const char *provider = NULL, *pos[2] = {NULL, NULL}, *sub;
	lc_time_ms at = lc_time_now();
	int json = 0, npos = 0, rc;
	lc_catalog *cat = NULL;
	lc_error err = {0};

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	sub = argv[1];
	if (strcmp(sub, "import") == 0)
		return prices_import(argc - 1, argv + 1);
	if (strcmp(sub, "diff") == 0)
		return prices_diff(argc - 1, argv + 1);
	if (strcmp(sub, "list") && strcmp(sub, "show"))
		return cli_usage("prices", "unknown subcommand '%s'", sub);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0)
			return prices_help();
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--provider") == 0 && i + 1 < argc)
			provider = argv[++i];
		else if (strcmp(argv[i], "--at") == 0 && i + 1 < argc) {
			if (prices_parse_at(argv[++i], &at) != 0)
				return cli_usage("prices", "--at: not a date or time: '%s'", argv[i]);
		} else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage("prices", "unknown option '%s'", argv[i]);
		else if (npos < 1)
			pos[npos++] = argv[i];
		else
			return cli_usage("prices", "unexpected argument '%s'", argv[i]);
	}
	if (strcmp(sub, "show") == 0 && !pos[0])
		return cli_usage("prices", "show needs a MODEL");
	if (strcmp(sub, "list") == 0 && pos[0])
		return cli_usage("prices", "unexpected argument '%s'", pos[0]);
	if ((rc = lc_catalog_open_default(&cat, &err)) != 0)
		return cli_fail("prices", rc, err.msg);
	rc = strcmp(sub, "list") == 0 ? list(cat, provider, at, json) : show(cat, provider, pos[0], at, json);
	lc_catalog_free(cat);
	return rc;
}
