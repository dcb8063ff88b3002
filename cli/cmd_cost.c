/*
 * cmd_cost.c - `llmcost cost`: price one saved API response or stream. The file (or
 * standard input) is normalized by lc_usage_from_text (any provider shape, JSON or SSE),
 * priced by lc_price_usage at the response's time (or --at), and shown as a small table or
 * one JSON object. An unknown model is "unpriced" (exit 7), never $0. See docs/cost.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define COST_INPUT_MAX ((size_t)256 << 20)

int cmd_cost(int argc, char **argv);

static void usage(FILE *f)
{
	fprintf(f,
		"usage: llmcost cost [--provider P] [--model M] [--at TIME] [--tier T] [--json]\n"
		"                    [FILE|-]\n"
		"\n"
		"Price one saved API response or stream (OpenAI chat/responses/embeddings,\n"
		"Anthropic messages, Gemini; JSON body or SSE text) read from FILE or stdin.\n"
		"  --provider P   the provider of an OpenAI-compatible API (deepseek, groq, xai,\n"
		"                 mistral, moonshot, ...); default: told by the response's shape\n"
		"  --model M      price as model M instead of the one the response names\n"
		"  --at TIME      price at TIME (RFC 3339 or YYYY-MM-DD); default: the response's\n"
		"                 own time, else now\n"
		"  --tier T       standard, batch, flex or priority (default: from the response)\n"
		"  --json         one JSON object (docs/cost.md lists the fields)\n");
}

static void json_str(lc_buf *b, const char *key, const char *val)
{
	lc_buf_printf(b, "\"%s\":", key);
	if (val)
		lc_buf_json_str(b, val, strlen(val));
	else
		lc_buf_puts(b, "null");
	lc_buf_puts(b, ",");
}

static void json_money(lc_buf *b, const char *key, lc_money m, int priced)
{
	char s[LC_MONEY_STRMAX];
	json_str(b, key, priced ? cli_money(m, -1, s) : NULL);
}

static void print_json(const lc_usage *u, const lc_cost *c)
{
	char t[32];
	lc_buf b;

	lc_buf_init(&b, 0);
	lc_buf_puts(&b, "{");
	json_str(&b, "provider", u->provider);
	json_str(&b, "model", u->model);
	json_str(&b, "id", u->id);
	lc_time_format(u->time, t, sizeof t);
	json_str(&b, "time", t);
	json_str(&b, "tier", lc_tier_name(u->tier));
	lc_buf_printf(&b,
		      "\"input_tokens\":%lld,\"cache_read_tokens\":%lld,\"cache_write_tokens\":%lld,"
		      "\"cache_write_5m_tokens\":%lld,\"cache_write_1h_tokens\":%lld,"
		      "\"output_tokens\":%lld,\"reasoning_tokens\":%lld,\"web_search_requests\":%lld,",
		      (long long)u->input_tokens, (long long)u->cache_read_tokens,
		      (long long)(u->cache_write_5m_tokens + u->cache_write_1h_tokens),
		      (long long)u->cache_write_5m_tokens, (long long)u->cache_write_1h_tokens,
		      (long long)u->output_tokens, (long long)u->reasoning_tokens,
		      (long long)u->web_search_requests);
	json_money(&b, "cost", c->total, c->priced);
	json_str(&b, "currency", c->currency);
	lc_buf_printf(&b, "\"priced\":%s,", c->priced ? "true" : "false");
	json_str(&b, "price_source", c->priced ? c->price_source : NULL);
	json_str(&b, "price_id", c->priced ? c->price_id : NULL);
	json_str(&b, "catalog_model", c->priced ? c->model : NULL);
	json_str(&b, "catalog_version", c->catalog_version);
	lc_buf_puts(&b, "\"breakdown\":{");
	json_money(&b, "input", c->input, c->priced);
	json_money(&b, "cache_read", c->cache_read, c->priced);
	json_money(&b, "cache_write", c->cache_write, c->priced);
	json_money(&b, "output", c->output, c->priced);
	json_money(&b, "other", c->other, c->priced);
	b.len--; /* the last comma */
	lc_buf_printf(&b, "},\"partial\":%s,\"estimated\":%s}\n",
		      u->flags & LC_USAGE_PARTIAL ? "true" : "false",
		      u->flags & LC_USAGE_ESTIMATED ? "true" : "false");
	fwrite(b.data, 1, b.len, stdout);
	lc_buf_free(&b);
}

static void row(const char *kind, int64_t tokens, lc_money m, int priced)
{
	char s[LC_MONEY_STRMAX];
	printf("%-12s %12lld  %s\n", kind, (long long)tokens, priced ? cli_money(m, -1, s) : "-");
}

static void print_table(const lc_usage *u, const lc_cost *c)
{
	char t[32], s[LC_MONEY_STRMAX];

	lc_time_format(u->time, t, sizeof t);
	printf("%s %s  (%s, %s)\n", u->provider, u->model, lc_tier_name(u->tier), t);
	printf("%-12s %12s  %s\n", "kind", "tokens", c->priced ? c->currency : "cost");
	row("input", u->input_tokens, c->input, c->priced);
	row("cache read", u->cache_read_tokens, c->cache_read, c->priced);
	row("cache write", u->cache_write_5m_tokens + u->cache_write_1h_tokens, c->cache_write,
	    c->priced);
	if (u->cache_write_1h_tokens)
		printf("  %-10s %12lld\n", "of them 1h", (long long)u->cache_write_1h_tokens);
	row("output", u->output_tokens, c->output, c->priced);
	if (u->reasoning_tokens)
		printf("  %-10s %12lld  (inside output)\n", "reasoning",
		       (long long)u->reasoning_tokens);
	if (u->web_search_requests || !lc_money_is_zero(c->other))
		row("other", u->web_search_requests, c->other, c->priced);
	if (c->priced) {
		printf("%-12s %12s  %s\n", "total", "", cli_money(c->total, -1, s));
		printf("price: %s %s\n", c->price_source, c->price_id);
	} else {
		printf("%-12s %12s  unpriced (no price known for this model)\n", "total", "");
	}
	if (u->flags & LC_USAGE_PARTIAL)
		printf("note: the stream was cut short; counts are a lower bound\n");
}

int cmd_cost(int argc, char **argv)
{
	static const struct option opts[] = {
		{"provider", required_argument, 0, 'p'}, {"model", required_argument, 0, 'm'},
		{"at", required_argument, 0, 'a'},       {"tier", required_argument, 0, 't'},
		{"json", no_argument, 0, 'j'},           {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}};
	const char *provider = NULL, *model = NULL, *at = NULL, *tier = NULL, *path = "-";
	lc_catalog *cat = NULL;
	lc_error err = {0, ""};
	char *data = NULL;
	size_t len = 0;
	int json = 0, c, rc;
	lc_usage u;
	lc_cost cost;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': provider = optarg; break;
		case 'm': model = optarg; break;
		case 'a': at = optarg; break;
		case 't': tier = optarg; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return EXIT_OK_;
		default: return cli_usage("cost", "unknown option");
		}
	}
	if (optind + 1 < argc)
		return cli_usage("cost", "one file at a time");
	if (optind < argc)
		path = argv[optind];
	if (model && (!*model || strlen(model) >= LC_MODEL_MAX))
		return cli_usage("cost", "bad --model");
	if (tier) {
		lc_tier tt;
		if (lc_tier_parse(tier, &tt) != LC_OK)
			return cli_usage("cost", "unknown --tier '%s' (standard, batch, flex, priority)",
					 tier);
	}
	if (lc_read_file(path, COST_INPUT_MAX, &data, &len, &err) != LC_OK) {
		rc = cli_fail("cost", err.code, err.msg);
		goto out;
	}
	rc = lc_usage_from_text(strcmp(path, "-") ? path : "<stdin>", data, len, LC_SHAPE_AUTO,
				provider, &u, &err);
	if (rc < 0) {
		if (strstr(err.msg, "more data after the first JSON value")) {
			size_t n = strlen(err.msg); /* keep the position, add the way out */
			snprintf(err.msg + n, sizeof err.msg - n,
				 " (one response per call; 'llmcost import' reads files of many)");
		}
		rc = cli_fail("cost", rc, err.msg);
		goto out;
	}
	if (u.flags & LC_USAGE_NO_USAGE) {
		lc_error_set(&err, LC_PARSE, "%s: %s: nothing to price", path,
			     u.flags & LC_USAGE_PARTIAL
				     ? "the stream was cut before its usage arrived"
				     : "the response carries no usage (a stream without "
				       "stream_options.include_usage?)");
		rc = cli_fail("cost", LC_PARSE, err.msg);
		goto out;
	}
	if (model)
		memcpy(u.model, model, strlen(model) + 1);
	if (tier)
		lc_tier_parse(tier, &u.tier);
	if (at) {
		if (lc_time_parse(at, strlen(at), 0, &u.time) != LC_OK) {
			rc = cli_usage("cost", "--at wants an RFC 3339 time with a zone or a date, "
					       "got '%s'",
				       at);
			goto out;
		}
	} else if (u.time == 0) {
		u.time = lc_time_now();
	}
	if ((rc = lc_catalog_open_default(&cat, &err)) < 0) {
		rc = cli_fail("cost", rc, err.msg);
		goto out;
	}
	rc = lc_price_usage(cat, &u, &cost, &err);
	if (rc < 0 && rc != LC_UNPRICED) {
		rc = cli_fail("cost", rc, err.msg);
		goto out;
	}
	if (json)
		print_json(&u, &cost);
	else
		print_table(&u, &cost);
	rc = cost.priced ? EXIT_OK_ : EXIT_UNPRICED;
out:
	lc_catalog_free(cat);
	free(data);
	return rc;
}
