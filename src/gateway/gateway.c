/*
 * gateway.c - the gateway's lifetime (lc_gw_create/run/stop/free) and the glue that needs
 * all of it: provider address resolution at start-up, the in-memory key cache in front of
 * the key store (refreshed when another process changes keys), budget spend replayed from
 * the ledger, the access log, and the graceful stop (finish in-flight work, flush the
 * ledger writer, return).
 */
#include <netdb.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>

#include <json-c/json.h>

#include "gateway/proxy.h"


int gw_server_listen(lc_gateway *gw, lc_error *err);

#define KEYCACHE 1024
#define STOP_GRACE_MS 10000

/* ------------------------------------------------------------------ key cache */

typedef struct kc_ent {
	uint8_t h[32];
	int used;
	lc_key_info k;
} kc_ent;

static kc_ent *keycache; /* one gateway per process is the norm; guarded by the loop thread */
static lc_gateway *keycache_owner;

int gw_secret_eq(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	unsigned diff = (unsigned)(alen ^ blen);
	for (size_t i = 0; i < alen && i < blen; i++)
		diff |= (unsigned)(a[i] ^ b[i]);
	return diff == 0;
}

/* Same length and bytes, in time that depends only on the length. */
static int same_secret(const char *a, const char *b, size_t n)
{
	unsigned diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned)(a[i] ^ b[i]);
	return diff == 0;
}

int gw_key_find(lc_gateway *gw, gw_conn *conn, const char *secret, size_t len, lc_key_info *out,
		lc_error *err)
{
	uint8_t h[32];
	struct sha256_ctx c;
	kc_ent *e;
	int rc;

	if (conn && conn->kc_len == len && same_secret(conn->kc_secret, secret, len)) {
		memcpy(h, conn->kc_h, 32);
	} else {
		sha256_init(&c);
		sha256_update(&c, len, (const uint8_t *)secret);
		sha256_digest(&c, 32, h);
		if (conn && len <= sizeof conn->kc_secret) {
			memcpy(conn->kc_secret, secret, len);
			memcpy(conn->kc_h, h, 32);
			conn->kc_len = len;
		}
	}
	if (keycache_owner != gw) {
		free(keycache);
		keycache = calloc(KEYCACHE, sizeof *keycache);
		keycache_owner = gw;
	}
	e = keycache ? &keycache[(h[0] | (h[1] << 8)) % KEYCACHE] : NULL;
	if (e && e->used && !memcmp(e->h, h, 32)) {
		*out = e->k;
		return 0;
	}
	if ((rc = lc_keys_lookup(gw->keys, secret, len, out, err)))
		return rc;
	if (e) {
		memcpy(e->h, h, 32);
		e->k = *out;
		e->used = 1;
	}
	gw_budgets_sync_key(gw->budgets, out);
	return 0;
}

void gw_keys_changed(lc_gateway *gw)
{
	(void)gw;
	if (keycache)
		memset(keycache, 0, KEYCACHE * sizeof *keycache);
}

static int sync_one(const lc_key_info *k, void *ctx)
{
	gw_budgets_sync_key(ctx, k);
	return 0;
}

/* Keys re-read per tick at most: a script that changes 100,000 keys costs the loop a few
 * ms a second until it is caught up, never a stall. */
#define SYNC_PER_TICK 1000

static void on_tick(uv_timer_t *t)
{
	lc_gateway *gw = t->data;
	int64_t v = lc_keys_version(gw->keys), seen = gw->keys_version;
	if (v >= 0 && v != seen) {
		/* only the keys changed since the last tick (their change numbers grow) */
		if (v < seen)
			seen = 0; /* the table was replaced: read it again */
		if (keycache)
			memset(keycache, 0, KEYCACHE * sizeof *keycache);
		if (lc_keys_each_since(gw->keys, seen, SYNC_PER_TICK, sync_one, gw->budgets, &seen,
				       NULL) == 0)
			gw->keys_version = seen;
	}
	if (gw->access)
		fflush(gw->access);
}

/* ------------------------------------------------------------------ access log */

void gw_access_log(gw_req *r, const lc_usage *u, const lc_cost *cost)
{
	char t[32], c[LC_MONEY_STRMAX] = "-";
	const char *reason = u ? lc_usage_get_tag(u, "reason") : NULL;
	FILE *f = r->gw->access;
	if (!f)
		return;
	lc_time_format(r->t_start, t, sizeof t);
	if (cost && cost->priced)
		lc_money_format(cost->total, -1, c, sizeof c);
	/* Never the secret: the key id names the key. */
	fprintf(f, "%s %s key=%s %s %s %d model=%s in=%lld out=%lld cost=%s ms=%.3f%s%s%s\n", t,
		r->id, r->has_key ? r->key.id : "-", r->method, r->path, r->status,
		u && u->model[0] ? u->model : (r->model_req[0] ? r->model_req : "-"),
		(long long)(u ? lc_usage_input_total(u) : 0), (long long)(u ? u->output_tokens : 0), c,
		(double)(uv_hrtime() - r->t0) / 1e6, reason ? " reason=" : "", reason ? reason : "",
		u && (u->flags & LC_USAGE_ESTIMATED) ? " estimated" : "");
}

/* ------------------------------------------------------------------ start-up */

int lc_gw_keys_open(const lc_gw_config *cfg, lc_keys **out, lc_error *err)
{
	lc_ledger *lg = NULL;
	char path[512];
	int rc;
	if (cfg && cfg->keys_db[0])
		return lc_keys_open(cfg->keys_db, out, err);
	/* Opening the ledger creates it (and its folder) and names the file. */
	if ((rc = lc_ledger_open(cfg && cfg->ledger[0] ? cfg->ledger : NULL, &lg, err)))
		return rc;
	snprintf(path, sizeof path, "%s", lc_ledger_url(lg));
	lc_ledger_close(lg);
	return lc_keys_open(path, out, err);
}

/* Loopback, private, shared (CGNAT), link-local (cloud metadata), unspecified, multicast
 * and reserved addresses: where a misconfigured or malicious upstream would reach inside
 * (T6.3). IPv4-mapped IPv6 addresses are judged by their IPv4 part. */
static int private_v4(uint32_t a)
{
	return (a >> 24) == 127 || (a >> 24) == 10 || (a >> 24) == 0 || (a >> 20) == 0xac1 ||
	       (a >> 16) == 0xc0a8 || (a >> 16) == 0xa9fe || (a >> 22) == ((100u << 2) | (64u >> 6)) ||
	       (a >> 28) >= 0xe;
}

static int private_addr(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return private_v4(ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6) {
		const uint8_t *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		int zero = 1;
		for (int i = 0; i < 15; i++)
			zero &= b[i] == 0;
		if (zero) /* :: and ::1 */
			return 1;
		if (!memcmp(b, mapped, 12))
			return private_v4((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
					  (uint32_t)b[14] << 8 | b[15]);
		return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||
		       b[0] == 0xff;
	}
	return 1;
}

static int resolve_providers(lc_gateway *gw, lc_error *err)
{
	for (int i = 0; i < gw->cfg.nproviders; i++) {
		gw_provider *p = &gw->cfg.providers[i];
		struct addrinfo hints, *res = NULL;
		char port[8];
		memset(&hints, 0, sizeof hints);
		hints.ai_socktype = SOCK_STREAM;
		snprintf(port, sizeof port, "%d", p->port);
		if (getaddrinfo(p->host, port, &hints, &res) != 0 || !res)
			return lc_error_set(err, LC_NOTFOUND, "provider %s: cannot resolve %s", p->name,
					    p->host);
		for (struct addrinfo *a = res; a; a = a->ai_next) {
			char ip[64] = "?";
			if (p->allow_private || !private_addr(a->ai_addr))
				continue;
			getnameinfo(a->ai_addr, a->ai_addrlen, ip, sizeof ip, NULL, 0, NI_NUMERICHOST);
			freeaddrinfo(res);
			return lc_error_set(err, LC_DENIED,
					    "provider %s: %s resolves to the private address %s "
					    "(set allow_private: true for a local upstream)",
					    p->name, p->host, ip);
		}
		memcpy(&gw->up_addr[i], res->ai_addr, res->ai_addrlen);
		freeaddrinfo(res);
	}
	return 0;
}

static int replay_row(const lc_record *r, void *ctx)
{
	gw_budgets_replay(ctx, r);
	return 0;
}

static void on_stop(uv_async_t *a);

int lc_gw_create(const lc_gw_config *cfg, lc_gateway **out, lc_error *err)
{
	lc_gateway *gw;
	lc_ledger *lg = NULL;
	const char *keys_path;
	uint8_t rnd[4];
	int rc;

	*out = NULL;
	if (cfg->load_flags & LC_GW_CONFIG_KEYS_ONLY)
		return lc_error_set(err, LC_INVAL, "a configuration loaded for key management "
						   "(no provider secrets) cannot be served");
	gw = calloc(1, sizeof *gw);
	if (!gw)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	gw->spool_lock = -1;
	gw->grace_ms = STOP_GRACE_MS;
	gw->cfg = *cfg;
	gw->lim.max_head = cfg->max_head;
	gw->lim.max_headers = cfg->max_headers;
	gw->lim.max_target = 8192;
	if (getrandom(rnd, sizeof rnd, 0) != 4)
		memset(rnd, 0, sizeof rnd);
	snprintf(gw->instance, sizeof gw->instance, "%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2],
		 rnd[3]);
	uv_loop_init(&gw->loop);
	gw->loop.data = gw;

	if ((rc = resolve_providers(gw, err)))
		goto fail;
	/* The writer appends: a 4 MB page cache, not the CLI's 64 MB, and small checkpoints
	 * (bench/RESULTS.md). */
	if ((rc = lc_ledger_open_flags(cfg->ledger[0] ? cfg->ledger : NULL,
				       LC_LEDGER_SMALL_CACHE | LC_LEDGER_SMALL_CHECKPOINTS, &lg,
				       err)))
		goto fail;
	/* Rows a killed gateway had answered but not committed come back first (budgets
	 * below count them). */
	if ((rc = gw_spool_lock(lc_ledger_url(lg), &gw->spool_lock, err)) ||
	    (rc = gw_spool_replay(lc_ledger_url(lg), lg, &gw->replayed, err)))
		goto fail;
	keys_path = cfg->keys_db[0] ? cfg->keys_db : lc_ledger_url(lg);
	if ((rc = lc_keys_open(keys_path, &gw->keys, err)))
		goto fail;
	gw->keys_version = lc_keys_version(gw->keys);
	if ((rc = lc_catalog_open_default(&gw->cat, err)))
		goto fail;
	if ((rc = gw_budgets_new(&gw->budgets)) || (rc = gw_rates_new(&gw->rates)) ||
	    (rc = gw_metrics_new(&gw->metrics))) {
		lc_error_set(err, rc, "out of memory");
		goto fail;
	}
	if (cfg->cache_ttl_ms > 0 && (rc = gw_cache_new(cfg->cache_ttl_ms, cfg->cache_max_bytes,
						       &gw->cache))) {
		lc_error_set(err, rc, "out of memory");
		goto fail;
	}
	for (int i = 0; i < cfg->nbudgets; i++)
		gw_budgets_add_rule(gw->budgets, &cfg->budgets[i]);
	if ((rc = lc_keys_each(gw->keys, sync_one, gw->budgets, err)))
		goto fail;
	{
		/* Spend already committed in the current periods (a month is at most 31 days,
		 * plus a zone offset): budgets survive a restart. */
		lc_filter f;
		memset(&f, 0, sizeof f);
		f.since = lc_time_now() - 33LL * 86400 * 1000;
		f.source_prefix = "gateway";
		if ((rc = lc_ledger_each(lg, &f, replay_row, gw->budgets, err)))
			goto fail;
	}
	if ((rc = gw_spool_open(lc_ledger_url(lg), &gw->spool, err)))
		goto fail;
	if ((rc = gw_meter_start(lg, gw->spool, cfg->spool_max, cfg->batch_max, &gw->meter, err)))
		goto fail;
	lg = NULL;
	if (cfg->access_log[0]) {
		gw->access = !strcmp(cfg->access_log, "-") ? stderr : fopen(cfg->access_log, "a");
		if (!gw->access) {
			rc = lc_error_set(err, LC_IO, "cannot open access log %s", cfg->access_log);
			goto fail;
		}
	}
	for (int i = 0; i < cfg->nproviders; i++)
		if (cfg->providers[i].use_curl && !gw->curl && (rc = gw_curl_new(gw, &gw->curl, err)))
			goto fail;
	if ((rc = gw_server_listen(gw, err)))
		goto fail;
	uv_async_init(&gw->loop, &gw->stop_async, on_stop);
	gw->stop_async.data = gw;
	uv_timer_init(&gw->loop, &gw->tick);
	gw->tick.data = gw;
	uv_timer_start(&gw->tick, on_tick, 1000, 1000);
	*out = gw;
	return 0;
fail:
	if (lg)
		lc_ledger_close(lg);
	lc_gw_free(gw);
	return rc ? rc : LC_INTERNAL;
}

int lc_gw_port(const lc_gateway *gw)
{
	return gw->port;
}

const char *lc_gw_listen_host(const lc_gateway *gw)
{
	return gw->cfg.listen_host;
}

/* ------------------------------------------------------------------ stopping */

static void close_cb(uv_handle_t *h)
{
	(void)h;
}

static void on_grace(uv_timer_t *t)
{
	lc_gateway *gw = t->data;
	/* whatever is still open after the grace period is cut (and metered as such): the
	 * clients, and the upstream exchanges that the drain policy would keep reading (a long
	 * generation would keep the process alive for minutes, past any supervisor's patience) */
	for (gw_conn *c = gw->conns; c; c = c->next)
		gw_conn_close(c);
	gw_req_cut_all(gw);
	uv_close((uv_handle_t *)t, close_cb);
}

static uv_timer_t grace_timer;

static void on_stop(uv_async_t *a)
{
	lc_gateway *gw = a->data;
	if (gw->stopping)
		return;
	gw->stopping = 1;
	uv_close((uv_handle_t *)&gw->listener, close_cb);
	uv_close((uv_handle_t *)&gw->stop_async, close_cb);
	uv_timer_stop(&gw->tick);
	uv_close((uv_handle_t *)&gw->tick, close_cb);
	gw_ups_close_idle(gw);
	/* idle connections go now; busy ones close after their response */
	for (gw_conn *c = gw->conns, *n; c; c = n) {
		n = c->next;
		if (c->state != CONN_BUSY)
			gw_conn_close(c);
	}
	uv_timer_init(&gw->loop, &grace_timer);
	grace_timer.data = gw;
	uv_timer_start(&grace_timer, on_grace, gw->grace_ms, 0);
	uv_unref((uv_handle_t *)&grace_timer);
}

void lc_gw_stop(lc_gateway *gw)
{
	if (gw && !__atomic_exchange_n(&gw->stop_requested, 1, __ATOMIC_SEQ_CST))
		uv_async_send(&gw->stop_async);
}

int lc_gw_run(lc_gateway *gw, lc_error *err)
{
	size_t lost;

	signal(SIGPIPE, SIG_IGN);
	uv_run(&gw->loop, UV_RUN_DEFAULT);
	gw_ups_close_idle(gw);
	gw_curl_free(gw->curl);
	gw->curl = NULL;
	uv_run(&gw->loop, UV_RUN_NOWAIT);
	lost = gw_meter_stop(gw->meter);
	gw->meter = NULL;
	gw_spool_close(gw->spool); /* keeps its files when rows were not committed */
	gw->spool = NULL;
	if (gw->access)
		fflush(gw->access);
	if (lost)
		return lc_error_set(err, LC_IO,
				    "%zu metered rows could not be written to the ledger; the crash "
				    "spool next to it keeps them for the next start", lost);
	return 0;
}

void lc_gw_free(lc_gateway *gw)
{
	if (!gw)
		return;
	gw_meter_stop(gw->meter);
	gw_spool_close(gw->spool);
	if (gw->spool_lock >= 0)
		close(gw->spool_lock); /* after the spool: the lock covers its whole life */
	gw_curl_free(gw->curl);
	if (!gw->stopping && gw->listener.loop) {
		uv_close((uv_handle_t *)&gw->listener, close_cb);
		if (gw->stop_async.loop)
			uv_close((uv_handle_t *)&gw->stop_async, close_cb);
		if (gw->tick.loop)
			uv_close((uv_handle_t *)&gw->tick, close_cb);
		uv_run(&gw->loop, UV_RUN_NOWAIT);
	}
	uv_loop_close(&gw->loop);
	lc_keys_close(gw->keys);
	if (gw->cat)
		lc_catalog_free(gw->cat);
	gw_budgets_free(gw->budgets);
	gw_rates_free(gw->rates);
	gw_cache_free(gw->cache);
	gw_metrics_free(gw->metrics);
	if (gw->tok)
		json_tokener_free(gw->tok);
	gw_req_spares_free(gw);
	if (gw->access && gw->access != stderr)
		fclose(gw->access);
	if (keycache_owner == gw) {
		free(keycache);
		keycache = NULL;
		keycache_owner = NULL;
	}
	memset(&gw->cfg, 0, sizeof gw->cfg);
	free(gw);
}
