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

#ifdef __cplusplus
}
#endif
#endif
