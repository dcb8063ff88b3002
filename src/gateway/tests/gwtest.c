/*
 * gwtest.c - the black-box rig (see gwtest.h): threads for the mock and the gateway, a
 * blocking loopback HTTP client with a receive timeout, and readers for the ledger and the
 * mock's log. Not a test file itself: it only defines helpers.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "gateway/http.h"
#include "gwtest.h"
#include "tests/harness.h"

static void *mock_main(void *arg)
{
	gw_mock_run(arg);
	return NULL;
}

static void *gw_main(void *arg)
{
	lc_error err;
	lc_gw_run(arg, &err);
	return NULL;
}

const char *rig_client = "tcp";

int rig_key(rig *r, lc_key_info *k, char *secret)
{
	lc_keys *ks;
	lc_error err;
	int rc;
	if (lc_keys_open(r->ledger, &ks, &err))
		return -1;
	rc = lc_keys_create(ks, k, secret, &err);
	lc_keys_close(ks);
	return rc;
}

int rig_start(rig *r, const char *extra)
{
	lc_gw_config *cfg;
	lc_error err;
	lc_key_info k;
	char *yaml;
	size_t cap = 8192 + (extra ? strlen(extra) : 0);

	memset(r, 0, sizeof *r);
	snprintf(r->dir, sizeof r->dir, "%s", lc_test_tmpdir());
	snprintf(r->ledger, sizeof r->ledger, "%s/ledger.db", r->dir);
	snprintf(r->mock_log, sizeof r->mock_log, "%s/mock.log", r->dir);
	snprintf(r->access_log, sizeof r->access_log, "%s/access.log", r->dir);
	if (gw_mock_new("127.0.0.1", 0, r->mock_log, &r->mock, &err)) {
		fprintf(stderr, "mock: %s\n", err.msg);
		return -1;
	}
	r->mport = gw_mock_port(r->mock);
	pthread_create(&r->mt, NULL, mock_main, r->mock);
	setenv("LC_TEST_UPSTREAM_KEY", "sk-upstream-VERYSECRET-0123456789", 1);
	setenv("LC_TEST_ADMIN_KEY", "admin-secret-0000", 1);
	yaml = malloc(cap);
	snprintf(yaml, cap,
		 "listen: 127.0.0.1:0\nledger: %s\naccess_log: %s\nadmin_key_env: LC_TEST_ADMIN_KEY\n"
		 "providers:\n"
		 "  - name: openai\n    base_url: http://127.0.0.1:%d/v1\n    api_key_env: LC_TEST_UPSTREAM_KEY\n"
		 "    allow_private: true\n    client: %s\n"
		 "  - name: anthropic\n    kind: anthropic\n    base_url: http://127.0.0.1:%d/v1\n"
		 "    api_key_env: LC_TEST_UPSTREAM_KEY\n    allow_private: true\n    client: %s\n%s",
		 r->ledger, r->access_log, r->mport, rig_client, r->mport, rig_client,
		 extra ? extra : "");
	if (lc_gw_config_parse(yaml, strlen(yaml), "rig.yaml", &cfg, &err)) {
		fprintf(stderr, "config: %s\n", err.msg);
		free(yaml);
		return -1;
	}
	free(yaml);
	/* the key store is created before the gateway opens it */
	memset(&k, 0, sizeof k);
	snprintf(k.name, sizeof k.name, "plain");
	if (rig_key(r, &k, r->key))
		return -1;
	snprintf(r->key_id, sizeof r->key_id, "%s", k.id);
	if (lc_gw_create(cfg, &r->gw, &err)) {
		fprintf(stderr, "gateway: %s\n", err.msg);
		lc_gw_config_free(cfg);
		return -1;
	}
	lc_gw_config_free(cfg);
	r->port = lc_gw_port(r->gw);
	pthread_create(&r->gt, NULL, gw_main, r->gw);
	return 0;
}

void rig_stop(rig *r)
{
	if (r->gw) {
		lc_gw_stop(r->gw);
		pthread_join(r->gt, NULL);
		lc_gw_free(r->gw);
		r->gw = NULL;
	}
	if (r->mock) {
		gw_mock_stop(r->mock);
		pthread_join(r->mt, NULL);
		gw_mock_free(r->mock);
		r->mock = NULL;
	}
}

/* ------------------------------------------------------------------ client */

int gw_dial(int port)
{
	struct sockaddr_in a;
	struct timeval tv = {5, 0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int body_cb(void *ctx, const char *p, size_t n)
{
	return lc_buf_append(ctx, p, n) ? -1 : 0;
}

int http_raw(int port, const char *req, size_t len, resp *out)
{
	int fd = gw_dial(port);
	lc_buf in;
	size_t off = 0, scan = 0;
	gw_head h;
	gw_http_limits lim = {1u << 20, GW_HDR_MAX, 8192};
	int status = 0, n = 0;

	memset(out, 0, sizeof *out);
	lc_buf_init(&out->body, 64u << 20);
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t w = send(fd, req + off, len - off, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	lc_buf_init(&in, 64u << 20);
	for (;;) {
		char buf[65536];
		ssize_t k = recv(fd, buf, sizeof buf, 0);
		if (k <= 0)
			break;
		lc_buf_append(&in, buf, (size_t)k);
		if (!n) {
			n = gw_http_parse_head(in.data, in.len, 0, &lim, &scan, &h, &status);
			if (n < 0)
				break;
		}
		if (n > 0) {
			/* complete when the body is: by length, by chunks, or at close */
			if (h.content_length >= 0 && in.len - (size_t)n >= (size_t)h.content_length)
				break;
			if (h.chunked && in.len >= 5 && !memcmp(in.data + in.len - 5, "0\r\n\r\n", 5))
				break;
		}
	}
	close(fd);
	if (n <= 0) {
		lc_buf_free(&in);
		return -1;
	}
	out->status = h.status;
	snprintf(out->head, sizeof out->head, "%.*s", n, in.data);
	if (h.chunked) {
		gw_chunked c;
		memset(&c, 0, sizeof c);
		gw_chunked_feed(&c, in.data + n, in.len - (size_t)n, body_cb, &out->body);
		out->complete = c.done;
	} else {
		lc_buf_append(&out->body, in.data + n, in.len - (size_t)n);
		out->complete = h.content_length < 0 || out->body.len == (size_t)h.content_length;
	}
	if (!out->body.data)
		lc_buf_append(&out->body, "", 0);
	lc_buf_free(&in);
	return 0;
}

int http_post(int port, const char *path, const char *key, const char *extra, const char *json,
	      resp *out)
{
	lc_buf b;
	int rc;
	lc_buf_init(&b, 0);
	lc_buf_printf(&b, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
			  "Content-Length: %zu\r\nConnection: close\r\n", path, strlen(json));
	if (key)
		lc_buf_printf(&b, "Authorization: Bearer %s\r\n", key);
	if (extra)
		lc_buf_puts(&b, extra);
	lc_buf_puts(&b, "\r\n");
	lc_buf_puts(&b, json);
	rc = http_raw(port, b.data, b.len, out);
	lc_buf_free(&b);
	return rc;
}

void resp_free(resp *r)
{
	lc_buf_free(&r->body);
}

const char *resp_header(const resp *r, const char *name)
{
	static _Thread_local char v[256]; /* per thread: gw_tls_concurrent_pool calls it from 4 */
	const char *p = r->head;
	size_t n = strlen(name);
	v[0] = '\0';
	while ((p = strstr(p, "\r\n"))) {
		p += 2;
		if (!strncasecmp(p, name, n) && p[n] == ':') {
			const char *s = p + n + 1, *e = strstr(s, "\r\n");
			while (*s == ' ')
				s++;
			snprintf(v, sizeof v, "%.*s", e ? (int)(e - s) : 0, s);
			break;
		}
	}
	return v;
}

/* ------------------------------------------------------------------ readers */

typedef struct rows {
	lc_record *v;
	int n, cap;
} rows;

static int add_row(const lc_record *r, void *ctx)
{
	rows *x = ctx;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 64;
		x->v = realloc(x->v, (size_t)x->cap * sizeof *x->v);
	}
	x->v[x->n++] = *r;
	return 0;
}

int rig_rows(rig *r, lc_record **out, int *n)
{
	lc_ledger *lg;
	lc_error err;
	rows x = {0};
	lc_filter f;
	memset(&f, 0, sizeof f);
	if (lc_ledger_open(r->ledger, &lg, &err))
		return -1;
	lc_ledger_each(lg, &f, add_row, &x, &err);
	lc_ledger_close(lg);
	*out = x.v;
	*n = x.n;
	return 0;
}

int mock_count(rig *r, const char *needle)
{
	FILE *f = fopen(r->mock_log, "r");
	char line[1024];
	int n = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

int file_has(const char *path, const char *needle)
{
	char *data = NULL;
	size_t len = 0;
	lc_error err;
	int hit;
	if (lc_read_file(path, 1u << 30, &data, &len, &err))
		return 0;
	hit = memmem(data, len, needle, strlen(needle)) != NULL;
	free(data);
	return hit;
}

int mock_spend(rig *r, const char *provider, const char *model, lc_money *out)
{
	lc_catalog *cat;
	lc_error err;
	char line[1024];
	FILE *f;
	int rc = 0;
	*out = lc_money_zero();
	if (lc_catalog_open_default(&cat, &err))
		return -1;
	if (!(f = fopen(r->mock_log, "r"))) {
		lc_catalog_free(cat);
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lc_usage u;
		lc_cost c;
		const char *s = strstr(line, " prompt="), *e = strstr(line, " completion=");
		if (!s || !e) {
			rc = -1;
			break;
		}
		lc_usage_init(&u);
		u.time = lc_time_now();
		snprintf(u.provider, sizeof u.provider, "%s", provider);
		snprintf(u.model, sizeof u.model, "%s", model);
		u.input_tokens = strtoll(s + 8, NULL, 10);
		u.output_tokens = strtoll(e + 12, NULL, 10);
		if ((rc = lc_price_usage(cat, &u, &c, &err)) == 0)
			lc_money_add(*out, c.total, out);
	}
	fclose(f);
	lc_catalog_free(cat);
	return rc;
}

/* The price of (in, out) tokens of provider/model, today. */
lc_money price_at(const char *provider, const char *model, int64_t in, int64_t out)
{
	lc_catalog *cat;
	lc_usage u;
	lc_cost c;
	lc_error err;
	memset(&c, 0, sizeof c);
	if (lc_catalog_open_default(&cat, &err))
		return lc_money_zero();
	lc_usage_init(&u);
	u.time = lc_time_now();
	snprintf(u.provider, sizeof u.provider, "%s", provider);
	snprintf(u.model, sizeof u.model, "%s", model);
	u.input_tokens = in;
	u.output_tokens = out;
	lc_price_usage(cat, &u, &c, &err);
	lc_catalog_free(cat);
	return c.total;
}

/* One request on a rig started with yaml, by a key whose hard day budget is budget: the
 * status, and the summed cost of the rows in *spent. */
int one_request_at(const char *yaml, const char *path, const char *body, lc_money budget,
		   int *status, lc_money *spent)
{
	rig r;
	resp x;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	lc_record *got;
	int n;
	if (rig_start(&r, yaml))
		return -1;
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	k.budget = budget;
	snprintf(k.period, sizeof k.period, "day");
	if (rig_key(&r, &k, key))
		return -1;
	*status = -1;
	if (http_post(r.port, path, key, NULL, body, &x) == 0)
		*status = x.status;
	resp_free(&x);
	rig_stop(&r);
	if (rig_rows(&r, &got, &n))
		return -1;
	*spent = lc_money_zero();
	for (int i = 0; i < n; i++)
		lc_money_add(*spent, got[i].cost.total, spent);
	free(got);
	return 0;
}

lc_money price_mini(int64_t in, int64_t out)
{
	return price_at("openai", "gpt-4o-mini", in, out);
}

void *gw_shot_one(void *arg)
{
	gw_shot *b = arg;
	resp x;
	b->status = -1;
	if (http_post(b->r->port, "/v1/chat/completions", b->key, b->extra, b->body, &x) == 0)
		b->status = x.status;
	resp_free(&x);
	return NULL;
}

static void *rawup_main(void *arg)
{
	rawup *u = arg;
	for (;;) {
		char buf[65536];
		size_t have = 0;
		int fd = accept(u->lfd, NULL, NULL);
		if (fd < 0)
			return NULL;
		for (;;) {
			ssize_t k = recv(fd, buf + have, sizeof buf - 1 - have, 0);
			char *e, *cl;
			if (k <= 0)
				break;
			have += (size_t)k;
			buf[have] = '\0';
			if ((e = strstr(buf, "\r\n\r\n")) && (cl = strcasestr(buf, "content-length:")) &&
			    have >= (size_t)(e + 4 - buf) + strtoul(cl + 15, NULL, 10))
				break;
		}
		u->served++;
		if (u->delay_ms)
			usleep((useconds_t)u->delay_ms * 1000);
		send(fd, u->reply, u->send_n, MSG_NOSIGNAL);
		close(fd);
	}
}

int rawup_start(rawup *u, const char *reply, size_t send_n)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	memset(u, 0, sizeof *u);
	u->reply = reply;
	u->send_n = send_n;
	u->lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(u->lfd, (struct sockaddr *)&a, sizeof a) || listen(u->lfd, 16) ||
	    getsockname(u->lfd, (struct sockaddr *)&a, &al))
		return -1;
	u->port = ntohs(a.sin_port);
	return pthread_create(&u->t, NULL, rawup_main, u);
}

void rawup_stop(rawup *u)
{
	shutdown(u->lfd, SHUT_RDWR);
	close(u->lfd);
	pthread_join(u->t, NULL);
}
