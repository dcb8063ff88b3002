/*
 * cmd_estimate.c - `llmcost estimate`: price a prompt before sending it, across models.
 * Counts the input tokens with each model's tokenizer (exact for OpenAI, a labelled
 * estimate otherwise), prices input, cached prefix and assumed output with the catalog,
 * warns when the request will not fit the context window, and lists the models cheapest
 * first. See docs/estimate.md.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

#define ESTIMATE_MAX_INPUT ((size_t)64 << 20)
#define ESTIMATE_MAX_MODELS 32

int cmd_estimate(int argc, char **argv);

static void usage(FILE *f)
{
	fprintf(f,
		"usage: llmcost estimate [--model M[,M...]] [--output-tokens N] [--cached-prefix N]\n"
		"                        [--tier T] [--at TIME] [--as text|chat] [--json] [FILE|-]\n"
		"\n"
		"Price a prompt before sending it. FILE (or standard input) is plain text, priced\n"
		"as one user message, or a chat request body (OpenAI or Anthropic \"messages\").\n"
		"  --model M,...       models to compare (default: the body's \"model\")\n"
		"  --output-tokens N   assumed output tokens (default: the body's max_tokens, else 0)\n"
		"  --cached-prefix N   the first N input tokens are cache reads\n"
		"  --tier T            service tier: standard, batch, flex, priority\n"
		"  --at TIME           price at TIME (RFC 3339 with a zone, or YYYY-MM-DD); default: now\n"
		"  --as text|chat      how to read the input (default: chat when it parses as one)\n"
		"  --json              JSON output\n");
}

typedef struct row {
	const char *model;
	lc_tok_model tm;
	int64_t input, cached, output;
	int priced;
	lc_cost cost;
	lc_rates rates;
	int over_context, over_output;
} row;

/* Facts read from a chat body: "model" and an output cap, when present. */
typedef struct body_facts {
	char model[LC_MODEL_MAX];
	int64_t max_tokens; /* -1 when absent */
	int is_chat;
} body_facts;

static void read_body(const char *text, size_t len, body_facts *bf)
{
	static const char *const caps[] = {"max_tokens", "max_completion_tokens",
					   "max_output_tokens"};
	struct json_tokener *tok = json_tokener_new_ex(64);
	json_object *root = NULL, *v;
	size_t i = 0;

	bf->model[0] = 0;
	bf->max_tokens = -1;
	bf->is_chat = 0;
	while (i < len && strchr(" \t\r\n", text[i]) && text[i])
		i++;
	if (!tok || i == len || text[i] != '{' || len > (size_t)INT32_MAX)
		goto out;
	root = json_tokener_parse_ex(tok, text, (int)len);
	if (!root || !json_object_object_get_ex(root, "messages", &v) ||
	    !json_object_is_type(v, json_type_array))
		goto out;
	bf->is_chat = 1;
	if (json_object_object_get_ex(root, "model", &v) && json_object_is_type(v, json_type_string))
		snprintf(bf->model, sizeof bf->model, "%s", json_object_get_string(v));
	for (i = 0; i < 3; i++)
		if (json_object_object_get_ex(root, caps[i], &v) && json_object_is_type(v, json_type_int))
			bf->max_tokens = json_object_get_int64(v);
out:
	json_object_put(root);
	if (tok)
		json_tokener_free(tok);
}

static int parse_count(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || v < 0 || v > (long long)1 << 40)
		return -1;
	*out = v;
	return 0;
}

/* Input tokens of text for model m: a chat body as such, plain text as one user message. */
static int count_input(const row *r, const char *text, size_t len, int chat, size_t *tokens,
		       size_t *skipped, lc_error *err)
{
	size_t n, role;
	int rc;
	if (chat)
		return lc_tok_count_chat(&r->tm, text, len, tokens, skipped, err);
	if ((rc = lc_tok_count(r->tm.enc, text, len, &n, err)) != LC_OK)
		return rc;
	role = r->tm.per_message ? 1 : 0; /* "user" is one token in both encodings */
	*tokens = lc_tok_model_scale(&r->tm, n + (size_t)r->tm.per_message + role +
						     (size_t)r->tm.reply_priming);
	return LC_OK;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const row *a = pa, *b = pb;
	int c;
	if (a->priced != b->priced)
		return b->priced - a->priced;
	if (!a->priced)
		return 0;
	if ((c = strcmp(a->cost.currency, b->cost.currency)) != 0)
		return c;
	return lc_money_cmp(a->cost.total, b->cost.total);
}

static void json_money(lc_buf *b, const char *key, lc_money v)
{
	char m[LC_MONEY_STRMAX];
	cli_money(v, -1, m);
	lc_buf_printf(b, ", \"%s\": ", key);
	lc_buf_json_str(b, m, strlen(m));
}

static void print_json(const row *rows, size_t n, int chat, size_t bytes, size_t skipped,
		       const char *out_source)
{
	lc_buf b;
	size_t i;
	lc_buf_init(&b, (size_t)1 << 20);
	lc_buf_printf(&b, "{\"input\": {\"kind\": \"%s\", \"bytes\": %zu, \"skipped_parts\": %zu}, "
			  "\"output_tokens_source\": \"%s\", \"models\": [",
		      chat ? "chat" : "text", bytes, skipped, out_source);
	for (i = 0; i < n; i++) {
		const row *r = &rows[i];
		lc_buf_puts(&b, i ? ", {\"model\": " : "{\"model\": ");
		lc_buf_json_str(&b, r->model, strlen(r->model));
		lc_buf_puts(&b, ", \"encoding\": ");
		lc_buf_json_str(&b, lc_encoding_name(r->tm.enc), strlen(lc_encoding_name(r->tm.enc)));
		lc_buf_printf(&b, ", \"exact\": %s, \"basis\": ", r->tm.exact ? "true" : "false");
		lc_buf_json_str(&b, r->tm.basis, strlen(r->tm.basis));
		lc_buf_printf(&b, ", \"input_tokens\": %lld, \"cached_input_tokens\": %lld, "
				  "\"output_tokens\": %lld",
			      (long long)r->input, (long long)r->cached, (long long)r->output);
		if (r->priced) {
			lc_money tin;
			if (lc_money_add(r->cost.input, r->cost.cache_read, &tin) != LC_OK)
				tin = r->cost.input;
			lc_buf_puts(&b, ", \"priced\": true");
			json_money(&b, "cost", r->cost.total);
			json_money(&b, "input_cost", tin);
			json_money(&b, "output_cost", r->cost.output);
			lc_buf_puts(&b, ", \"currency\": ");
			lc_buf_json_str(&b, r->cost.currency, strlen(r->cost.currency));
			lc_buf_puts(&b, ", \"price_id\": ");
			lc_buf_json_str(&b, r->cost.price_id, strlen(r->cost.price_id));
			lc_buf_printf(&b, ", \"context_window\": %lld, \"fits\": %s",
				      (long long)r->rates.context_window,
				      r->over_context || r->over_output ? "false" : "true");
		} else {
			lc_buf_puts(&b, ", \"priced\": false, \"cost\": null");
		}
		lc_buf_puts(&b, "}");
	}
	lc_buf_puts(&b, "]}\n");
	fputs(b.data ? b.data : "{}\n", stdout);
	lc_buf_free(&b);
}

static void print_table(const row *rows, size_t n)
{
	size_t i;
	char m[LC_MONEY_STRMAX];
	printf("%-28s %10s %10s %10s  %s\n", "MODEL", "INPUT", "CACHED", "OUTPUT", "COST");
	for (i = 0; i < n; i++) {
		const row *r = &rows[i];
		char in[32];
		snprintf(in, sizeof in, "%s%lld", r->tm.exact ? "" : "~", (long long)r->input);
		printf("%-28s %10s %10lld %10lld  ", r->model, in, (long long)r->cached,
		       (long long)r->output);
		if (r->priced)
			printf("%s %s", r->cost.currency, cli_money(r->cost.total, -1, m));
		else
			printf("unpriced");
		printf("%s\n", r->tm.exact ? "" : "  (estimate)");
	}
	for (i = 0; i < n; i++) {
		const row *r = &rows[i];
		if (r->over_context)
			printf("warning: %s: %lld input + %lld output tokens exceed the context "
			       "window of %lld\n",
			       r->model, (long long)r->input, (long long)r->output,
			       (long long)r->rates.context_window);
		if (r->over_output)
			printf("warning: %s: %lld output tokens exceed its maximum of %lld\n",
			       r->model, (long long)r->output, (long long)r->rates.max_output_tokens);
		if (!r->tm.exact)
			printf("note: %s: %s\n", r->model, r->tm.basis);
	}
}

int cmd_estimate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"model", required_argument, 0, 'm'},  {"output-tokens", required_argument, 0, 'o'},
		{"cached-prefix", required_argument, 0, 'c'}, {"tier", required_argument, 0, 't'},
		{"as", required_argument, 0, 'a'},     {"at", required_argument, 0, 'T'},
		{"json", no_argument, 0, 'j'},
		{"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
	char *models = NULL, *list = NULL, *text = NULL, *save = NULL, *tokp;
	const char *path = "-", *as = NULL, *out_source = "none";
	int64_t out_tokens = -1, cached = 0;
	lc_tier tier = LC_TIER_STANDARD;
	int json = 0, c, rc = EXIT_OK_, chat, unpriced = 0;
	lc_catalog *cat = NULL;
	lc_error err = {0};
	body_facts bf;
	row rows[ESTIMATE_MAX_MODELS];
	size_t n = 0, i, len = 0, skipped = 0;
	lc_time_ms now = lc_time_now();

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': models = optarg; break;
		case 'o':
			if (parse_count(optarg, &out_tokens))
				return cli_usage("estimate", "--output-tokens needs a count, not '%s'", optarg);
			break;
		case 'c':
			if (parse_count(optarg, &cached))
				return cli_usage("estimate", "--cached-prefix needs a count, not '%s'", optarg);
			break;
		case 't':
			if (lc_tier_parse(optarg, &tier) != LC_OK)
				return cli_usage("estimate", "unknown tier '%s' (standard, batch, flex, priority)", optarg);
			break;
		case 'a':
			as = optarg;
			if (strcmp(as, "text") && strcmp(as, "chat"))
				return cli_usage("estimate", "--as takes text or chat");
			break;
		case 'T':
			if (lc_time_parse(optarg, strlen(optarg), 0, &now) != LC_OK)
				return cli_usage("estimate", "--at wants an RFC 3339 time with a zone or "
							     "a date, got '%s'", optarg);
			break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return EXIT_OK_;
		default: return cli_usage("estimate", "unknown option");
		}
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc)
		return cli_usage("estimate", "one input at a time");

	if (lc_read_file(path, ESTIMATE_MAX_INPUT, &text, &len, &err) != LC_OK)
		return cli_fail("estimate", err.code, err.msg);
	read_body(text, len, &bf);
	chat = as ? strcmp(as, "chat") == 0 : bf.is_chat;
	if (!models && !bf.model[0]) {
		rc = cli_usage("estimate", "--model is required (the input names no model)");
		goto out;
	}
	if (out_tokens >= 0)
		out_source = "option";
	else if (chat && bf.max_tokens >= 0) {
		out_tokens = bf.max_tokens;
		out_source = "max_tokens";
	} else
		out_tokens = 0;

	/* resolve every model's tokenizer first: an unknown one is a usage problem */
	list = strdup(models ? models : bf.model);
	if (!list) {
		rc = cli_fail("estimate", LC_NOMEM, NULL);
		goto out;
	}
	for (tokp = strtok_r(list, ",", &save); tokp; tokp = strtok_r(NULL, ",", &save)) {
		if (!*tokp)
			continue;
		if (n == ESTIMATE_MAX_MODELS) {
			rc = cli_usage("estimate", "at most %d models at a time", ESTIMATE_MAX_MODELS);
			goto out;
		}
		memset(&rows[n], 0, sizeof rows[n]);
		rows[n].model = tokp;
		if (lc_tok_model_find(tokp, &rows[n].tm, &err) != LC_OK) {
			rc = cli_fail("estimate", err.code, err.msg);
			goto out;
		}
		n++;
	}
	if (n == 0) {
		rc = cli_usage("estimate", "--model needs at least one model");
		goto out;
	}
	if (lc_catalog_open_default(&cat, &err) != LC_OK) {
		rc = cli_fail("estimate", err.code, err.msg);
		goto out;
	}
	for (i = 0; i < n; i++) {
		row *r = &rows[i];
		size_t tokens, sk = 0;
		lc_usage u;
		if (count_input(r, text, len, chat, &tokens, &sk, &err) != LC_OK) {
			rc = cli_fail("estimate", err.code, err.msg);
			goto out;
		}
		skipped = sk;
		r->input = (int64_t)tokens;
		r->cached = cached < r->input ? cached : r->input;
		r->output = out_tokens;
		if (lc_catalog_lookup(cat, NULL, r->model, now, tier, &r->rates, NULL) != LC_OK) {
			unpriced = 1;
			continue;
		}
		lc_usage_init(&u);
		u.time = now;
		u.tier = tier;
		snprintf(u.provider, sizeof u.provider, "%s", r->rates.provider);
		snprintf(u.model, sizeof u.model, "%s", r->rates.model);
		u.input_tokens = r->input - r->cached;
		u.cache_read_tokens = r->cached;
		u.output_tokens = r->output;
		if (lc_price_usage(cat, &u, &r->cost, NULL) != LC_OK || !r->cost.priced) {
			unpriced = 1;
			continue;
		}
		r->priced = 1;
		r->over_context = r->rates.context_window > 0 &&
				  r->input + r->output > r->rates.context_window;
		r->over_output = r->rates.max_output_tokens > 0 &&
				 r->output > r->rates.max_output_tokens;
	}
	qsort(rows, n, sizeof rows[0], cmp_rows);
	if (json)
		print_json(rows, n, chat, len, skipped, out_source);
	else
		print_table(rows, n);
	if (unpriced) {
		fflush(stdout);
		for (i = 0; i < n; i++)
			if (!rows[i].priced)
				fprintf(stderr, "llmcost estimate: no price known for '%s'\n", rows[i].model);
		rc = EXIT_UNPRICED;
	}
out:
	lc_catalog_free(cat);
	free(list);
	free(text);
	return rc;
}
