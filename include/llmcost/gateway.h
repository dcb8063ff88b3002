/*
 * llmcost/gateway.h - the metered LLM gateway: an OpenAI- and Anthropic-compatible HTTP/1.1
 * proxy that meters every call into the ledger, enforces virtual keys, budgets and rate
 * limits, caches exact repeats and routes between models. `llmcost serve` is a thin shell
 * around lc_gw_*; `llmcost keys` around lc_keys_*.
 *
 * Threads: lc_gw_run runs one event loop on the calling thread (all client and upstream I/O)
 * and one ledger-writer thread it owns. lc_gw_stop may be called from any thread or a
 * signal handler.
 */
#ifndef LLMCOST_GATEWAY_H
#define LLMCOST_GATEWAY_H

#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ configuration */

typedef struct lc_gw_config lc_gw_config;

/* Parse a YAML configuration (docs/formats/gateway-config.md). name is used in error
 * messages ("gateway.yaml:12:3: ..."). The caller frees *out with lc_gw_config_free. */
int lc_gw_config_parse(const char *yaml, size_t len, const char *name, lc_gw_config **out,
		       lc_error *err);
/* Read and parse a file; NULL path gives the built-in defaults (no providers). */
int lc_gw_config_load(const char *path, lc_gw_config **out, lc_error *err);
/* Flags for the _flags variants. KEYS_ONLY is for key management (`llmcost keys`): provider
 * and admin secrets are not read from the environment or files and CA files are not
 * checked, so managing keys needs no provider secret; lc_gw_create refuses such a config. */
#define LC_GW_CONFIG_KEYS_ONLY 1u
int lc_gw_config_parse_flags(const char *yaml, size_t len, const char *name, unsigned flags,
			     lc_gw_config **out, lc_error *err);
int lc_gw_config_load_flags(const char *path, unsigned flags, lc_gw_config **out,
			    lc_error *err);
void lc_gw_config_free(lc_gw_config *cfg);
/* Override the listen address ("127.0.0.1:8080", "[::1]:0"); port 0 picks a free port. */
int lc_gw_config_set_listen(lc_gw_config *cfg, const char *addr, lc_error *err);
/* Override the ledger URL (a SQLite path); keys live in the same file unless keys_db is set. */
int lc_gw_config_set_ledger(lc_gw_config *cfg, const char *url, lc_error *err);

/* Set the access log: a file path, "-" for stderr, "" for none. */
int lc_gw_config_set_access_log(lc_gw_config *cfg, const char *path, lc_error *err);

/* ------------------------------------------------------------------ the server */

typedef struct lc_gateway lc_gateway;

/* Bind the listener, open the ledger and the key store, start the writer thread. Nothing
 * is served until lc_gw_run. cfg is copied; the caller may free it afterwards. */
int lc_gw_create(const lc_gw_config *cfg, lc_gateway **out, lc_error *err);
/* The port actually bound (useful with port 0). */
int lc_gw_port(const lc_gateway *gw);
/* The host it listens on, as configured ("127.0.0.1"). */
const char *lc_gw_listen_host(const lc_gateway *gw);
/* Serve until lc_gw_stop; then finish in-flight responses (bounded), flush every metered
 * row to the ledger and return. */
int lc_gw_run(lc_gateway *gw, lc_error *err);
/* Ask lc_gw_run to return. Async-signal-safe. */
void lc_gw_stop(lc_gateway *gw);
void lc_gw_free(lc_gateway *gw);

/* ------------------------------------------------------------------ virtual keys */

typedef struct lc_keys lc_keys;

/* Open (creating its tables) the key store in the SQLite file at path. */
int lc_keys_open(const char *path, lc_keys **out, lc_error *err);
/* Open the key store a gateway with this configuration uses: cfg's keys_db, else its
 * ledger file, else the default ledger (cfg may be NULL). */
int lc_gw_keys_open(const lc_gw_config *cfg, lc_keys **out, lc_error *err);
void lc_keys_close(lc_keys *ks);

#define LC_KEY_ID_MAX 24
#define LC_KEY_SECRET_MAX 64
#define LC_KEY_LIST_MAX 512

/* What a key carries. Strings are NUL-terminated; empty means "none". */
typedef struct lc_key_info {
	char id[LC_KEY_ID_MAX];          /* public id, "key_3f9a0c1b2d4e" */
	char name[LC_TAG_VAL_MAX];
	char hint[16];                    /* "lck-...a1b2": prefix and last 4, never more */
	char tags[LC_KEY_LIST_MAX];       /* "team=ml,project=search" */
	char models[LC_KEY_LIST_MAX];     /* allowed models, comma-separated; "" = any */
	int has_budget;
	lc_money budget;                  /* USD per period */
	char period[8];                   /* "day", "week", "month" */
	char zone[64];                    /* IANA zone for the period; "" = UTC */
	int soft;                         /* 1: alert only, 0: hard (refuse) */
	int64_t rpm, tpm;                 /* requests / tokens per minute; 0 = unlimited */
	int admin;                        /* may use the admin API */
	lc_time_ms created, expires, revoked; /* 0 = never */
} lc_key_info;

/*
 * Create a key from info (id, hint, created are filled in). The secret is written to
 * secret (LC_KEY_SECRET_MAX bytes) and exists nowhere else: only its SHA-256 is stored.
 */
int lc_keys_create(lc_keys *ks, lc_key_info *info, char *secret, lc_error *err);
/* Is name (n bytes) a tag the gateway sets on rows itself (key, cache, reason, budget,
 * saved_usd, reported_model)? Neither a key's tags nor a client's x-llmcost-tags may. */
int lc_key_tag_reserved(const char *name, size_t n);

/* Check a key's tags ("k=v,k=v"): plain characters (letters, digits, space, -_.:/@), each
 * name once, none of the names the gateway sets itself (key, cache, reason, budget,
 * saved_usd, reported_model). LC_INVAL with a message otherwise. lc_keys_create refuses
 * what it refuses. */
int lc_key_tags_check(const char *tags, lc_error *err);
/* Look a secret up (constant-time compare of its hash). LC_NOTFOUND when unknown;
 * revoked or expired keys are returned too (the caller decides, and can say why). */
int lc_keys_lookup(lc_keys *ks, const char *secret, size_t len, lc_key_info *out, lc_error *err);
int lc_keys_get(lc_keys *ks, const char *id, lc_key_info *out, lc_error *err);
int lc_keys_revoke(lc_keys *ks, const char *id, lc_error *err);
typedef int (*lc_key_fn)(const lc_key_info *k, void *ctx);
int lc_keys_each(lc_keys *ks, lc_key_fn fn, void *ctx, lc_error *err);
/* Append k as a JSON object (id, hint, name, tags, models, budget as a decimal string with
 * "currency", period, zone, mode, rpm, tpm, admin, created, revoked). Never the secret. */
void lc_key_info_json(lc_buf *b, const lc_key_info *k);
/* The key table's highest change number: every key created or changed (revoked...), by
 * any process, gets the next one. -1 on a database error. */
int64_t lc_keys_version(lc_keys *ks);
/* fn for at most max keys changed after change number `since`, in change order; *last is
 * the change number of the last one given (since when none): call again from *last until
 * it reaches lc_keys_version. */
int lc_keys_each_since(lc_keys *ks, int64_t since, int max, lc_key_fn fn, void *ctx,
		       int64_t *last, lc_error *err);

#ifdef __cplusplus
}
#endif
#endif
