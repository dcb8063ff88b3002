/*
 * Unit tests for lc_usage_parse_file: one per format on its fixture, format detection,
 * the validate-before-callback contract, exact skip counts, and bad input (BOM, CRLF, NUL,
 * invalid UTF-8, a record over the size cap).
 */
#include <unistd.h>

#include "src/usage/tests/fixture.h"

#define MAXREC 32

typedef struct got {
	int n;
	lc_usage u[MAXREC];
	int64_t line[MAXREC];
	int stop_after; /* return 99 after this many records (0 = never) */
} got;

static int collect(const lc_usage *u, int64_t line, void *ctx)
{
	got *g = ctx;
	if (g->n < MAXREC) {
		g->u[g->n] = *u;
		g->line[g->n] = line;
	}
	g->n++;
	return g->stop_after && g->n >= g->stop_after ? 99 : 0;
}

/* Parse fixture rel with format fmt (AUTO detects) into g. */
static int parse_fixture(const char *rel, lc_format fmt, const char *mapping, got *g,
			 lc_error *err)
{
	size_t len;
	char *data = fixture_load(rel, &len);
	lc_parse_opts o = {rel, NULL, mapping, 0, NULL};
	int rc;

	if (!data)
		return LC_IO;
	memset(g, 0, sizeof *g);
	rc = lc_usage_parse_file(data, len, fmt, &o, collect, g, err);
	free(data);
	return rc;
}

static int parse_text(const char *text, lc_format fmt, int skip, int64_t *nskipped, got *g,
		      lc_error *err)
{
	lc_parse_opts o = {"t.jsonl", NULL, NULL, skip, nskipped};
	memset(g, 0, sizeof *g);
	return lc_usage_parse_file(text, strlen(text), fmt, &o, collect, g, err);
}

TEST(file_jsonl_of_responses)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("openai/responses.jsonl", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 3);
	CHECK_TOKENS(g.u[0], 36, 64, 0, 0, 20, 0);
	CHECK_TOKENS(g.u[1], 300, 0, 0, 0, 40, 16);
	CHECK_TOKENS(g.u[2], 8, 0, 0, 0, 0, 0);
	CHECK_INT(g.line[2], 4);
	CHECK_STR(g.u[2].id, "openai:openai/responses.jsonl:4"); /* no id of its own */
}

TEST(file_openai_batch_output)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("openai/batch-output.jsonl", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 2); /* the expired and the 400 lines were not billed */
	CHECK_TOKENS(g.u[0], 22, 0, 0, 0, 2, 0);
	CHECK_TOKENS(g.u[1], 476, 1024, 0, 0, 100, 0);
	CHECK_INT(g.u[0].tier, LC_TIER_BATCH);
	CHECK_INT(g.u[1].tier, LC_TIER_BATCH);
	CHECK_STR(g.u[1].id, "openai:chatcmpl-AB13");
	CHECK_STR(lc_usage_get_tag(&g.u[1], "custom_id"), "request-2");
}

TEST(file_anthropic_batch_results)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("anthropic/batch-results.jsonl", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 2); /* errored and expired results are not billed */
	CHECK_TOKENS(g.u[0], 11, 0, 0, 0, 36, 0);
	CHECK_TOKENS(g.u[1], 7, 0, 0, 2000, 9, 0);
	CHECK_INT(g.u[1].tier, LC_TIER_BATCH);
	CHECK_STR(g.u[0].id, "anthropic:msg_014VwiXbi91y3JMjcpyGBHX5");
}

TEST(file_openai_usage_api_pages)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("openai/usage-page.json", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 3); /* the images result has no tokens */
	CHECK_TOKENS(g.u[0], 500, 400, 100, 0, 500, 0);
	CHECK_INT(g.u[0].time, INT64_C(1730419200000));
	CHECK_STR(g.u[0].model, "gpt-4o-2024-08-06");
	CHECK_STR(lc_usage_get_tag(&g.u[0], "project"), "proj_abc");
	CHECK_INT(g.u[1].tier, LC_TIER_BATCH);
	CHECK_INT(g.u[2].tier, LC_TIER_FLEX);
	CHECK_INT(g.u[2].time, INT64_C(1730505600000));
	/* ids are built from the bucket and the grouping fields, so they differ */
	CHECK(strcmp(g.u[0].id, g.u[1].id) != 0);
	CHECK(strncmp(g.u[0].id, "openai-usage:1730419200:", 24) == 0);
}

TEST(file_openai_costs_are_dollars)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("openai/costs-page.json", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 2);
	CHECK(g.u[0].has_source_cost);
	CHECK_MONEY(g.u[0].source_cost, "0.06");
	CHECK_MONEY(g.u[1].source_cost, "1.234567");
	CHECK_STR(g.u[0].source_currency, "USD");
	CHECK_INT(g.u[0].flags, LC_USAGE_NO_USAGE);
	CHECK_STR(g.u[0].model, "gpt-4o-2024-08-06");
	CHECK_STR(lc_usage_get_tag(&g.u[1], "line_item"), "gpt-4o-2024-08-06, output");
}

TEST(file_anthropic_usage_report)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("anthropic/usage-report.json", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 2);
	CHECK_TOKENS(g.u[0], 400000, 2100000, 0, 120000, 200000, 0);
	CHECK_INT(g.u[0].web_search_requests, 3);
	CHECK_STR(g.u[0].provider, "anthropic");
	CHECK_INT(g.u[0].time, INT64_C(1788048000000));
	CHECK_INT(g.u[1].tier, LC_TIER_BATCH);
	CHECK_STR(lc_usage_get_tag(&g.u[1], "workspace"), "wrkspc_01");
}

TEST(file_anthropic_cost_report_is_cents_string)
{
	/* pitfall 15: "123.45" is cents -> $1.2345 */
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("anthropic/cost-report.json", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 2);
	CHECK_MONEY(g.u[0].source_cost, "1.2345");
	CHECK_MONEY(g.u[1].source_cost, "0.005");
	CHECK_STR(g.u[0].source_currency, "USD");
	CHECK_STR(lc_usage_get_tag(&g.u[0], "token_type"), "uncached_input_tokens");
	CHECK_STR(lc_usage_get_tag(&g.u[1], "cost_type"), "web_search");
	CHECK(g.u[0].flags & LC_USAGE_NO_USAGE);
}

TEST(file_otel_inclusive_and_exclusive_input)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("otel/traces.json", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 3); /* the tool span has no usage */
	/* inclusive (as semconv says): 89343 - 88936 - 406 */
	CHECK_TOKENS(g.u[0], 1, 88936, 406, 0, 55, 0);
	CHECK_STR(g.u[0].id, "anthropic:msg_01B2EwDuae6XL6zamo2fwgcc");
	CHECK_STR(g.u[0].session, "conv_42");
	CHECK_STR(g.u[0].model, "claude-sonnet-4-5-20250929");
	CHECK_INT(g.u[0].time, INT64_C(1756700000000));
	CHECK_STR(lc_usage_get_tag(&g.u[0], "service"), "support-bot");
	/* pitfall 3: 12 < 5000 + 300, so 12 is the uncached part; old attribute spellings */
	CHECK_TOKENS(g.u[1], 12, 5000, 300, 0, 80, 0);
	CHECK_STR(g.u[1].id, "otel:5b8efff798038103d269b633813fc60c:aaa19b7ec3c1b175");
	/* deprecated prompt/completion names, intValue as a number, reasoning inside output */
	CHECK_TOKENS(g.u[2], 1000, 0, 0, 0, 200, 50);
	CHECK_STR(g.u[2].provider, "openai");
	CHECK_INT(g.u[2].tier, LC_TIER_FLEX);
	CHECK_INT(g.u[2].time, INT64_C(1756700020000));
}

TEST(file_csv_with_mapping)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("csv/usage.csv", LC_FMT_AUTO,
				"Date=time,Vendor=provider,Model=model,Input (uncached)=input_tokens,"
				"Cached=cache_read_tokens,Output=output_tokens,Team=tag:team,Amount=cost",
				&g, &err),
		  0);
	CHECK_INT(g.n, 3);
	CHECK_TOKENS(g.u[0], 1000, 200, 0, 0, 50, 0);
	CHECK_STR(lc_usage_get_tag(&g.u[0], "team"), "search, infra");
	CHECK_MONEY(g.u[0].source_cost, "0.0123");
	CHECK_STR(g.u[0].source_currency, "USD");
	CHECK_INT(g.u[1].time, INT64_C(1785576600000)); /* +02:00 honoured */
	CHECK_STR(g.u[1].model, "claude \"sonnet\" 4.5");
	CHECK(!g.u[1].has_source_cost);
	CHECK_INT(g.line[2], 5);
	CHECK_STR(lc_usage_get_tag(&g.u[2], "team"), "multi\nline");
	CHECK_INT(g.u[2].time, INT64_C(1754049600000));
	CHECK_STR(g.u[2].id, "csv:csv/usage.csv:5");
}

TEST(file_csv_default_names_and_input_total)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("csv/default-names.csv", LC_FMT_CSV, NULL, &g, &err), 0);
	CHECK_INT(g.n, 1);
	CHECK_TOKENS(g.u[0], 176, 1024, 0, 0, 80, 0);
	CHECK_STR(lc_usage_get_tag(&g.u[0], "team"), "core");
}

TEST(file_csv_bad_cells)
{
	got g;
	lc_error err;
	CHECK_INT(parse_text("time,provider,model,input_tokens\n2026-08-01T00:00:00Z,openai,m,-4\n",
			     LC_FMT_CSV, 0, NULL, &g, &err),
		  LC_PARSE);
	CHECK_STR(err.msg, "t.jsonl:2:31: negative token count: \"-4\"");
	CHECK_INT(parse_text("time,provider,model,input_tokens\n2026-08-01T00:00:00,openai,m,4\n",
			     LC_FMT_CSV, 0, NULL, &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "t.jsonl:2:1: not an RFC 3339 time with a zone"));
	CHECK_INT(parse_text("time,provider,model,input_tokens\n2026-08-01,openai,m,1.5\n",
			     LC_FMT_CSV, 0, NULL, &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "whole number"));
	CHECK_INT(parse_text("time,provider,model\n20260801,openai,m\n", LC_FMT_CSV, 0, NULL, &g,
			     &err),
		  LC_PARSE); /* not unix seconds: a date without dashes is refused */
	CHECK_INT(parse_text("time,provider,model\n2026-08-01,openai,\"m\n", LC_FMT_CSV, 0, NULL,
			     &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "t.jsonl:2:19: unterminated quoted field"));
	CHECK_INT(parse_text("time,provider,model\n2026-08-01,openai,m\xff\n", LC_FMT_CSV, 0, NULL,
			     &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "t.jsonl:2:20: invalid UTF-8"));
	CHECK_INT(parse_text("time,model\n2026-08-01,m\n", LC_FMT_CSV, 0, NULL, &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "no provider"));
	CHECK_INT(parse_text("a,b\n1,2\n", LC_FMT_CSV, 0, NULL, &g, &err), LC_PARSE);
	CHECK(strstr(err.msg, "no 'model' column"));
	{
		lc_parse_opts o = {"m.csv", NULL, "When=time,Model=model,Nope=input_tokens", 0, NULL};
		const char *t = "When,Model\n2026-08-01,x\n";
		CHECK_INT(lc_usage_parse_file(t, strlen(t), LC_FMT_CSV, &o, collect, &g, &err),
			  LC_NOTFOUND);
		CHECK(strstr(err.msg, "no column 'Nope'"));
		o.csv_mapping = "When=time,Model=modle";
		CHECK_INT(lc_usage_parse_file(t, strlen(t), LC_FMT_CSV, &o, collect, &g, &err),
			  LC_INVAL);
		CHECK(strstr(err.msg, "unknown field 'modle'"));
	}
}

TEST(file_detect_formats)
{
	static const struct {
		const char *rel;
		lc_format fmt;
	} cases[] = {
		{"openai/chat.json", LC_FMT_OPENAI},
		{"openai/chat-stream.sse", LC_FMT_OPENAI},
		{"openai/responses-stream.sse", LC_FMT_OPENAI},
		{"anthropic/stream.sse", LC_FMT_ANTHROPIC},
		{"anthropic/message.json", LC_FMT_ANTHROPIC},
		{"gemini/stream.sse", LC_FMT_GEMINI},
		{"openai/batch-output.jsonl", LC_FMT_OPENAI_BATCH},
		{"anthropic/batch-results.jsonl", LC_FMT_ANTHROPIC_BATCH},
		{"openai/usage-page.json", LC_FMT_OPENAI_USAGE},
		{"openai/costs-page.json", LC_FMT_OPENAI_COSTS},
		{"anthropic/usage-report.json", LC_FMT_ANTHROPIC_USAGE},
		{"anthropic/cost-report.json", LC_FMT_ANTHROPIC_COSTS},
		{"otel/traces.json", LC_FMT_OTEL},
		{"csv/default-names.csv", LC_FMT_CSV},
	};
	size_t i;
	lc_format f;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len;
		char *d = fixture_load(cases[i].rel, &len);
		CHECK(d);
		CHECK_INT(lc_format_detect(cases[i].rel, d, len, &f), 0);
		if (f != cases[i].fmt)
			lc_test_fail(__FILE__, __LINE__, "%s detected as %s", cases[i].rel,
				     lc_format_name(f));
		free(d);
	}
	CHECK_INT(lc_format_detect("x", "{\"hello\":1}", 11, &f), LC_NOTFOUND);
	CHECK_INT(lc_format_parse("anthropic-costs", &f), 0);
	CHECK_INT(f, LC_FMT_ANTHROPIC_COSTS);
	CHECK_STR(lc_format_name(LC_FMT_OPENAI_BATCH), "openai-batch");
	CHECK_INT(lc_format_parse("nope", &f), LC_NOTFOUND);
}

TEST(file_detect_csv_needs_a_known_header)
{
	/* by content (a name not ending in .csv), a file is CSV only when its header row names
	 * the time and model columns the default mapping needs */
	static const char *const yes[] = {
		"time,provider,model,input_tokens\n2026-08-01,openai,gpt-4o,5\n",
		"\xEF\xBB\xBFModel,TIME\r\nx,2026-08-01\r\n",
		"\"time\",\"model\"\n",
		"model,cost,time",
	};
	static const char *const no[] = {
		"Notes, for later: call Bob, then lunch.\nSecond line, too.\n",
		"time,provider,input_tokens\n",     /* no model column */
		"Date,Vendor,Model,Amount\n",        /* named otherwise: needs --csv-map / --format */
		"a line with a comma, but\ntime,model on the second\n",
		"timestamp,models\n",
		",\n",
	};
	lc_format f;
	size_t i;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		f = LC_FMT_AUTO;
		CHECK_INT(lc_format_detect("export.txt", yes[i], strlen(yes[i]), &f), 0);
		CHECK_INT(f, LC_FMT_CSV);
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (lc_format_detect("notes.txt", no[i], strlen(no[i]), &f) != LC_NOTFOUND)
			lc_test_fail(__FILE__, __LINE__, "case %zu detected as %s", i, lc_format_name(f));
	/* the name still says CSV by itself */
	CHECK_INT(lc_format_detect("spend.csv", no[2], strlen(no[2]), &f), 0);
	CHECK_INT(f, LC_FMT_CSV);
}

#define GOOD "{\"object\":\"chat.completion\",\"id\":\"c%d\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n"

TEST(file_validates_everything_before_first_callback)
{
	static const char text[] =
		"{\"object\":\"chat.completion\",\"id\":\"a\",\"usage\":{\"prompt_tokens\":5}}\n"
		"{\"object\":\"chat.completion\",\"id\":\"b\",\"usage\":{\"prompt_tokens\":6}}\n"
		"{\"object\":\"chat.completion\",\"id\":\"c\",\"usage\":{\"prompt_tokens\":-1}}\n"
		"{\"object\":\"chat.completion\",\"id\":\"d\",\"usage\":{\"prompt_tokens\":7}}\n"
		"{\"object\":\"chat.completion\",\"id\":\"e\",\"usage\":{\"prompt_tokens\":8}\n";
	got g;
	lc_error err;
	int64_t nskip = -1;
	CHECK_INT(parse_text(text, LC_FMT_OPENAI, 0, &nskip, &g, &err), LC_PARSE);
	CHECK_INT(g.n, 0); /* nothing reached the callback */
	CHECK(strncmp(err.msg, "t.jsonl:3:", 10) == 0);
	/* skip_invalid: the two bad lines are counted exactly, the rest delivered */
	CHECK_INT(parse_text(text, LC_FMT_OPENAI, 1, &nskip, &g, &err), 0);
	CHECK_INT(g.n, 3);
	CHECK_INT(nskip, 2);
	CHECK_INT(g.line[2], 4);
}

TEST(file_callback_stop_is_returned)
{
	got g;
	lc_error err;
	size_t len;
	char *d = fixture_load("openai/responses.jsonl", &len);
	lc_parse_opts o = {"r", NULL, NULL, 0, NULL};
	CHECK(d);
	memset(&g, 0, sizeof g);
	g.stop_after = 2;
	CHECK_INT(lc_usage_parse_file(d, len, LC_FMT_OPENAI, &o, collect, &g, &err), 99);
	CHECK_INT(g.n, 2);
	free(d);
}

TEST(file_bom_crlf_nul_utf8)
{
	got g;
	lc_error err;
	int64_t nskip;
	/* BOM at the start and CRLF line ends are fine */
	CHECK_INT(parse_text("\xEF\xBB\xBF{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":5}}\r\n"
			     "{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":6}}\r\n",
			     LC_FMT_AUTO, 0, NULL, &g, &err),
		  0);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.u[1].input_tokens, 6);
	/* NUL byte */
	{
		static const char t[] = "{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":5}}\n"
					"{\"object\":\"chat\0\"}\n";
		lc_parse_opts o = {"n.jsonl", NULL, NULL, 0, NULL};
		CHECK_INT(lc_usage_parse_file(t, sizeof t - 1, LC_FMT_OPENAI, &o, collect, &g, &err),
			  LC_PARSE);
		CHECK_STR(err.msg, "n.jsonl:2:16: NUL byte in JSON");
	}
	/* invalid UTF-8 inside a string */
	CHECK_INT(parse_text("{\"object\":\"chat.completion\",\"model\":\"g\xc3\x28\",\"usage\":{\"prompt_tokens\":5}}\n",
			     LC_FMT_OPENAI, 0, NULL, &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "t.jsonl:1:") && strstr(err.msg, "invalid utf-8"));
	/* BOM in the middle */
	CHECK_INT(parse_text("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":5}}\n"
			     "\xEF\xBB\xBF{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":5}}\n",
			     LC_FMT_OPENAI, 1, &nskip, &g, &err),
		  0);
	CHECK_INT(nskip, 1);
	CHECK_INT(g.n, 1);
	/* empty file: no records, no error */
	CHECK_INT(parse_text("\n\r\n", LC_FMT_AUTO, 0, NULL, &g, &err), 0);
	CHECK_INT(g.n, 0);
	CHECK_INT(parse_text("{\"x\":1}\n", LC_FMT_AUTO, 0, NULL, &g, &err), LC_PARSE);
	CHECK(strstr(err.msg, "cannot tell the format"));
}

TEST(file_record_over_the_cap)
{
	size_t n = LC_USAGE_RECORD_MAX + 64, i;
	char *big = malloc(n + 200);
	got g;
	lc_error err;
	int64_t nskip;
	lc_parse_opts o = {"big.jsonl", NULL, NULL, 0, NULL};
	CHECK(big);
	i = (size_t)snprintf(big, 200, "{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":5}}\n{\"object\":\"chat.completion\",\"x\":\"");
	memset(big + i, 'a', n - i);
	memcpy(big + n, "\"}\n", 3);
	memset(&g, 0, sizeof g);
	CHECK_INT(lc_usage_parse_file(big, n + 3, LC_FMT_OPENAI, &o, collect, &g, &err), LC_LIMIT);
	CHECK_STR(err.msg, "big.jsonl:2:1: record longer than 64 MiB");
	CHECK_INT(g.n, 0);
	o.skip_invalid = 1;
	o.nskipped = &nskip;
	CHECK_INT(lc_usage_parse_file(big, n + 3, LC_FMT_OPENAI, &o, collect, &g, &err), 0);
	CHECK_INT(g.n, 1);
	CHECK_INT(nskip, 1);
	free(big);
}

TEST(file_pages_bad_results)
{
	static const char page[] =
		"{\"object\":\"page\",\"data\":[{\"start_time\":1730419200,\"results\":["
		"{\"input_tokens\":10,\"output_tokens\":1},"
		"{\"input_tokens\":5,\"input_cached_tokens\":9,\"output_tokens\":1},"
		"{\"input_tokens\":\"7\",\"output_tokens\":1}]}]}\n";
	got g;
	lc_error err;
	int64_t nskip;
	CHECK_INT(parse_text(page, LC_FMT_OPENAI_USAGE, 0, NULL, &g, &err), LC_PARSE);
	CHECK(strstr(err.msg, "exceed 'input_tokens'"));
	CHECK_INT(parse_text(page, LC_FMT_OPENAI_USAGE, 1, &nskip, &g, &err), 0);
	CHECK_INT(g.n, 1);
	CHECK_INT(nskip, 2);
	CHECK_INT(parse_text("{\"data\":[{\"starting_at\":\"2026-08-30T00:00:00\",\"results\":[]}]}\n",
			     LC_FMT_ANTHROPIC_COSTS, 0, NULL, &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "not an RFC 3339 time with a zone"));
	CHECK_INT(parse_text("{\"data\":[{\"starting_at\":\"2026-08-30T00:00:00Z\",\"results\":"
			     "[{\"amount\":\"12.x\"}]}]}\n",
			     LC_FMT_ANTHROPIC_COSTS, 0, NULL, &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "not an exact decimal"));
	/* a pretty-printed page with a syntax error is fatal even with skip_invalid */
	CHECK_INT(parse_text("{\n \"data\": [\n  {\"start_time\": 1,\n", LC_FMT_OPENAI_USAGE, 1,
			     &nskip, &g, &err),
		  LC_PARSE);
	CHECK(strstr(err.msg, "t.jsonl:4:1: malformed JSON"));
}

TEST(file_whole_sse_stream)
{
	got g;
	lc_error err;
	CHECK_INT(parse_fixture("anthropic/stream.sse", LC_FMT_AUTO, NULL, &g, &err), 0);
	CHECK_INT(g.n, 1);
	CHECK_TOKENS(g.u[0], 25, 3000, 200, 1000, 15, 0);
}

TEST(file_csv_nul_row_after_blank_line_is_skipped_once)
{
	/* a NUL byte in a row that follows a blank line: the row is skipped and counted once,
	 * the parse moves on (it used to restart at the blank line forever) */
	static const char t[] = "time,provider,model,input_tokens\n\nx,a\0b,openai,1\n"
				"2026-01-01T00:00:00Z,openai,gpt-5,5\n";
	lc_parse_opts o = {"n.csv", NULL, NULL, 1, NULL};
	int64_t skipped = 0;
	got g;
	lc_error err;
	memset(&g, 0, sizeof g);
	o.nskipped = &skipped;
	alarm(5);
	CHECK_INT(lc_usage_parse_file(t, sizeof t - 1, LC_FMT_CSV, &o, collect, &g, &err), 0);
	CHECK_INT(g.n, 1);
	CHECK_INT(skipped, 1);
	CHECK_INT(g.line[0], 4);
	o.skip_invalid = 0;
	CHECK_INT(lc_usage_parse_file(t, sizeof t - 1, LC_FMT_CSV, &o, collect, &g, &err), LC_PARSE);
	CHECK_STR(err.msg, "n.csv:3:4: NUL byte in CSV");
}

TEST(file_csv_without_token_columns_has_no_usage)
{
	/* a cost-only export (no token column mapped) carries no usage: zeros would price it at
	 * $0 from the catalog; flagged, it costs what its source reported */
	got g;
	lc_error err;
	CHECK_INT(parse_text("time,provider,model,cost\n2026-08-01T00:00:00Z,openai,gpt-5,1.25\n",
			     LC_FMT_CSV, 0, NULL, &g, &err),
		  0);
	CHECK_INT(g.n, 1);
	CHECK(g.u[0].flags & LC_USAGE_NO_USAGE);
	CHECK(g.u[0].has_source_cost);
	/* with a token column the record has usage, even when a cell is empty (= 0) */
	CHECK_INT(parse_text("time,provider,model,input_tokens\n2026-08-01T00:00:00Z,openai,gpt-5,\n",
			     LC_FMT_CSV, 0, NULL, &g, &err),
		  0);
	CHECK(!(g.u[0].flags & LC_USAGE_NO_USAGE));
}
