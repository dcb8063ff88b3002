/*
 * config.h - the gateway configuration as plain data (private to src/gateway). config.c
 * fills it from YAML; everything else only reads it. Strings are owned by the struct.
 */
#ifndef LC_GW_CONFIG_H
#define LC_GW_CONFIG_H

#include "llmcost/gateway.h"

#define GW_MAX_PROVIDERS 16
#define GW_MAX_ALIASES 64
#define GW_MAX_TARGETS 8
#define GW_MAX_BUDGETS 32
#define GW_MAX_RULES 4       /* header rules per alias */
#define GW_MAX_ROUTE_HDRS 4  /* distinct request headers the rules of all aliases read */
#define GW_RULE_VALUE_MAX 128

enum { GW_KIND_OPENAI = 1, GW_KIND_ANTHROPIC = 2 };

typedef struct gw_provider {
	char name[LC_PROVIDER_MAX];
	char catalog[LC_PROVIDER_MAX]; /* provider id for pricing (default: name) */
	int kind;                      /* GW_KIND_* */
	char base_url[256];
	char host[128];                /* parsed from base_url */
	int port;
	int tls;                       /* https:// */
	int allow_private;             /* may resolve to loopback/private/link-local addresses */
	int use_curl;                  /* libcurl client (always for https://) */
	char path_prefix[128];         /* "/v1" */
	char api_key[256];             /* resolved from env or file at load; never logged */
	char ca_file[512];             /* PEM CA bundle trusted for this https upstream ("" = system) */
	int http2;                     /* https: offer HTTP/2 (ALPN), multiplex calls on a connection */
} gw_provider;

typedef struct gw_target {
	int provider;                  /* index into providers */
	char model[LC_MODEL_MAX];      /* model name sent upstream */
} gw_target;

/* A header rule of an alias: a request whose header (route_hdrs[hdr] of the config) has
 * exactly this value goes to these deployments (in order: fallback). */
typedef struct gw_rule {
	int hdr;
	char value[GW_RULE_VALUE_MAX];
	int ntargets;
	gw_target targets[GW_MAX_TARGETS];
} gw_rule;

/* An alias maps a requested model to deployments. Header rules first, in order; then the
 * tier: requests whose estimated input is below `below_tokens` go to `small` (when set);
 * else `targets`. */
typedef struct gw_alias {
	char name[LC_MODEL_MAX];
	int nrules;
	gw_rule rules[GW_MAX_RULES];
	int ntargets;
	gw_target targets[GW_MAX_TARGETS];
	int balance;                   /* 1: round-robin across targets; 0: in order (fallback) */
	int64_t below_tokens;
	int has_small;
	gw_target small;
} gw_alias;

typedef struct gw_budget_rule {
	char tag_key[LC_TAG_KEY_MAX];
	char tag_val[LC_TAG_VAL_MAX];
	lc_money limit;
	char period[8];
	char zone[64];
	int soft;
} gw_budget_rule;

struct lc_gw_config {
	char listen_host[64];
	int listen_port;
	char ledger[512];              /* "" = lc_ledger_open(NULL) default */
	char keys_db[512];             /* "" = same file as the ledger */
	char access_log[512];          /* "" = off, "-" = stderr */
	char admin_key[256];           /* resolved secret; "" = no admin API by secret */

	size_t max_head;
	int max_headers;
	size_t max_body;
	size_t max_response;           /* buffered (non-stream) upstream bodies */
	int64_t header_timeout_ms;
	int64_t idle_timeout_ms;
	int64_t upstream_timeout_ms;
	int max_connections;

	int64_t default_max_output;    /* reserve when the request names no max tokens */
	int allow_unpriced;
	int max_attempts;              /* upstream attempts per request (fallback) */

	int64_t cache_ttl_ms;          /* 0 = cache off */
	size_t cache_max_bytes;

	size_t spool_max;              /* metered rows waiting for the writer */
	int batch_max;

	int nproviders;
	gw_provider providers[GW_MAX_PROVIDERS];
	int naliases;
	gw_alias aliases[GW_MAX_ALIASES];
	int nroute_hdrs;
	char route_hdrs[GW_MAX_ROUTE_HDRS][64]; /* lower case: what the header rules read */
	int nbudgets;
	gw_budget_rule budgets[GW_MAX_BUDGETS];

	unsigned load_flags;           /* LC_GW_CONFIG_*: KEYS_ONLY configs are never served */
};

void gw_config_defaults(lc_gw_config *c);
/* Parse "provider/model" or a bare model (then the first provider of kind). -1 if none. */
int gw_config_target(const lc_gw_config *c, const char *spec, gw_target *t);
const gw_alias *gw_config_alias(const lc_gw_config *c, const char *name);
int gw_config_provider_of_kind(const lc_gw_config *c, int kind);
/* Split "http://host:port/prefix" into p's host, port, tls, path_prefix. */
int gw_parse_base_url(gw_provider *p, lc_error *err);

#endif
