/*
 * proxy.c - one request from its parsed head to its metered row: route, authenticate,
 * check the model allowlist, pick a deployment, rate-limit, reserve the budget, answer from
 * cache or forward upstream (with fallback), pass streams through event by event, and write
 * exactly one ledger row per gateway request id, whatever happened.
 *
 * Order matters and is the security argument: every refusal (401/403/402/429/4xx) happens
 * before a single byte goes upstream, and the reservation is taken before forwarding and
 * settled (or released) when the request ends, client disconnects included.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"
#include "gateway/proxy.h"

/* ------------------------------------------------------------------ routes */

/* The route table. Every route names its credential; tests enumerate this table (T6.1). */
const gw_route gw_routes[] = {
	{"GET", "/healthz", GW_R_HEALTH, GW_AUTH_NONE},
	{"GET", "/metrics", GW_R_METRICS, GW_AUTH_NONE},
	{"GET", "/v1/models", GW_R_MODELS, GW_AUTH_KEY},
	{"POST", "/v1/chat/completions", GW_R_CHAT, GW_AUTH_KEY},
	{"POST", "/v1/responses", GW_R_RESPONSES, GW_AUTH_KEY},
	{"POST", "/v1/embeddings", GW_R_EMBEDDINGS, GW_AUTH_KEY},
	{"POST", "/v1/messages", GW_R_MESSAGES, GW_AUTH_KEY},
	{"GET", "/admin/keys", GW_R_ADMIN_LIST, GW_AUTH_ADMIN},
	{"POST", "/admin/keys", GW_R_ADMIN_CREATE, GW_AUTH_ADMIN},
	{"POST", "/admin/keys/revoke", GW_R_ADMIN_REVOKE, GW_AUTH_ADMIN},
	{NULL, NULL, 0, 0},
};

static const gw_route *find_route(const char *method, const char *path, int *wrong_method)
{
	*wrong_method = 0;
	for (const gw_route *rt = gw_routes; rt->path; rt++)
		if (!strcmp(rt->path, path)) {
			if (!strcmp(rt->method, method))
				return rt;
			*wrong_method = 1;
		}
	return NULL;
}

/* ------------------------------------------------------------------ request objects */

static int copy_hdr_n(const gw_head *h, const char *name, size_t n, char *out, size_t cap)
{
	const gw_hdr *x = gw_http_findn(h, name, n);
	out[0] = '\0';
	if (!x)
		return 0;
	if (x->vlen >= cap)
		return -1;
	memcpy(out, x->val, x->vlen);
	out[x->vlen] = '\0';
	return 0;
}
/* (name: a lower-case literal) */
#define copy_hdr(h, lit, out, cap) copy_hdr_n((h), (lit), sizeof(lit) - 1, (out), (cap))

/* Request objects are 7 KB and each came with three buffers grown from nothing (up to 6
 * reallocs per request): freed ones are kept, buffers included, and reused. Under ASan a
 * kept object is poisoned, so a use after free is still caught. */
#define SPARE_MAX 256
#define SPARE_BUF_MAX (64u << 10) /* a buffer grown larger than this is not kept */

#if defined(__SANITIZE_ADDRESS__)
#define GW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GW_ASAN 1
#endif
#endif
#ifdef GW_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* A zeroed request: a spare one (its buffers emptied, capacity kept) or a new one. */
static gw_req *req_alloc(lc_gateway *gw)
{
	gw_req *r = gw->spare;
	lc_buf body, resp, up;
	if (!r)
		return calloc(1, sizeof *r);
	UNPOISON(r, sizeof *r);
	gw->spare = r->next_spare;
	gw->nspare--;
	body = r->body;
	resp = r->resp;
	up = r->up_req;
	memset(r, 0, sizeof *r);
	r->body = body;
	r->resp = resp;
	r->up_req = up;
	lc_buf_reset(&r->body);
	lc_buf_reset(&r->resp);
	lc_buf_reset(&r->up_req);
	return r;
}

/* Keep a finished request for reuse, or free it. */
static void req_release(lc_gateway *gw, gw_req *r)
{
	if (gw->nspare >= SPARE_MAX || r->body.cap > SPARE_BUF_MAX ||
	    r->resp.cap > SPARE_BUF_MAX || r->up_req.cap > SPARE_BUF_MAX) {
		lc_buf_free(&r->body);
		lc_buf_free(&r->resp);
		lc_buf_free(&r->up_req);
		free(r);
		return;
	}
	r->next_spare = gw->spare;
	gw->spare = r;
	gw->nspare++;
	POISON(r, sizeof *r);
}

void gw_req_spares_free(lc_gateway *gw)
{
	while (gw->spare) {
		gw_req *r = gw->spare;
		UNPOISON(r, sizeof *r);
		gw->spare = r->next_spare;
		lc_buf_free(&r->body);
		lc_buf_free(&r->resp);
		lc_buf_free(&r->up_req);
		free(r);
	}
	gw->nspare = 0;
}

static void req_unlink(gw_req *r)
{
	if (r->live_prev)
		r->live_prev->live_next = r->live_next;
	else
		r->gw->live = r->live_next;
	if (r->live_next)
		r->live_next->live_prev = r->live_prev;
}

gw_req *gw_req_new(gw_conn *c, const gw_head *h, lc_error *err)
{
	gw_req *r = req_alloc(c->gw);
	size_t plen;
	if (!r) {
		lc_error_set(err, LC_NOMEM, "out of memory");
		return NULL;
	}
	r->gw = c->gw;
	r->conn = c;
	r->live_next = c->gw->live;
	if (r->live_next)
		r->live_next->live_prev = r;
	c->gw->live = r;
	r->t_start = lc_time_now();
	r->t0 = uv_hrtime();
	gw_new_id(r->gw, r->id, sizeof r->id);
	r->keep_alive = h->keep_alive;
	plen = h->tlen;
	for (size_t i = 0; i < h->tlen; i++)
		if (h->target[i] == '?') {
			plen = i;
			break;
		}
	if (h->mlen >= sizeof r->method || plen >= sizeof r->path) {
		lc_error_set(err, LC_INVAL, "request target too long");
		req_unlink(r);
		req_release(r->gw, r);
		return NULL;
	}
	memcpy(r->method, h->method, h->mlen);
	memcpy(r->path, h->target, plen);
	if (copy_hdr(h, "authorization", r->auth, sizeof r->auth) ||
	    copy_hdr(h, "x-api-key", r->xkey, sizeof r->xkey) ||
	    copy_hdr(h, "x-llmcost-tags", r->tags_hdr, sizeof r->tags_hdr) ||
	    copy_hdr(h, "anthropic-version", r->anth_version, sizeof r->anth_version) ||
	    copy_hdr(h, "anthropic-beta", r->anth_beta, sizeof r->anth_beta)) {
		lc_error_set(err, LC_LIMIT, "a request header is too long");
		req_unlink(r);
		req_release(r->gw, r);
		return NULL;
	}
	/* Values the aliases' header rules compare. A longer one than any rule value can
	 * match nothing: it is read as absent. */
	for (int i = 0; i < c->gw->cfg.nroute_hdrs; i++) {
		const char *name = c->gw->cfg.route_hdrs[i];
		if (copy_hdr_n(h, name, strlen(name), r->route_val[i], sizeof r->route_val[i]))
			r->route_val[i][0] = '\0';
	}
	r->body.max = c->gw->cfg.max_body ? c->gw->cfg.max_body : (size_t)-1 / 2;
	r->resp.max = c->gw->cfg.max_response ? c->gw->cfg.max_response : (size_t)-1 / 2;
	r->up_req.max = (size_t)-1 / 2;
	gw_sse_init(&r->sse, 4u << 20);
	c->gw->ninflight++;
	return r;
}

lc_buf *gw_req_body(gw_req *r)
{
	return &r->body;
}

static void req_free(gw_req *r)
{
	if (!r)
		return;
	r->gw->ninflight--;
	req_unlink(r);
	if (r->conn && r->conn->req == r)
		r->conn->req = NULL;
	if (r->su_on)
		lc_stream_usage_free(&r->su);
	gw_sse_free(&r->sse);
	if (r->json)
		json_object_put(r->json);
	req_release(r->gw, r);
}

/* ------------------------------------------------------------------ responses */

/* Append s to the head being built in h[*n] (cap bytes); 0, or -1 when it does not fit. */
static int put(char *h, size_t cap, size_t *n, const char *s, size_t len)
{
	if (len > cap - *n)
		return -1;
	memcpy(h + *n, s, len);
	*n += len;
	return 0;
}

#define PUT(s) put(head, sizeof head, &n, (s), strlen(s))

/* The response head is built in place with memcpy (no printf, no allocation) and sent with
 * the body in one vectored write: the bytes are those the printf version produced. */
static void send_response(gw_conn *c, int status, const char *ctype, const char *body,
			  size_t blen, const char *req_id, const char *extra, int keep_alive)
{
	char head[2048], st[24], cl[24];
	size_t n = 0, stn, cln;
	if (!c)
		return;
	stn = gw_fmt_u64(st, (uint64_t)(status > 0 ? status : 0));
	cln = gw_fmt_u64(cl, blen);
	if (PUT("HTTP/1.1 ") || put(head, sizeof head, &n, st, stn) || PUT(" ") ||
	    PUT(gw_http_reason(status)) || PUT("\r\nContent-Type: ") || PUT(ctype) ||
	    PUT("\r\nContent-Length: ") || put(head, sizeof head, &n, cl, cln) ||
	    PUT("\r\n") || (req_id && (PUT("x-llmcost-request-id: ") || PUT(req_id) || PUT("\r\n"))) ||
	    (extra && PUT(extra)) || PUT(keep_alive ? "\r\n" : "Connection: close\r\n\r\n")) {
		/* a head larger than 2 KB (long extra headers): the general path */
		lc_buf out;
		lc_buf_init(&out, 0);
		lc_buf_printf(&out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n",
			      status, gw_http_reason(status), ctype, blen);
		if (req_id)
			lc_buf_printf(&out, "x-llmcost-request-id: %s\r\n", req_id);
		if (extra)
			lc_buf_puts(&out, extra);
		lc_buf_puts(&out, keep_alive ? "\r\n" : "Connection: close\r\n\r\n");
		if (lc_buf_append(&out, body, blen) == 0)
			gw_conn_write(c, out.data, out.len);
		lc_buf_free(&out);
	} else {
		gw_conn_write2(c, head, n, body, blen);
	}
	gw_conn_done(c, keep_alive);
}

void gw_send_error(gw_conn *c, int status, const char *type, const char *msg, const char *req_id,
		   const char *extra_headers, int keep_alive)
{
	lc_buf b;
	lc_buf_init(&b, 0);
	lc_buf_puts(&b, "{\"error\":{\"message\":");
	lc_buf_json_str(&b, msg, strlen(msg));
	lc_buf_puts(&b, ",\"type\":");
	lc_buf_json_str(&b, type, strlen(type));
	lc_buf_printf(&b, ",\"code\":%d}}", status);
	send_response(c, status, "application/json", b.data, b.len, req_id, extra_headers,
		      keep_alive);
	lc_buf_free(&b);
}

/* Answer the client without metering (refusals before any upstream call). */
static void refuse(gw_req *r, int status, const char *type, const char *msg, const char *extra)
{
	gw_conn *c = r->conn;
	r->status = status;
	gw_access_log(r, NULL, NULL);
	/* model "-": a refused request's model is the client's word, not a label (one key
	 * could otherwise fill the series table with made-up names) */
	gw_metrics_request(r->gw->metrics, "-", r->has_key ? r->key.id : "-", status, NULL, NULL, 0,
			   (double)(uv_hrtime() - r->t0) / 1e9);
	gw_metrics_refused(r->gw->metrics, r->has_key ? r->key.id : "-", status, type);
	r->conn = NULL;
	if (c)
		c->req = NULL;
	gw_send_error(c, status, type, msg, r->id, extra, r->keep_alive);
	req_free(r);
}

/* ------------------------------------------------------------------ authentication */

/* Find the presented secret: "Authorization: Bearer X" or "x-api-key: X". */
static const char *presented(gw_req *r, size_t *len)
{
	if (r->auth[0]) {
		if (strncasecmp(r->auth, "Bearer ", 7) != 0)
			return NULL;
		*len = strlen(r->auth + 7);
		return r->auth + 7;
	}
	if (r->xkey[0]) {
		*len = strlen(r->xkey);
		return r->xkey;
	}
	return NULL;
}

/* 0 when allowed; otherwise the request was answered (401/403). */
static int authenticate(gw_req *r, int need)
{
	size_t len = 0;
	const char *s;
	lc_error err;
	lc_time_ms now = r->t_start;

	if (need == GW_AUTH_NONE)
		return 0;
	s = presented(r, &len);
	if (!s || !len) {
		refuse(r, 401, "authentication_error", "missing or malformed API key", NULL);
		return -1;
	}
	if (need == GW_AUTH_ADMIN && r->gw->cfg.admin_key[0] &&
	    gw_secret_eq(s, len, r->gw->cfg.admin_key)) {
		r->is_admin = 1;
		return 0;
	}
	if (gw_key_find(r->gw, r->conn, s, len, &r->key, &err) != 0) {
		refuse(r, 401, "authentication_error", "invalid API key", NULL);
		return -1;
	}
	if (r->key.revoked) {
		refuse(r, 401, "authentication_error", "API key revoked", NULL);
		return -1;
	}
	if (r->key.expires && r->key.expires <= now) {
		refuse(r, 401, "authentication_error", "API key expired", NULL);
		return -1;
	}
	r->has_key = 1;
	if (need == GW_AUTH_ADMIN && !r->key.admin) {
		refuse(r, 403, "permission_error", "this key may not use the admin API", NULL);
		return -1;
	}
	r->is_admin = r->key.admin;
	return 0;
}

int gw_model_allowed(const lc_key_info *k, const char *model)
{
	const char *p = k->models;
	size_t n = strlen(model);
	if (!*p)
		return 1;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == n && !memcmp(p, model, n))
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ simple routes */

static void serve_models(gw_req *r)
{
	lc_gw_config *cfg = &r->gw->cfg;
	lc_buf b;
	int first = 1;
	lc_buf_init(&b, 0);
	lc_buf_puts(&b, "{\"object\":\"list\",\"data\":[");
	for (int i = 0; i < cfg->naliases; i++) {
		if (!gw_model_allowed(&r->key, cfg->aliases[i].name))
			continue;
		lc_buf_puts(&b, first ? "" : ",");
		lc_buf_puts(&b, "{\"id\":");
		lc_buf_json_str(&b, cfg->aliases[i].name, strlen(cfg->aliases[i].name));
		lc_buf_puts(&b, ",\"object\":\"model\",\"owned_by\":\"llmcost\"}");
		first = 0;
	}
	lc_buf_puts(&b, "]}");
	r->status = 200;
	gw_access_log(r, NULL, NULL);
	{
		gw_conn *c = r->conn;
		r->conn = NULL;
		c->req = NULL;
		send_response(c, 200, "application/json", b.data, b.len, r->id, NULL, r->keep_alive);
	}
	lc_buf_free(&b);
	req_free(r);
}

static void serve_text(gw_req *r, const char *ctype, lc_buf *b)
{
	gw_conn *c = r->conn;
	r->conn = NULL;
	c->req = NULL;
	send_response(c, 200, ctype, b->data ? b->data : "", b->len, NULL, NULL, r->keep_alive);
	req_free(r);
}

/* ------------------------------------------------------------------ entry */

/* Route and authenticate: 0, or -1 when the request was refused (answered and freed). */
static int admit(gw_req *r)
{
	int wrong = 0;
	const gw_route *rt = find_route(r->method, r->path, &wrong);
	if (!rt) {
		refuse(r, wrong ? 405 : 404, "invalid_request", wrong ? "method not allowed" : "no such route",
		       NULL);
		return -1;
	}
	r->route = rt->kind;
	if (authenticate(r, rt->auth))
		return -1;
	r->admitted = 1;
	return 0;
}

int gw_req_admit(gw_req *r)
{
	int keep_alive = r->keep_alive;
	r->keep_alive = 0; /* a refusal now leaves the body unread: the connection closes */
	if (admit(r))
		return -1;
	r->keep_alive = keep_alive;
	return 0;
}

void gw_req_start(gw_req *r)
{
	lc_buf b;

	r->started = 1;
	if (!r->admitted && admit(r))
		return;
	switch (r->route) {
	case GW_R_HEALTH:
		lc_buf_init(&b, 0);
		lc_buf_puts(&b, "{\"status\":\"ok\"}\n");
		serve_text(r, "application/json", &b);
		lc_buf_free(&b);
		return;
	case GW_R_METRICS:
		lc_buf_init(&b, 0);
		gw_metrics_gauge(r->gw->metrics, r->gw->nconns, r->gw->ninflight - 1,
				 gw_meter_backlog(r->gw->meter), gw_meter_rejected(r->gw->meter));
		gw_metrics_render(r->gw->metrics, &b);
		gw_budgets_render(r->gw->budgets, &b);
		serve_text(r, "text/plain; version=0.0.4", &b);
		lc_buf_free(&b);
		return;
	case GW_R_MODELS:
		serve_models(r);
		return;
	case GW_R_ADMIN_LIST:
	case GW_R_ADMIN_CREATE:
	case GW_R_ADMIN_REVOKE:
		gw_admin_handle(r);
		return;
	default:
		gw_llm_start(r);
		return;
	}
}

void gw_req_done_simple(gw_req *r, int status, const char *ctype, const char *body, size_t len)
{
	gw_conn *c = r->conn;
	r->status = status;
	gw_access_log(r, NULL, NULL);
	r->conn = NULL;
	if (c)
		c->req = NULL;
	send_response(c, status, ctype, body, len, r->id, NULL, r->keep_alive);
	req_free(r);
}

void gw_req_refuse(gw_req *r, int status, const char *type, const char *msg, const char *extra)
{
	refuse(r, status, type, msg, extra);
}

void gw_req_free(gw_req *r)
{
	req_free(r);
}

void gw_req_cut_all(lc_gateway *gw)
{
	for (gw_req *r = gw->live, *next; r; r = next) {
		next = r->live_next;
		if (!r->ups && !r->cx)
			continue;
		if (r->cx)
			gw_curl_cancel(r->cx);
		else
			gw_ups_abort(r->ups);
		/* no retry, no fallback: the stop is bounded */
		r->shutdown = 1;
		r->attempt = gw->cfg.max_attempts;
		r->retry_this = 0;
		gw_proxy_up_done(r, LC_UPSTREAM, 1); /* meters the row, frees r */
	}
}

void gw_req_send(gw_req *r, int status, const char *ctype, const char *body, size_t len,
		 const char *extra)
{
	gw_conn *c = r->conn;
	r->conn = NULL;
	if (c) {
		c->req = NULL;
		send_response(c, status, ctype, body, len, r->id, extra, r->keep_alive);
	}
}
