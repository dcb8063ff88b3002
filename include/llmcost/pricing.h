/*
 * llmcost/pricing.h - the price catalog and the exact cost engine.
 *
 * A catalog holds dated price rows per (provider, model): per-token prices for each token
 * kind, request-level long-context tiers, service-tier (batch/flex/priority) rates, a
 * currency, and where each row came from. The bundled catalog merges genai-prices
 * (primary) and LiteLLM (supplement); a user override file adds negotiated or private
 * prices on top. Model names match by exact, ordered rules, never fuzzily.
 */
#ifndef LLMCOST_PRICING_H
#define LLMCOST_PRICING_H

#include "usage.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lc_catalog lc_catalog;

/* Load the bundled catalog plus the user's override file when present
 * ($LLMCOST_PRICES, else $XDG_CONFIG_HOME/llmcost/prices.json). Caller frees with
 * lc_catalog_free. */
int lc_catalog_open_default(lc_catalog **out, lc_error *err);
void lc_catalog_free(lc_catalog *cat);
/* A short identifier of the catalog's content, stored with every costed record. */
const char *lc_catalog_version(const lc_catalog *cat);

/* The outcome of pricing one usage record. */
typedef struct lc_cost {
	int priced;              /* 0: unknown model; amounts are zero and must be shown as unpriced */
	char currency[4];        /* "USD", "CNY" */
	lc_money input;          /* uncached input */
	lc_money cache_read;
	lc_money cache_write;    /* 5m + 1h */
	lc_money output;
	lc_money other;          /* web search and other per-request fees */
	lc_money total;          /* exactly the sum of the parts above */
	char provider[LC_PROVIDER_MAX]; /* catalog provider id matched */
	char model[LC_MODEL_MAX];       /* catalog model id matched */
	char price_id[128];      /* the price row used (provider/model@start[#tier]) */
	char price_source[32];   /* "genai-prices", "litellm", "override" */
	char catalog_version[32];
} lc_cost;

/*
 * Price u with cat at u->time. On success fills *out and returns LC_OK. An unknown model
 * fills *out with priced = 0 and returns LC_UNPRICED (a normal outcome, not a failure).
 */
int lc_price_usage(const lc_catalog *cat, const lc_usage *u, lc_cost *out, lc_error *err);

/* ------------------------------------------------------------------ rates */

/* The price kinds of a row. Per token, except LC_KIND_WEB_SEARCH (per search) and
 * LC_KIND_REQUEST (per request). */
typedef enum lc_price_kind {
	LC_KIND_INPUT = 0,
	LC_KIND_CACHE_READ,
	LC_KIND_CACHE_WRITE_5M,
	LC_KIND_CACHE_WRITE_1H,
	LC_KIND_OUTPUT,
	LC_KIND_WEB_SEARCH,
	LC_KIND_REQUEST, /* a fee per request (each usage record is one request) */
	LC_KIND_COUNT
} lc_price_kind;

#define LC_RATE_LEVELS 4       /* base + up to 3 long-context thresholds */
#define LC_TIME_NONE INT64_MIN /* "no start date" */

/*
 * The rates of one price row, for the gateway, estimators and `prices show`. Level 0 is the
 * base; level l > 0 applies to a whole request when its total input (lc_usage_input_total)
 * is strictly above threshold[l]. `given` has bit k set when kind k came from the data; the
 * others are derived (cache read/write at the input rate, Anthropic 1h writes at 2x input,
 * a service tier's missing kinds and long-context levels scaled from standard) and documented in
 * docs/prices.md.
 */
typedef struct lc_rates {
	char provider[LC_PROVIDER_MAX];
	char model[LC_MODEL_MAX];
	char name[LC_MODEL_MAX];         /* display name */
	char price_id[128];              /* provenance: provider/model@start[#tier] */
	char price_source[32];           /* "genai-prices", "litellm", "override" */
	char currency[4];
	lc_tier tier;                    /* the service tier this row prices */
	lc_time_ms start;                /* LC_TIME_NONE when the row has no start date */
	int tod_start, tod_end;          /* daily window in seconds [start, end), -1 when none */
	int nlevels;
	int64_t threshold[LC_RATE_LEVELS];
	lc_money rate[LC_RATE_LEVELS][LC_KIND_COUNT];
	unsigned given;
	int64_t context_window;          /* 0 when unknown */
	int64_t max_output_tokens;       /* 0 when unknown */
	lc_money fast_multiplier;        /* Anthropic fast mode; zero when unknown */
} lc_rates;

/*
 * The rates that apply to (provider, model) at time `at` for service tier `tier`. provider
 * may be "" or NULL (inferred from the model by the catalog's match rules). When the model
 * has no row for that service tier the standard row is returned (out->tier says which).
 * Returns LC_OK, or LC_UNPRICED when no model matches.
 */
int lc_catalog_lookup(const lc_catalog *cat, const char *provider, const char *model,
		      lc_time_ms at, lc_tier tier, lc_rates *out, lc_error *err);

/* ------------------------------------------------------------------ browsing */

/* One model of the catalog, as the iterator sees it. Strings live as long as the catalog. */
typedef struct lc_catalog_model {
	const char *provider;
	const char *model;
	const char *name;
	const char *source;     /* where the model came from */
	size_t nrows;           /* dated / service-tier rows; read with lc_catalog_row */
	int64_t context_window; /* 0 when unknown */
	int64_t max_output_tokens;
	int shadowed;           /* 1: an override model of the same provider and id hides it */
} lc_catalog_model;

/* Number of models (override models first, then the bundled ones). */
size_t lc_catalog_count(const lc_catalog *cat);
/* Model i (0 <= i < count); LC_RANGE when out of range. */
int lc_catalog_model_at(const lc_catalog *cat, size_t i, lc_catalog_model *out);
/* Row j of model i, in catalog order (dated rows oldest first, then service tiers). */
int lc_catalog_row(const lc_catalog *cat, size_t i, size_t j, lc_rates *out);
/* The row of model i in force at `at` for tier (as lc_catalog_lookup). */
int lc_catalog_row_at(const lc_catalog *cat, size_t i, lc_time_ms at, lc_tier tier, lc_rates *out);
/* Index of the model (provider, model) resolves to, by the same rules as pricing;
 * LC_UNPRICED when none. */
int lc_catalog_find(const lc_catalog *cat, const char *provider, const char *model, size_t *index);

/* ------------------------------------------------------------------ other catalogs */

/* Which file format a price file is in. */
typedef enum lc_price_format {
	LC_PRICES_AUTO = 0,
	LC_PRICES_GENAI,    /* genai-prices v2 data.json (a list of providers) */
	LC_PRICES_LITELLM,  /* LiteLLM model_prices_and_context_window.json */
	LC_PRICES_OVERRIDE  /* llmcost's own file (docs/formats/prices.md) */
} lc_price_format;

/*
 * Open a catalog from a file alone (no bundled data): for `prices import` and `prices diff`.
 * Errors are "file:line:column: message". Caller frees with lc_catalog_free.
 */
int lc_catalog_open_file(const char *path, lc_price_format fmt, lc_catalog **out, lc_error *err);
/* The same from memory; name is used in error messages. */
int lc_catalog_open_mem(const char *data, size_t len, const char *name, lc_price_format fmt,
			lc_catalog **out, lc_error *err);
/* The bundled catalog without any user override. */
int lc_catalog_open_bundled(lc_catalog **out, lc_error *err);
/* Bundled catalog plus the override file at path (NULL: none). */
int lc_catalog_open_with(const char *override_path, lc_catalog **out, lc_error *err);

/* Write every model and row of cat as an override file (docs/formats/prices.md) to buf. */
int lc_catalog_write_json(const lc_catalog *cat, lc_buf *buf, lc_error *err);

/* ------------------------------------------------------------------ currencies */

/*
 * A user FX table: CSV lines "date,from,to,rate" (docs/formats/fx.md), e.g.
 * "2026-01-01,USD,CNY,7.1234". Conversion uses the latest rate dated at or before the
 * instant (the inverse of a from/to pair is used when only that is given, rounded half-even).
 */
typedef struct lc_fx lc_fx;

/* Load path; errors name file:line. Caller frees with lc_fx_free. */
int lc_fx_load(const char *path, lc_fx **out, lc_error *err);
int lc_fx_parse(const char *data, size_t len, const char *name, lc_fx **out, lc_error *err);
void lc_fx_free(lc_fx *fx);
/* *out = m converted from currency `from` to `to` at time `at`. Same currency: m.
 * LC_NOTFOUND when no rate is dated at or before `at`. */
int lc_fx_convert(const lc_fx *fx, lc_money m, const char *from, const char *to, lc_time_ms at,
		  lc_money *out, lc_error *err);

#ifdef __cplusplus
}
#endif
#endif
