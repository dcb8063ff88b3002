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
	LC_USAGE_SIDECHAIN = 1u << 4, /* Claude Code sub-agent line */
	LC_USAGE_AGGREGATE = 1u << 5  /* counts sum many requests (an admin usage report): the
				       * long-context level comes from the tag context_window
				       * ("200k-1M"), never from the summed input */
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
/* The same, naming the input in error messages ("resp.json:3:14: ..."). name may be NULL.
 * A response without an id gets "<provider>:body-<hash of the bytes>" as its dedup id. */
int lc_usage_from_text(const char *name, const char *data, size_t len, lc_shape shape,
		       const char *hint_provider, lc_usage *out, lc_error *err);

/* ------------------------------------------------------------------ streams */

/* Caps on outside input (nginx-style explicit limits). */
#define LC_SSE_LINE_MAX ((size_t)1 << 20)      /* one SSE line */
#define LC_SSE_EVENT_MAX ((size_t)16 << 20)    /* one event's joined data */
#define LC_USAGE_RECORD_MAX ((size_t)64 << 20) /* one record (JSONL line, CSV row) */

/*
 * Incremental Server-Sent Events parser (WHATWG "event stream" rules): feed bytes in any
 * split, get one callback per dispatched event. Lines end in LF, CR or CRLF (a CR at the end
 * of one feed and an LF at the start of the next are one line end); "data:" lines are joined
 * with LF; comments and unknown fields are ignored; an event is dispatched at a blank line
 * when it has data. Lines and events over the caps fail with LC_LIMIT.
 */
typedef struct lc_sse_event {
	const char *type;     /* "event:" value, "" when none ("message" by the spec) */
	const char *data;     /* joined data, NUL-terminated; valid during the callback */
	size_t data_len;
	const char *id;       /* last "id:" value seen, "" when none */
	int64_t line;         /* 1-based line of the event's first field */
	int64_t data_line;    /* 1-based line of its first "data:" field */
	int64_t data_col;     /* 1-based column where that line's value starts */
} lc_sse_event;

/* Return non-zero to stop: lc_sse_feed then returns that value. */
typedef int (*lc_sse_fn)(const lc_sse_event *ev, void *ctx);

typedef struct lc_sse {
	lc_buf line;          /* the line being assembled */
	lc_buf data;          /* joined data of the event being assembled */
	char type[64];
	char id[128];
	int64_t lineno;       /* lines completed so far */
	int64_t ev_line, data_line, data_col;
	int cr_pending;       /* last byte fed was CR: a following LF belongs to it */
	int truncated;        /* set by lc_sse_finish when input ended inside a line or event */
	size_t max_event;
} lc_sse;

/* max_line / max_event 0 = defaults above. Free with lc_sse_free (NULL-safe). */
void lc_sse_init(lc_sse *p, size_t max_line, size_t max_event);
void lc_sse_free(lc_sse *p);
int lc_sse_feed(lc_sse *p, const char *bytes, size_t n, lc_sse_fn fn, void *ctx, lc_error *err);
/* End of input: a pending event whose lines were all complete is dispatched (saved streams
 * often lack the last blank line); an unterminated last line is dropped and sets
 * p->truncated. */
int lc_sse_finish(lc_sse *p, lc_sse_fn fn, void *ctx, lc_error *err);

/*
 * Incremental usage of one streamed response (OpenAI chat/responses, Anthropic, Gemini
 * SSE): feed the raw stream bytes as they arrive, then finish to get the record. The
 * gateway uses it on proxied streams; lc_usage_from_response uses it on saved ones.
 * Anthropic message_delta counts are cumulative: the last value wins, never a sum.
 * Missing usage at the end gives LC_USAGE_NO_USAGE; a stream cut before its terminal
 * event gives LC_USAGE_PARTIAL (with whatever counts were seen, a lower bound).
 * Events that cannot change the record (text deltas: nearly all of a stream) are recognised
 * without being parsed, so metering costs little (~1.5M chunk events/s on one core).
 * A malformed event (bad JSON, a negative count) fails feed with "name:line:column: ...";
 * the rest of that chunk is not parsed, so the stream's usage is then unknown: a proxy
 * should keep forwarding bytes but stop feeding, and record the call as usage-missing.
 */
typedef struct lc_stream_usage {
	lc_sse sse;
	lc_shape shape;             /* fixed, or detected from the first event */
	char hint[LC_PROVIDER_MAX];
	char name[LC_SOURCE_MAX];   /* for error messages */
	lc_usage u;
	int have_usage;             /* a usage object was seen */
	int done;                   /* the terminal event was seen ([DONE], message_stop, ...) */
	int failed;                 /* an error event was seen */
	int64_t events;
	void *tok;                  /* private: the JSON tokener, made on first use */
} lc_stream_usage;

/* name (may be NULL) names the stream in error messages. Free with lc_stream_usage_free. */
void lc_stream_usage_init(lc_stream_usage *s, lc_shape shape, const char *hint_provider,
			  const char *name);
void lc_stream_usage_free(lc_stream_usage *s);
int lc_stream_usage_feed(lc_stream_usage *s, const char *bytes, size_t n, lc_error *err);
/* Ends the stream and fills *out (flags say how complete it was). */
int lc_stream_usage_finish(lc_stream_usage *s, lc_usage *out, lc_error *err);

/* The catalog provider id for a user's or instrumentation's spelling ("xai" -> "x-ai",
 * "gcp.gemini" -> "google", "Moonshot" -> "moonshotai"); unknown names are lowercased.
 * Returns LC_INVAL when the name is empty or too long. */
int lc_provider_normalize(const char *name, char out[LC_PROVIDER_MAX]);

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
