/*
 * catalog/catalog_impl.h - the lc_catalog handle's layout, shared by the files that open
 * catalogs (open.c, override.c), resolve models (catalog.c) and price usage (pricing/).
 */
#ifndef LC_CATALOG_IMPL_H
#define LC_CATALOG_IMPL_H

#include <pthread.h>

#include "catalog/catalog.h"

#define CAT_CACHE 4096 /* power of two: resolved (provider, model) names */

typedef struct cat_ref {
	int layer;
	uint32_t model;
} cat_ref;

typedef struct cat_cache_slot {
	char *key; /* length of provider + 1 as one byte, provider, model */
	cat_ref ref;
	int found;
} cat_cache_slot;

/* A negotiated discount from the override file: the cost of matching usage is multiplied
 * by factor (1 - percent/100) from `start` on. model "" applies to the whole provider. */
typedef struct cat_discount {
	char provider[LC_PROVIDER_MAX];
	char model[LC_MODEL_MAX];
	lc_money factor;
	int64_t start; /* CAT_NO_START: always */
} cat_discount;

struct lc_catalog {
	int nlayers;
	cat_layer layers[2];     /* consulted in order: override, then bundled */
	cat_builder *owned[2];   /* builders behind heap layers */
	cat_discount *disc;
	size_t ndisc;
	char version[32];
	pthread_mutex_t lock;    /* guards cache */
	cat_cache_slot cache[CAT_CACHE];
};

lc_catalog *cat_new(void);
/* Resolve (provider, model) to a layer's model; 0 when nothing matches. */
int cat_resolve(const lc_catalog *cat, const char *provider, const char *model, cat_ref *out);
int64_t cat_find_provider(const cat_layer *l, const char *provider);
/* The row of m that prices usage at `at` for tier (standard when m has none for tier). */
const cat_row *cat_select_row(const cat_layer *l, const cat_model *m, lc_time_ms at, lc_tier tier);
void cat_fill_rates(const lc_catalog *cat, cat_ref ref, const cat_row *r, lc_rates *out);
/* The discount factor for (provider, model) at `at`; 0 when none applies. */
int cat_discount_for(const lc_catalog *cat, const char *provider, const char *model, lc_time_ms at,
		     lc_money *factor);

struct json_object;
/* Load an override file (parsed) into builder b and its discounts into cat. */
int cat_load_override(lc_catalog *cat, cat_builder *b, struct json_object *root, const char *name,
		      lc_error *err);
/* Byte offset of the JSON value a path ("[3].models[1].input_mtok") names in s. */
size_t cat_json_locate(const char *s, size_t len, const char *path);

#endif
