/*
 * catalog/catalog.h - the catalog's internal data model, shared by the loaders (genai-prices,
 * LiteLLM, user overrides), the build-time generator, the matcher and the cost engine.
 *
 * A catalog "layer" is a set of flat arrays with no pointers inside: providers, models,
 * match rules, price rows and one string pool (strings are byte offsets into it). Because
 * the arrays are plain data, the build-time generator (gen/catalog_gen.c) writes the bundled
 * layer out as C initializers and the binary uses it in place: opening the default catalog
 * costs no parsing at all. A user override file is loaded into a heap layer of the same
 * shape and consulted first.
 *
 * Prices are per token (per request for web search) in atto units held in int64: the largest
 * price this allows is 9.2 USD per token, far above any real one (loaders refuse larger).
 */
#ifndef LC_CATALOG_INTERNAL_H
#define LC_CATALOG_INTERNAL_H

#include <stdint.h>

#include "llmcost/pricing.h"

/* Price kinds: the public lc_price_kind (pricing.h). */
enum {
	CAT_K_INPUT = LC_KIND_INPUT,
	CAT_K_CACHE_READ = LC_KIND_CACHE_READ,
	CAT_K_CACHE_WRITE_5M = LC_KIND_CACHE_WRITE_5M,
	CAT_K_CACHE_WRITE_1H = LC_KIND_CACHE_WRITE_1H,
	CAT_K_OUTPUT = LC_KIND_OUTPUT,
	CAT_K_WEB_SEARCH = LC_KIND_WEB_SEARCH,
	CAT_K_REQUEST = LC_KIND_REQUEST,
	CAT_K_N = LC_KIND_COUNT
};

#define CAT_LEVELS LC_RATE_LEVELS
#define CAT_NONE UINT32_MAX
#define CAT_NO_START INT64_MIN

enum { CAT_SRC_GENAI = 0, CAT_SRC_LITELLM = 1, CAT_SRC_OVERRIDE = 2 };

/* Match-rule operators (genai-prices' vocabulary). */
enum { CAT_R_EQUALS = 0, CAT_R_STARTS, CAT_R_ENDS, CAT_R_CONTAINS, CAT_R_REGEX, CAT_R_OR, CAT_R_AND };

typedef struct cat_rule {
	uint8_t op;
	uint32_t str;  /* operand (leaf) */
	uint32_t kid0; /* first child (or/and); children are contiguous */
	uint32_t nkid;
} cat_rule;

typedef struct cat_row {
	uint32_t model;
	uint32_t id;        /* provenance: "provider/model@start[#svc]" in the string pool */
	int64_t start;      /* ms; CAT_NO_START when the row has no start date */
	int32_t tod_start;  /* time-of-day window in seconds [start, end), -1: none */
	int32_t tod_end;
	uint8_t svc;        /* lc_tier this row prices */
	uint8_t source;     /* CAT_SRC_* */
	uint8_t nlevels;    /* 1..CAT_LEVELS */
	uint8_t has;        /* bit k: kind k given by the data (others are derived) */
	char currency[4];
	int64_t threshold[CAT_LEVELS];         /* level l applies when total input > threshold[l] */
	int64_t rate[CAT_LEVELS][CAT_K_N];     /* atto per token */
} cat_row;

typedef struct cat_model {
	uint32_t provider;
	uint32_t id;      /* catalog model id */
	uint32_t name;    /* display name (may equal id) */
	uint32_t rule;    /* match rule, CAT_NONE: the id (and alias) match exactly */
	uint32_t alias;   /* second exact name (LiteLLM's full key), CAT_NONE when none */
	uint32_t row0, nrow;
	int64_t context_window; /* 0 when unknown */
	int64_t max_output;
	int64_t fast_mult;      /* fast-mode multiplier in atto units, 0 when unknown */
	uint8_t source;
} cat_model;

typedef struct cat_provider {
	uint32_t id, name;
	uint32_t model_rule;    /* infers this provider from a model name, CAT_NONE */
	uint32_t provider_rule; /* matches other spellings of the provider, CAT_NONE */
	uint32_t fallback;      /* "openai,anthropic" providers to try next, CAT_NONE */
	uint32_t model0, nmodel;
} cat_provider;

typedef struct cat_layer {
	const cat_provider *providers;
	uint32_t nprovider;
	const cat_model *models;
	uint32_t nmodel;
	const cat_row *rows;
	uint32_t nrow;
	const cat_rule *rules;
	uint32_t nrule;
	const char *strings;
	uint32_t nstrings;
	const char *version;
} cat_layer;

static inline const char *cat_str(const cat_layer *l, uint32_t off)
{
	return off == CAT_NONE ? NULL : l->strings + off;
}

/* ------------------------------------------------------------------ builder */

/* A layer under construction (heap arrays). Models are added to a provider in order; a
 * finished builder is sorted into the layer shape by cat_builder_finish. */
typedef struct cat_builder cat_builder;

cat_builder *cat_builder_new(void);
void cat_builder_free(cat_builder *b);
/* Intern s (len bytes, or (size_t)-1) in the string pool; CAT_NONE on allocation failure. */
uint32_t cat_builder_str(cat_builder *b, const char *s, size_t len);
/* Find or add a provider by id; returns its index or -1 (no memory). */
int64_t cat_builder_provider(cat_builder *b, const char *id);
cat_provider *cat_builder_provider_at(cat_builder *b, uint32_t i);
int64_t cat_builder_find_provider(const cat_builder *b, const char *id);
/* Add a model to provider p; returns its index or -1. */
int64_t cat_builder_model(cat_builder *b, uint32_t provider, const char *id);
cat_model *cat_builder_model_at(cat_builder *b, uint32_t i);
int64_t cat_builder_find_model(const cat_builder *b, uint32_t provider, const char *id);
uint32_t cat_builder_nmodel(const cat_builder *b);
const char *cat_builder_strat(const cat_builder *b, uint32_t off);
uint32_t cat_builder_nprovider(const cat_builder *b);
/* The builder's arrays as they are (builder indices, not grouped): for matching rules and
 * scanning models while loading. Valid until the builder next changes. */
void cat_builder_view(const cat_builder *b, cat_layer *out);
/* Add a row for model m (a zeroed row with start CAT_NO_START, 1 level); NULL on no memory.
 * The pointer is valid until the next cat_builder_row call. */
cat_row *cat_builder_row(cat_builder *b, uint32_t model);
/* Reserve n contiguous rules; returns the index of the first or CAT_NONE. */
uint32_t cat_builder_rules(cat_builder *b, uint32_t n);
cat_rule *cat_builder_rule_at(cat_builder *b, uint32_t i);
/* View the builder as a layer (rows grouped by model, models by provider). The view stays
 * valid until the builder changes or is freed. */
int cat_builder_finish(cat_builder *b, cat_layer *out, lc_error *err);

/* ------------------------------------------------------------------ loaders */

/* Copy src into dst (cap bytes, NUL-terminated, truncating): the cheap snprintf("%s")
 * for the hot pricing path. Returns dst. */
char *cat_copy(char *dst, size_t cap, const char *src);

/* snprintf for JSON paths in error messages: truncation is harmless there. */
void cat_path(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct json_object;

/* Per-million price text ("1.25", "1.5e-07" as a per-token number) to atto per token. */
int cat_price_per_mtok(const char *text, int64_t *atto);
int cat_price_per_token(const char *text, int64_t *atto);

/* genai-prices v2 data (the whole array). Errors name `name` and a JSON path. */
int cat_load_genai(cat_builder *b, struct json_object *root, const char *name, lc_error *err);
/* genai-prices "prices" value (object or list of constrained rows) into rows of model m,
 * for service tier svc. */
int cat_load_genai_prices(cat_builder *b, uint32_t m, struct json_object *prices,
			  uint8_t source, uint8_t svc, const char *currency, const char *path,
			  lc_error *err);
/* One row: an object of prices and an optional constraint (may be NULL). */
int cat_load_genai_row(cat_builder *b, uint32_t m, struct json_object *prices,
		       struct json_object *constraint, uint8_t source, uint8_t svc,
		       const char *currency, const char *path, lc_error *err);
/* A genai-prices match rule into the builder; *out receives its index. */
int cat_load_rule(cat_builder *b, struct json_object *o, const char *path, uint32_t *out,
		  lc_error *err);
/* LiteLLM model_prices_and_context_window.json, merged into what b already holds. */
int cat_load_litellm(cat_builder *b, struct json_object *root, const char *name, lc_error *err);

/* Derive the prices the data leaves out (cache reads at the input rate, Anthropic 1h cache
 * writes at 2x input, ...) and mark them; run once after all loaders. */
void cat_fill_derived(cat_builder *b);

/* ------------------------------------------------------------------ matching */

/* 1 when pattern compiles as a PCRE2 regular expression. */
int cat_regex_valid(const char *pattern);
/* Does rule r of layer l match s? Regex rules use PCRE2 (compiled on each call by the
 * low-level function; lc_catalog caches compiled patterns). */
int cat_rule_match(const cat_layer *l, uint32_t r, const char *s);

/* The bundled layer (generated at build time) and its version. */
extern const cat_layer lc__bundled_layer;

#endif
