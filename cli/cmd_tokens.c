/*
 * cmd_tokens.c - `llmcost tokens`: count the tokens of a text exactly (o200k_base,
 * cl100k_base), optionally print the ids. See docs/tokens.md.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define TOKENS_MAX_INPUT ((size_t)256 << 20)

int cmd_tokens(int argc, char **argv);

static void usage(FILE *f)
{
	fprintf(f,
		"usage: llmcost tokens [--encoding E | --model M] [--json] [--ids]\n"
		"                      [--replace-invalid] [FILE|-]\n"
		"\n"
		"Count the tokens of FILE (or standard input) exactly as OpenAI's tiktoken does.\n"
		"  --encoding E        %s (default o200k_base)\n"
		"  --model M           the encoding of model M (gpt-4o, gpt-4, ...); for models\n"
		"                      without a public tokenizer (claude, gemini) an estimate\n"
		"  --json              {\"encoding\", \"tokens\", \"bytes\"} as JSON\n"
		"  --ids               print the token ids too\n"
		"  --replace-invalid   read invalid UTF-8 as U+FFFD (default: refuse it)\n",
		lc_encoding_list());
}

/* Write ids separated by sep, through a local buffer (--ids on 10 MB is 2.5M numbers). */
static void print_ids(const lc_tokens *t, const char *sep)
{
	char buf[1 << 14];
	size_t i, len = 0, seplen = strlen(sep);
	for (i = 0; i < t->n; i++) {
		char num[16];
		int k = 0;
		uint32_t v = t->ids[i];
		do
			num[k++] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		if (len + 32 > sizeof buf) {
			fwrite(buf, 1, len, stdout);
			len = 0;
		}
		if (i) {
			memcpy(buf + len, sep, seplen);
			len += seplen;
		}
		while (k)
			buf[len++] = num[--k];
	}
	fwrite(buf, 1, len, stdout);
}

int cmd_tokens(int argc, char **argv)
{
	static const struct option opts[] = {
		{"encoding", required_argument, 0, 'e'}, {"model", required_argument, 0, 'm'},
		{"json", no_argument, 0, 'j'},           {"ids", no_argument, 0, 'i'},
		{"replace-invalid", no_argument, 0, 'r'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}};
	const char *encname = NULL, *model = NULL, *path = "-";
	int json = 0, ids = 0, lossy = 0, c, rc = EXIT_OK_;
	const lc_encoding *enc = NULL;
	lc_tok_model tm;
	lc_tokens toks = {0};
	lc_error err = {0};
	char *text = NULL;
	size_t len = 0, count = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'e': encname = optarg; break;
		case 'm': model = optarg; break;
		case 'j': json = 1; break;
		case 'i': ids = 1; break;
		case 'r': lossy = 1; break;
		case 'h': usage(stdout); return EXIT_OK_;
		default: return cli_usage("tokens", "unknown option");
		}
	}
	if (encname && model)
		return cli_usage("tokens", "give --encoding or --model, not both");
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc)
		return cli_usage("tokens", "one input at a time");

	if (model) {
		if (lc_tok_model_find(model, &tm, &err) != LC_OK)
			return cli_fail("tokens", err.code, err.msg);
		enc = tm.enc;
		if (ids && !tm.exact)
			return cli_usage("tokens", "--ids needs an exact encoding; %s is an estimate",
					 model);
	} else if (lc_encoding_find(encname ? encname : "o200k_base", &enc, &err) != LC_OK) {
		return cli_fail("tokens", err.code, err.msg);
	}
	if (lc_read_file(path, TOKENS_MAX_INPUT, &text, &len, &err) != LC_OK)
		return cli_fail("tokens", err.code, err.msg);
	if (lossy) {
		char *clean;
		size_t cleanlen;
		if ((rc = lc_utf8_replace_invalid(text, len, &clean, &cleanlen)) != LC_OK) {
			rc = cli_fail("tokens", rc, NULL);
			goto out;
		}
		free(text);
		text = clean;
		len = cleanlen;
	}
	if (ids ? lc_tok_encode(enc, text, len, &toks, &err) : lc_tok_count(enc, text, len, &count, &err)) {
		rc = cli_fail("tokens", err.code, err.msg);
		goto out;
	}
	if (ids)
		count = toks.n;
	if (model)
		count = lc_tok_model_scale(&tm, count);

	if (json) {
		lc_buf b;
		lc_buf_init(&b, 4096);
		lc_buf_puts(&b, "{\"encoding\": ");
		lc_buf_json_str(&b, lc_encoding_name(enc), strlen(lc_encoding_name(enc)));
		if (model) {
			lc_buf_puts(&b, ", \"model\": ");
			lc_buf_json_str(&b, model, strlen(model));
			lc_buf_printf(&b, ", \"exact\": %s", tm.exact ? "true" : "false");
			if (!tm.exact) {
				lc_buf_puts(&b, ", \"basis\": ");
				lc_buf_json_str(&b, tm.basis, strlen(tm.basis));
			}
		}
		lc_buf_printf(&b, ", \"tokens\": %zu, \"bytes\": %zu", count, len);
		fputs(b.data, stdout);
		lc_buf_free(&b);
		if (ids) {
			fputs(", \"ids\": [", stdout);
			print_ids(&toks, ", ");
			fputs("]", stdout);
		}
		fputs("}\n", stdout);
	} else {
		if (ids) {
			print_ids(&toks, " ");
			putchar('\n');
		} else {
			printf("%zu\n", count);
		}
		if (model && !tm.exact)
			fprintf(stderr, "llmcost tokens: %s\n", tm.basis);
	}
out:
	lc_tokens_free(&toks);
	free(text);
	return rc;
}
