/*
 * llmcost/usage.h - the normalized usage record every source is mapped to, and the
 * normalizers for provider responses and streams.
 *
 * Normalization (FORMATS.md, "the crux"): token kinds in lc_usage are DISJOINT, so a price
 * applies to each exactly once:
 *   input_tokens        uncached, non-cache-write input (Anthropic's `input_tokens`;
 *                       OpenAI prompt_tokens - cached - cache_write; Gemini prompt - cached)
 *   cache_read_tokens   input read from a prompt cache
 *   cache_write_5m/1h   input written to a prompt cache (Anthropic ephemeral 5m / 1h;
 *                       OpenAI cache_write_tokens count as 5m)
 *   output_tokens       all billable output, reasoning included (Gemini: candidates+thoughts)
 *   reasoning_tokens    informational subset of output_tokens; never priced separately
 * Total input (for long-context tiers) = input + cache_read + cache_write_5m + cache_write_1h.
 */
#ifndef LLMCOST_USAGE_H
#define LLMCOST_USAGE_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LC_ID_MAX 160       /* dedup key */
#define LC_PROVIDER_MAX 48
#define LC_MODEL_MAX 128
#define LC_SESSION_MAX 128
#define LC_TAG_KEY_MAX 32
#define LC_TAG_VAL_MAX 96
#define LC_TAGS_MAX 8
#define LC_SOURCE_MAX 256

/* Service tier of a request: changes the price row that applies. */
typedef enum lc_tier {
	LC_TIER_STANDARD = 0,
	LC_TIER_BATCH,
	LC_TIER_FLEX,
	LC_TIER_PRIORITY
} lc_tier;

const char *lc_tier_name(lc_tier t);            /* "standard", "batch", ... */
int lc_tier_parse(const char *s, lc_tier *out); /* accepts provider spellings ("default", "flex-tier") */

/* Record flags (bit set). */
enum {
	LC_USAGE_ESTIMATED = 1u << 0, /* token counts estimated (e.g. stream without usage) */
	LC_USAGE_PARTIAL = 1u << 1,   /* stream cut short; counts are a lower bound */
	LC_USAGE_NO_USAGE = 1u << 2,  /* the source carried no usage at all */
	LC_USAGE_FAST = 1u << 3,      /* Anthropic fast mode (speed:"fast") */
	LC_USAGE_SIDECHAIN = 1u << 4  /* Claude Code sub-agent line */
};

typedef struct lc_tag {
	char key[LC_TAG_KEY_MAX];
	char val[LC_TAG_VAL_MAX];
} lc_tag;

typedef struct lc_usage {
	char id[LC_ID_MAX];             /* dedup key; unique per billable call within a source */
	lc_time_ms time;                /* when the call happened (UTC ms) */
	char provider[LC_PROVIDER_MAX]; /* catalog provider id: "openai", "anthropic", "google", ... */
	char model[LC_MODEL_MAX];       /* model name as reported (matching happens in pricing) */
	char session[LC_SESSION_MAX];   /* session / conversation id, "" when unknown */
	lc_tier tier;
	uint32_t flags;

	int64_t input_tokens;
	int64_t cache_read_tokens;
	int64_t cache_write_5m_tokens;
	int64_t cache_write_1h_tokens;
	int64_t output_tokens;
	int64_t reasoning_tokens;
	int64_t web_search_requests;

	/* A cost the source itself reported (provider export, old Claude Code costUSD);
	 * has_source_cost says whether it is set. Kept beside ours, never instead of it. */
	int has_source_cost;
	lc_money source_cost;
	char source_currency[4];

	int ntags;
	lc_tag tags[LC_TAGS_MAX];
} lc_usage;

/* Zero a record (time 0, tier standard, no tags). */
void lc_usage_init(lc_usage *u);

/* Total input incl. cache reads and writes (what long-context tiers are chosen by). */
static inline int64_t lc_usage_input_total(const lc_usage *u)
{
	return u->input_tokens + u->cache_read_tokens + u->cache_write_5m_tokens +
	       u->cache_write_1h_tokens;
}

/* Set or replace tag key=val; LC_LIMIT when full, LC_INVAL when too long. */
int lc_usage_set_tag(lc_usage *u, const char *key, const char *val);
const char *lc_usage_get_tag(const lc_usage *u, const char *key); /* NULL when absent */

/* ------------------------------------------------------------------ normalizers */

/* Which shape a provider payload has. LC_SHAPE_AUTO detects it from the content. */
typedef enum lc_shape {
	LC_SHAPE_AUTO = 0,
	LC_SHAPE_OPENAI_CHAT,      /* chat.completion JSON or chat.completion.chunk SSE */
	LC_SHAPE_OPENAI_RESPONSES, /* response JSON or response.* SSE events */
	LC_SHAPE_OPENAI_EMBEDDINGS,
	LC_SHAPE_ANTHROPIC,        /* message JSON or message_* SSE events */
	LC_SHAPE_GEMINI            /* generateContent JSON or streamed chunks */
} lc_shape;

/*
 * Normalize one complete provider response (JSON body) or stream (SSE text) into *out.
 * `hint_provider` (may be NULL) names the provider for OpenAI-compatible APIs ("deepseek",
 * "groq", ...) since their bodies look like OpenAI's. A stream that ends before its usage
 * arrives yields LC_USAGE_NO_USAGE or LC_USAGE_PARTIAL, never zeros passed off as real.
 * Errors carry line:column of the offending byte.
 */
int lc_usage_from_response(const char *data, size_t len, lc_shape shape,
			   const char *hint_provider, lc_usage *out, lc_error *err);

/* ------------------------------------------------------------------ files of records */

/* File formats that hold usage records (agent logs are in agentlog.h). */
typedef enum lc_format {
	LC_FMT_AUTO = 0,
	LC_FMT_OPENAI,          /* response JSON, SSE stream, or JSONL of responses */
	LC_FMT_ANTHROPIC,
	LC_FMT_GEMINI,
	LC_FMT_OPENAI_BATCH,    /* OpenAI Batch API output JSONL */
	LC_FMT_ANTHROPIC_BATCH, /* Anthropic message-batch results JSONL */
	LC_FMT_OPENAI_USAGE,    /* OpenAI organization Usage API pages */
	LC_FMT_OPENAI_COSTS,    /* OpenAI organization Costs API pages */
	LC_FMT_ANTHROPIC_USAGE, /* Anthropic Admin usage_report/messages pages */
	LC_FMT_ANTHROPIC_COSTS, /* Anthropic Admin cost_report pages */
	LC_FMT_OTEL,            /* OTLP JSON traces with GenAI spans */
	LC_FMT_CSV              /* CSV with a header row and a column mapping */
} lc_format;

const char *lc_format_name(lc_format f);                /* "openai-batch", ... */
int lc_format_parse(const char *name, lc_format *out); /* LC_NOTFOUND for unknown names */
/* Guess the format from the file name and its first bytes; LC_NOTFOUND when unsure. */
int lc_format_detect(const char *name, const char *data, size_t len, lc_format *out);

typedef struct lc_parse_opts {
	const char *source_name;   /* file name used in error messages and dedup keys */
	const char *hint_provider; /* for OpenAI-compatible providers; may be NULL */
	const char *csv_mapping;   /* "col=field,..." for LC_FMT_CSV; NULL = default names */
	int skip_invalid;          /* 1: count and skip bad records instead of failing */
	int64_t *nskipped;         /* receives the count of skipped records; may be NULL */
} lc_parse_opts;

/* Called once per record; `line` is the 1-based line where the record starts. A non-zero
 * return stops the parse and is returned. */
typedef int (*lc_usage_fn)(const lc_usage *u, int64_t line, void *ctx);

/*
 * Parse a whole file of records. Every record is validated before the first callback when
 * skip_invalid is 0, so a caller inside a transaction can roll back cleanly on error; errors
 * name source_name:line:column.
 */
int lc_usage_parse_file(const char *data, size_t len, lc_format fmt, const lc_parse_opts *o,
			lc_usage_fn fn, void *ctx, lc_error *err);

#ifdef __cplusplus
}
#endif
#endif
