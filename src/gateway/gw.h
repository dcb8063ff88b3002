/*
 * gw.h - the gateway's internal structures and the interfaces between its rooms (private to
 * src/gateway): the server (server.c) owns client connections, the upstream client
 * (upstream.c) owns pooled provider connections, the proxy (proxy.c) owns one request from
 * its parsed head to its metered row, and the smaller rooms (meter, budget, ratelimit,
 * cache, metrics, admin) each own one kind of state. Everything runs on the event-loop
 * thread except the ledger writer inside meter.c.
 */
#ifndef LC_GW_GW_H
#define LC_GW_GW_H

#include <stdint.h>
#include <string.h>
#include <uv.h>

#include "gateway/config.h"
#include "gateway/http.h"
#include "gateway/sse.h"

typedef struct gw_conn gw_conn;
typedef struct gw_ups gw_ups;
typedef struct gw_req gw_req;
typedef struct gw_meter gw_meter;
typedef struct gw_spool gw_spool;
typedef struct gw_curl gw_curl;
typedef struct gw_budgets gw_budgets;
typedef struct gw_rates gw_rates;
typedef struct gw_cache gw_cache;
typedef struct gw_metrics gw_metrics;

/* ------------------------------------------------------------------ server */

struct lc_gateway {
	lc_gw_config cfg;
	uv_loop_t loop;
	uv_tcp_t listener;
	uv_async_t stop_async;
	uv_timer_t tick;
	int port;
	int nconns;
	int stopping;
	int stop_requested;
	gw_conn *conns;          /* every open client connection (doubly linked) */
	gw_ups *idle[GW_MAX_PROVIDERS]; /* pooled keep-alive upstream connections */
	int nidle[GW_MAX_PROVIDERS];
	struct sockaddr_storage up_addr[GW_MAX_PROVIDERS];
	unsigned rr[GW_MAX_ALIASES]; /* round-robin cursors */
	gw_http_limits lim;
	lc_keys *keys;
	int64_t keys_version;
	lc_catalog *cat;
	lc_ledger *ledger_ro;    /* read side, used at startup to rebuild budget spend */
	gw_meter *meter;
	gw_spool *spool;
	int spool_lock;          /* fd holding "<ledger>.spool.lock" (gw_spool_lock), or -1 */
	gw_curl *curl;            /* the libcurl client, when a provider uses it */
	int64_t replayed;        /* rows recovered from a crash spool at start-up */
	gw_budgets *budgets;
	gw_rates *rates;
	gw_cache *cache;
	gw_metrics *metrics;
	FILE *access;
	char instance[16];
	uint64_t seq;
	int ninflight;
	gw_req *live;            /* every request object in use (proxy.c), for the stop */
	uint64_t grace_ms;       /* graceful stop: in-flight work is cut after this long */
	int64_t npaused;          /* times a stream was paused for a slow client */
	struct json_tokener *tok;  /* reused for request bodies */
	gw_req *spare;           /* freed request objects kept for reuse (proxy.c) */
	int nspare;
};

/* A client connection. Bytes not yet consumed live in `in`; one request at a time. */
enum { CONN_HEAD, CONN_BODY, CONN_BUSY };
#define GW_KC_SECRET 320 /* = sizeof gw_req.auth */

struct gw_conn {
	uv_tcp_t tcp;
	uv_timer_t timer;
	lc_gateway *gw;
	gw_conn *prev, *next;
	lc_buf in;
	size_t scan;
	int state;
	int handles;             /* open libuv handles; freed when 0 */
	int closing;
	int reading;
	int in_process;          /* process() is on the stack: a nested call asks it for */
	int again;               /* another turn instead of recursing */
	int wq_wait;             /* reading stopped until the write queue drains */
	int linger;              /* refused on its head: reading and dropping until closed */
	size_t lingered;         /* bytes dropped so far */
	gw_req *req;             /* the request being served, or NULL */
	gw_chunked ch;
	int64_t body_left;       /* Content-Length bytes still to read */
	uint64_t deadline;       /* loop time the timer is for; 0 = none (server.c: lazy timer) */
	/* The secret this connection presented last and its SHA-256: a keep-alive client
	 * sends the same key on every request, and hashing it was ~3k instructions each
	 * (gw_key_find). Only a function of the bytes, so nothing to invalidate. */
	uint8_t kc_h[32];
	size_t kc_len;           /* 0 = none */
	char kc_secret[GW_KC_SECRET];
};

/* Send bytes to the client (copied). Returns 0, or -1 if the connection is gone. */
int gw_conn_write(gw_conn *c, const char *p, size_t n);
/* The same for two pieces (a head and a body) sent together. */
int gw_conn_write2(gw_conn *c, const char *p, size_t n, const char *q, size_t m);
/* The response for the current request is fully queued: continue with the next request
 * on a keep-alive connection, or close. */
void gw_conn_done(gw_conn *c, int keep_alive);
void gw_conn_close(gw_conn *c);
/* A new request id: "gw-<instance>-<seq>". */
void gw_new_id(lc_gateway *gw, char *out, size_t cap);

/* ------------------------------------------------------------------ upstream client */

struct gw_ups {
	uv_tcp_t tcp;
	uv_connect_t creq;
	uv_timer_t timer;
	lc_gateway *gw;
	gw_ups *next;            /* idle list */
	int provider;
	int handles;
	int closing;
	int reused;              /* came from the pool: a failure before any byte may retry */
	int connected;           /* the connect succeeded (the request could be sent) */
	int writing;             /* request writes in flight: not poolable until 0 */
	int timed_out;           /* this exchange failed by upstream_timeout_ms */
	int got_bytes;
	gw_req *req;
	lc_buf in;
	size_t scan;
	int have_head;
	int status;
	int keep_alive;
	int chunked;
	int64_t remain;          /* content-length left; -1 = until close */
	gw_chunked ch;
	char *pending;           /* request bytes to write once connected */
	size_t npending;
	int timing;              /* an exchange is timed: idle upstream_timeout_ms -> fail */
	uint64_t last_io;        /* loop time of its last read (or of its start) */
};

/* Start sending request bytes (copied) to a provider; replies arrive through
 * gw_proxy_up_head/body/done. Returns 0 or an lc_err. */
int gw_ups_send(lc_gateway *gw, int provider, gw_req *r, const char *data, size_t len,
		gw_ups **out);
/* Detach the request and close the connection (no more callbacks). */
void gw_ups_abort(gw_ups *u);
/* Stop (on = 1) or resume reading the response: flow control for slow clients. */
void gw_ups_pause(gw_ups *u, int on);
void gw_ups_close_idle(lc_gateway *gw);

/* The libcurl multi client (curl.c): HTTPS providers, or any provider with client: curl. */
int gw_curl_new(lc_gateway *gw, gw_curl **out, lc_error *err);
void gw_curl_free(gw_curl *c);
/* Send the prepared raw request; replies arrive through gw_proxy_up_* like upstream.c's. */
int gw_curl_send(gw_curl *c, int provider, gw_req *r, const char *raw, size_t len, void **out);
/* Detach the request (no more callbacks); curl ends the transfer at its next callback. */
void gw_curl_abort(void *handle);
void gw_curl_pause(void *handle, int on);
/* End the transfer now (no more callbacks); only from outside curl's callbacks. */
void gw_curl_cancel(void *handle);

/* ------------------------------------------------------------------ proxy */

#define GW_ID_MAX 48

/* Decimal digits of v into out (at least 21 bytes; no NUL); returns how many. For heads
 * and ids written per request, where snprintf's vfprintf was a measurable share. */
static inline size_t gw_fmt_u64(char *out, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* snprintf(dst, cap, "%s", src) without vfprintf: copies at most cap - 1 bytes and
 * terminates (cap > 0). */
static inline void gw_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Free the request objects kept for reuse (at shutdown). */
void gw_req_spares_free(lc_gateway *gw);
/* Start serving a complete request. The proxy owns r from here. */
gw_req *gw_req_new(gw_conn *c, const gw_head *h, lc_error *err);
lc_buf *gw_req_body(gw_req *r);
/* Route and authenticate on the head alone, before a body is read: 0, or -1 when the
 * request was refused (answered with Connection: close, and freed). */
int gw_req_admit(gw_req *r);
void gw_req_start(gw_req *r);
/* The client connection went away while the request was in flight. */
void gw_req_client_gone(gw_req *r);
/* The graceful stop's grace period is over: cut every upstream exchange still running and
 * meter it (reason=shutdown). */
void gw_req_cut_all(lc_gateway *gw);
/* The client's write queue shrank: a paused upstream may resume. */
void gw_req_writable(gw_req *r);
/* Upstream events. head: status and headers (valid only during the call). */
void gw_proxy_up_head(gw_req *r, const gw_head *h);
void gw_proxy_up_body(gw_req *r, const char *p, size_t n);
/* err: 0 = the response is complete; else the connection failed (an lc_err). */
void gw_proxy_up_done(gw_req *r, int err, int got_bytes);

/* Write a complete JSON error response in the provider-neutral OpenAI shape. */
void gw_send_error(gw_conn *c, int status, const char *type, const char *msg, const char *req_id,
		   const char *extra_headers, int keep_alive);

/* ------------------------------------------------------------------ metering */

/* Start the writer thread on a ledger opened by the caller (meter takes ownership). After
 * each commit it tells the spool (may be NULL) how far rows are safe in the ledger. */
int gw_meter_start(lc_ledger *lg, gw_spool *spool, size_t spool_max, int batch_max,
		   gw_meter **out, lc_error *err);
/* Queue a record (copied) with its spool sequence number (0 = not spooled). */
int gw_meter_push(gw_meter *m, const lc_record *r, uint64_t seq);
/* Rows queued and not yet committed. */
size_t gw_meter_backlog(gw_meter *m);
/* Flush everything, stop the thread, close the ledger. */
/* Rows the ledger refused by their content and the writer skipped (meter.c: step). */
int64_t gw_meter_rejected(gw_meter *m);
/* Drain and stop; the rows that could not be committed (a ledger failing at shutdown). */
size_t gw_meter_stop(gw_meter *m);

/* ------------------------------------------------------------------ crash spool */

/* Replay rows left in "<prefix>.spool.*" by a killed gateway into lg (one transaction),
 * then delete the files. *rows receives the count. */
int gw_spool_replay(const char *prefix, lc_ledger *lg, int64_t *rows, lc_error *err);
int gw_spool_open(const char *prefix, gw_spool **out, lc_error *err);
/* Append a row (loop thread) before its response completes; *seq numbers it. */
int gw_spool_append(gw_spool *s, const lc_record *r, uint64_t *seq);
/* Rows up to seq are committed to the ledger (writer thread). */
void gw_spool_committed(gw_spool *s, uint64_t seq);
/* Close; removes the files when every row was committed. */
void gw_spool_close(gw_spool *s);
/* Rows from seq on may have reached no queue (a failed push): their segments are kept, and
 * replayed at the next start, whatever is committed meanwhile. */
void gw_spool_keep(gw_spool *s, uint64_t seq);
/* One gateway per spool: an exclusive lock on "<prefix>.spool.lock", held (fd open) for
 * the gateway's life, taken before the replay. LC_DB when another process holds it. */
int gw_spool_lock(const char *prefix, int *fd, lc_error *err);

/* ------------------------------------------------------------------ budgets */

/* A reservation against every budget that applies to a request, with the period each was
 * taken in (the cost is charged there). */
typedef struct gw_hold {
	int n;
	int soft_over;           /* a soft budget is past its limit (admitted anyway) */
	int idx[1 + GW_MAX_BUDGETS];
	lc_time_ms pstart[1 + GW_MAX_BUDGETS];
	lc_money amount;
} gw_hold;

int gw_budgets_new(gw_budgets **out);
void gw_budgets_free(gw_budgets *b);
/* Make the key's own budget and its tags known (O(1); again whenever the key changed). */
void gw_budgets_sync_key(gw_budgets *b, const lc_key_info *k);
void gw_budgets_add_rule(gw_budgets *b, const gw_budget_rule *r);
/* Reserve `amount` on the key's own budget and on every tag budget the KEY's own tags
 * select (never a client's x-llmcost-tags), all or nothing, in the periods of now.
 * LC_BUDGET when a hard budget would be exceeded; *which names it. */
int gw_budgets_reserve(gw_budgets *b, const char *key_id, lc_money amount, lc_time_ms now,
		       gw_hold *h, char *which, size_t wcap);
/* Replace the reservation with the actual cost, charged to the periods it was reserved in
 * (dropped from a period already over: it is in the ledger under its start time). */
void gw_budgets_settle(gw_budgets *b, gw_hold *h, lc_money actual);
/* Add already-committed spend (startup replay from the ledger; the row's key tag picks
 * the budgets, as at reservation). */
void gw_budgets_replay(gw_budgets *b, const lc_record *r);
/* Reserved total (0 after every request settled). */
lc_money gw_budgets_reserved(gw_budgets *b);
/* Append Prometheus gauges (limit, spent, reserved per budget; soft alerts). */
void gw_budgets_render(gw_budgets *b, lc_buf *out);

/* ------------------------------------------------------------------ rate limits */

/* Tokens a request reserved in its key's window (reserve-then-settle, like budgets). */
typedef struct gw_rate_hold {
	int64_t tokens;          /* reserved; 0 = nothing held */
	lc_time_ms window;       /* start of the window of admission */
} gw_rate_hold;

int gw_rates_new(gw_rates **out);
void gw_rates_free(gw_rates *r);
/* Admit one request for key at now that may use up to `tokens` tokens (input estimate +
 * max output): refused while the window's requests reach rpm, or its used plus reserved
 * tokens reach tpm. Admitted: the tokens are reserved in *h. 0 or LC_LIMIT with
 * *retry_after_s set. */
int gw_rates_admit(gw_rates *r, const lc_key_info *k, int64_t tokens, lc_time_ms now,
		   gw_rate_hold *h, int *retry_after_s);
/* Replace the reservation by the tokens actually used (0 for a request that never went),
 * counted in the window of admission; a no-op for an empty hold. */
void gw_rates_settle(gw_rates *r, const char *key_id, gw_rate_hold *h, int64_t used);

/* ------------------------------------------------------------------ cache */

typedef struct gw_cached {
	int status;
	char content_type[64];
	char *body;              /* owned by the cache */
	size_t len;
	lc_money cost;           /* what the original call cost: the saving of a hit */
} gw_cached;

int gw_cache_new(int64_t ttl_ms, size_t max_bytes, gw_cache **out);
void gw_cache_free(gw_cache *c);
/* Canonical key of a request for a tenant (sorted JSON keys, no whitespace). */
int gw_cache_key(const char *tenant, const char *path, const char *body, size_t len,
		 uint8_t key[32]);
const gw_cached *gw_cache_get(gw_cache *c, const uint8_t key[32], lc_time_ms now);
void gw_cache_put(gw_cache *c, const uint8_t key[32], const gw_cached *v, lc_time_ms now);

/* ------------------------------------------------------------------ metrics */

int gw_metrics_new(gw_metrics **out);
void gw_metrics_free(gw_metrics *m);
void gw_metrics_request(gw_metrics *m, const char *model, const char *key_id, int status,
			const lc_usage *u, const lc_cost *cost, int cache_hit, double seconds);
/* A request the gateway answered itself with an error (nothing forwarded). */
void gw_metrics_refused(gw_metrics *m, const char *key_id, int status, const char *type);
void gw_metrics_gauge(gw_metrics *m, int conns, int inflight, size_t backlog,
		      int64_t rejected);
int gw_metrics_render(gw_metrics *m, lc_buf *out);

#endif
