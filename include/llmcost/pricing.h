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

#ifdef __cplusplus
}
#endif
#endif
