/*
 * proxy.h - the request object shared by proxy.c (routing, authentication, simple answers),
 * forward.c (LLM calls: reserve, forward, stream, meter) and admin.c (the admin API).
 * Private to src/gateway.
 */
#ifndef LC_GW_PROXY_H
#define LC_GW_PROXY_H

#include <json-c/json.h>

#include "gateway/gw.h"

enum {
	GW_R_HEALTH = 1,
	GW_R_METRICS,
	GW_R_MODELS,
	GW_R_CHAT,
	GW_R_RESPONSES,
	GW_R_EMBEDDINGS,
	GW_R_MESSAGES,
	GW_R_ADMIN_LIST,
	GW_R_ADMIN_CREATE,
	GW_R_ADMIN_REVOKE
};
enum { GW_AUTH_NONE, GW_AUTH_KEY, GW_AUTH_ADMIN };

typedef struct gw_route {
	const char *method;
	const char *path;
	int kind;
	int auth;
} gw_route;
extern const gw_route gw_routes[];

struct gw_req {
	lc_gateway *gw;
	gw_req *next_spare;      /* in gw->spare while unused */
	gw_req *live_prev, *live_next; /* in gw->live while in use */
	gw_conn *conn;           /* NULL once the client went away or was answered */
	char id[GW_ID_MAX];
	lc_time_ms t_start;
	uint64_t t0;             /* uv_hrtime at arrival */
	int keep_alive;
	int route;
	int status;              /* what the client was (or is being) answered */
	char method[16];
	char path[256];
	char auth[320];
	char xkey[256];
	char tags_hdr[512];
	char anth_version[64];
	char anth_beta[256];
	char route_val[GW_MAX_ROUTE_HDRS][GW_RULE_VALUE_MAX]; /* the headers routing rules read */
	int rule;                /* the alias's header rule that routed it, + 1; 0 = none */
	lc_buf body;

	lc_key_info key;
	int has_key;
	int is_admin;
	int admitted;            /* routed and authenticated on its head (gw_req_admit) */

	/* the LLM call */
	json_object *json;
	char model_req[LC_MODEL_MAX];
	int stream;
	int64_t max_out;         /* the largest cap the body names; -1: none */
	int64_t n_out;           /* outputs generated ("n" choices), at least 1 */
	int64_t est_in;          /* upper bound on input tokens (body bytes) */
	int64_t tok_bound;       /* input + output tokens at worst (reserve_amount) */
	int server_input;        /* input stored at the provider (previous_response_id...) */
	int media;               /* images, files, audio: billed by what they point at */
	int cache_writes;        /* cache_control in the body: input may be written to cache */
	int64_t inject_cap;      /* a cap added to the upstream body (model without a known
				  * maximum output, none named); 0 = none */
	int asked_usage;         /* the client set stream_options.include_usage */
	int inject_usage;        /* we added stream_options.include_usage */
	int ntargets;
	gw_target targets[GW_MAX_TARGETS];
	int attempt;             /* upstream attempts made */
	int stale_retry;
	int cur;                 /* target of the current attempt */
	lc_buf up_req;           /* bytes of the upstream request */
	gw_ups *ups;
	void *cx;                /* the curl transfer, when the provider uses libcurl */
	gw_hold hold;
	gw_rate_hold rhold;      /* tokens reserved in the key's rate window */
	int held;
	int cache_on;
	uint8_t cache_key[32];

	/* the upstream response */
	int up_status;
	int retry_this;          /* 429/5xx being discarded for a fallback */
	int streaming;           /* SSE pass-through */
	char up_ctype[64];
	char up_retry_after[16];
	lc_buf resp;             /* buffered non-stream body */
	gw_sse sse;
	lc_stream_usage su;      /* usage accumulated from the stream as it passes */
	int su_on;
	int64_t delivered;       /* data bytes passed to the client */
	int64_t received;        /* data bytes of the answer read from upstream (streams) */
	int64_t up_clen;         /* the answer's Content-Length; -1 when none */
	int nevents;
	int client_gone;
	int cut;                 /* upstream ended the stream abnormally */
	int shutdown;            /* cut by the graceful stop's end (gw_req_cut_all) */
	int sse_error;
	int started;             /* handed to gw_req_start */
	int paused;              /* upstream reading stopped until the client drains */
};

/* proxy.c */
void gw_req_refuse(gw_req *r, int status, const char *type, const char *msg, const char *extra);
void gw_req_done_simple(gw_req *r, int status, const char *ctype, const char *body, size_t len);
void gw_req_send(gw_req *r, int status, const char *ctype, const char *body, size_t len,
		 const char *extra);
void gw_req_free(gw_req *r);
int gw_model_allowed(const lc_key_info *k, const char *model);

/* forward.c */
void gw_llm_start(gw_req *r);

/* admin.c */
void gw_admin_handle(gw_req *r);

/* gateway.c */
/* The key for a presented secret; c (may be NULL) remembers the secret's hash. */
int gw_key_find(lc_gateway *gw, gw_conn *c, const char *secret, size_t len, lc_key_info *out,
		lc_error *err);
void gw_keys_changed(lc_gateway *gw);
int gw_secret_eq(const char *a, size_t alen, const char *b);
void gw_access_log(gw_req *r, const lc_usage *u, const lc_cost *cost);

#endif
