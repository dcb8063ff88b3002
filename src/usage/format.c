/*
 * format.c - the names of the usage file formats and the guess of a file's format from its
 * name and first bytes (lc_format_detect). The guess looks for field names that only one
 * format has, most specific first (a batch line contains a chat body, so batch is tried
 * before chat); when nothing is distinctive it says so rather than guess.
 */
#include <string.h>

#include "usage/usage_int.h"

static const struct {
	lc_format fmt;
	const char *name;
} names[] = {
	{LC_FMT_AUTO, "auto"},
	{LC_FMT_OPENAI, "openai"},
	{LC_FMT_ANTHROPIC, "anthropic"},
	{LC_FMT_GEMINI, "gemini"},
	{LC_FMT_OPENAI_BATCH, "openai-batch"},
	{LC_FMT_ANTHROPIC_BATCH, "anthropic-batch"},
	{LC_FMT_OPENAI_USAGE, "openai-usage"},
	{LC_FMT_OPENAI_COSTS, "openai-costs"},
	{LC_FMT_ANTHROPIC_USAGE, "anthropic-usage"},
	{LC_FMT_ANTHROPIC_COSTS, "anthropic-costs"},
	{LC_FMT_OTEL, "otel"},
	{LC_FMT_CSV, "csv"},
};
#define NNAMES (sizeof names / sizeof names[0])

const char *lc_format_name(lc_format f)
{
	size_t i;
	for (i = 0; i < NNAMES; i++)
		if (names[i].fmt == f)
			return names[i].name;
	return "auto";
}

int lc_format_parse(const char *name, lc_format *out)
{
	size_t i;
	for (i = 0; i < NNAMES; i++) {
		if (strcmp(names[i].name, name) == 0) {
			*out = names[i].fmt;
			return LC_OK;
		}
	}
	if (strcmp(name, "google") == 0) {
		*out = LC_FMT_GEMINI;
		return LC_OK;
	}
	return LC_NOTFOUND;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int lc_format_detect(const char *name, const char *data, size_t len, lc_format *out)
{
	/* distinctive markers, most specific first; all must occur in the sniffed prefix */
	static const struct {
		lc_format fmt;
		const char *a, *b;
	} marks[] = {
		{LC_FMT_OTEL, "\"resourceSpans\"", NULL},
		{LC_FMT_OPENAI_USAGE, "\"organization.usage.", NULL},
		{LC_FMT_OPENAI_COSTS, "\"organization.costs.result\"", NULL},
		{LC_FMT_ANTHROPIC_COSTS, "\"starting_at\"", "\"cost_type\""},
		{LC_FMT_ANTHROPIC_USAGE, "\"starting_at\"", "\"uncached_input_tokens\""},
		{LC_FMT_ANTHROPIC_COSTS, "\"starting_at\"", "\"amount\""},
		{LC_FMT_OPENAI_BATCH, "\"custom_id\"", "\"status_code\""},
		{LC_FMT_ANTHROPIC_BATCH, "\"custom_id\"", "\"result\""},
		{LC_FMT_GEMINI, "\"usageMetadata\"", NULL},
		{LC_FMT_GEMINI, "\"candidates\"", NULL},
		{LC_FMT_ANTHROPIC, "\"message_start\"", NULL},
		{LC_FMT_ANTHROPIC, "\"type\":\"message\"", NULL},
		{LC_FMT_ANTHROPIC, "\"cache_creation_input_tokens\"", NULL},
		{LC_FMT_OPENAI, "\"chat.completion", NULL},
		{LC_FMT_OPENAI, "\"response.", NULL},
		{LC_FMT_OPENAI, "\"object\":\"response\"", NULL},
		{LC_FMT_OPENAI, "\"prompt_tokens\"", NULL},
		{LC_FMT_OPENAI, "\"input_tokens_details\"", NULL},
	};
	size_t n = len < ((size_t)1 << 20) ? len : ((size_t)1 << 20), i;

	if (name && (ends_with(name, ".csv") || ends_with(name, ".CSV"))) {
		*out = LC_FMT_CSV;
		return LC_OK;
	}
	if (n && (memmem(data, n, "\"parentUuid\"", 12) || memmem(data, n, "\"token_count\"", 13)))
		return LC_NOTFOUND; /* a Claude Code or Codex log: agentlog's business */
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		if (memmem(data, n, marks[i].a, strlen(marks[i].a)) &&
		    (!marks[i].b || memmem(data, n, marks[i].b, strlen(marks[i].b)))) {
			*out = marks[i].fmt;
			return LC_OK;
		}
	}
	/* a header row of a CSV export: no braces, commas on the first line */
	{
		const char *nl = memchr(data, '\n', n);
		size_t k = nl ? (size_t)(nl - data) : n;
		if (k && !memchr(data, '{', k) && memchr(data, ',', k)) {
			*out = LC_FMT_CSV;
			return LC_OK;
		}
	}
	return LC_NOTFOUND;
}
