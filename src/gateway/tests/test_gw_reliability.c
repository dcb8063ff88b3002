/*
 * test_gw_reliability.c - the RELIABILITY.md cases that need many requests or a process
 * kill, as bounded black-box tests on loopback: T1.3 (disconnects under a budgeted load),
 * T2.2 (the upstream's response split at every byte offset), T2.3 (a 200-event stream left
 * after every event), T3.1 (kill -9 under load, several times), T5.4 (CR/LF/NUL in values
 * that could reach upstream headers) and the T6.1 guard (every route of the router table has
 * an entry in the auth matrix below). LLMCOST_SOAK=1 runs the heavy variants (documented in
 * docs/serve.md, "Reliability tests").
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gateway/proxy.h"
#include "gwtest.h"
#include "tests/harness.h"

#define CHAT "/v1/chat/completions"

static int soak(void)
{
	const char *s = getenv("LLMCOST_SOAK");
	return s && *s && strcmp(s, "0") != 0;
}

/* The gateway's budget gauge for key id (`reserved` or `spent`), from GET /metrics. */
static int budget_gauge(int port, const char *what, const char *key_id, lc_money *out)
{
	resp x;
	char pat[160];
	const char *p;
	int rc = -1;
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
	if (http_raw(port, req, sizeof req - 1, &x) || x.status != 200) {
		resp_free(&x);
		return -1;
	}
	snprintf(pat, sizeof pat, "llmcost_budget_%s_usd{key=\"%s\"", what, key_id);
	if ((p = strstr(x.body.data, pat)) && (p = strchr(p, '}')) && p[1] == ' ')
		rc = lc_money_parse(p + 2, strcspn(p + 2, "\n"), out);
	resp_free(&x);
	return rc;
}

/* POST a streamed chat request, read the head and k SSE events (k < 0: all), then close.
 * Returns the status, or -1 when no head came. */
static int stream_then_close(int port, const char *key, const char *tags, const char *body, int k)
{
	char req[2048], buf[8192];
	lc_buf in;
	int status = -1, events = 0;
	size_t scanned = 0;
	int n = snprintf(req, sizeof req,
			 "POST " CHAT " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n%s%s%s"
			 "Content-Length: %zu\r\n\r\n%s",
			 key, tags ? "x-llmcost-tags: " : "", tags ? tags : "", tags ? "\r\n" : "",
			 strlen(body), body);
	int fd = gw_dial(port);
	if (fd < 0)
		return -1;
	if (send(fd, req, (size_t)n, MSG_NOSIGNAL) != n) {
		close(fd);
		return -1;
	}
	lc_buf_init(&in, 4u << 20);
	for (;;) {
		const char *p, *e;
		if (status < 0 && in.len >= 12 && (e = memmem(in.data, in.len, "\r\n\r\n", 4))) {
			status = (int)strtol(in.data + 9, NULL, 10);
			scanned = (size_t)(e - in.data) + 4;
			if (status != 200)
				break;
		}
		/* SSE events end with a blank line; chunk framing uses CRLF, so "\n\n" is one */
		while (status == 200 && (p = memmem(in.data + scanned, in.len - scanned, "\n\n", 2))) {
			events++;
			scanned = (size_t)(p - in.data) + 2;
		}
		if (status == 200 && k >= 0 && events >= k)
			break;
		if (status == 200 && in.len >= 5 && !memcmp(in.data + in.len - 5, "0\r\n\r\n", 5))
			break;
		ssize_t got = recv(fd, buf, sizeof buf, 0);
		if (got <= 0)
			break;
		lc_buf_append(&in, buf, (size_t)got);
	}
	lc_buf_free(&in);
	close(fd);
	return status;
}

static const char *tag_of(const lc_record *r, const char *k)
{
	const char *v = lc_usage_get_tag(&r->usage, k);
	return v ? v : "";
}

/* ------------------------------------------------------------------ T1.3 */

typedef struct t13 {
	rig *r;
	const char *key;
	unsigned seed;
	int quitter;  /* this client disconnects at a random event */
	int ok, refused, other;
} t13;

static void *t13_main(void *arg)
{
	t13 *c = arg;
	for (int i = 0; i < 16; i++) {
		char body[256];
		int p = 1 + (int)(rand_r(&c->seed) % 100), o = 1 + (int)(rand_r(&c->seed) % 200);
		int k = c->quitter ? (int)(rand_r(&c->seed) % 9) : -1, st;
		snprintf(body, sizeof body,
			 "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],\"max_tokens\":200,"
			 "\"x\":\"[mock:usage=%d/%d][mock:events=8][mock:drip=2]\"}", p, o);
		st = stream_then_close(c->r->port, c->key, NULL, body, k);
		if (st == 200)
			c->ok++;
		else if (st == 402)
			c->refused++;
		else
			c->other++;
	}
	return NULL;
}

/* T1.3: a T1.1-style budgeted load of streams where 30% of the clients (5 of 16) hang up at
 * a random SSE event. T1.1 (a)-(d) hold, and nothing is reserved 5 s after the last client
 * is gone (the gauge is read from /metrics, as an operator would). */
TEST(gw_t13_disconnects_release_reservations)
{
	rig r;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	t13 cl[16];
	pthread_t t[16];
	lc_record *rows;
	int n, ok = 0, refused = 0, other = 0, released = 0;
	lc_money ledger = lc_money_zero(), mock, reserved;

	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	CHECK_INT(lc_money_parse("0.004", (size_t)-1, &k.budget), 0);
	CHECK_INT(rig_key(&r, &k, key), 0);
	usleep(1200 * 1000); /* the gateway notices key-store changes within a second */
	for (int i = 0; i < 16; i++) {
		cl[i] = (t13){&r, key, (unsigned)i * 104729u + 3, i < 5, 0, 0, 0};
		pthread_create(&t[i], NULL, t13_main, &cl[i]);
	}
	for (int i = 0; i < 16; i++) {
		pthread_join(t[i], NULL);
		ok += cl[i].ok;
		refused += cl[i].refused;
		other += cl[i].other;
	}
	CHECK_INT(other, 0);
	CHECK(ok > 0 && refused > 0);
	for (int i = 0; i < 100 && !released; i++) { /* (d) within 5 s */
		if (budget_gauge(r.port, "reserved", k.id, &reserved) == 0 && lc_money_is_zero(reserved))
			released = 1;
		else
			usleep(50 * 1000);
	}
	CHECK(released);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), ok); /* (c): refused requests never reached the mock */
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, ok);
	for (int i = 0; i < n; i++)
		lc_money_add(ledger, rows[i].cost.total, &ledger);
	CHECK_INT(mock_spend(&r, "openai", "gpt-4o-mini", &mock), 0);
	CHECK_INT(lc_money_cmp(ledger, mock), 0);     /* (a), exactly */
	CHECK(lc_money_cmp(ledger, k.budget) <= 0);   /* (b): the reservation is an upper bound */
	free(rows);
}

/* ------------------------------------------------------------------ T2.2 */

typedef struct split_case {
	const char *path, *model, *name;
} split_case;

static const split_case split_cases[] = {
	{CHAT, "gpt-4o-mini", "chat"},                  /* the gateway also injects include_usage */
	{"/v1/messages", "claude-sonnet-4-5", "messages"},
	{"/v1/responses", "gpt-4o-mini", "responses"},
};

/* One streamed request with the mock's split directive; fills out (de-chunked body). */
static int split_request(rig *r, const split_case *sc, const char *split, resp *out)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"model\":\"%s\",\"stream\":true,\"max_tokens\":100,\"messages\":[],"
		 "\"x\":\"[mock:usage=31/7][mock:cache=5/3][mock:events=2]%s%s%s\"}",
		 sc->model, split ? "[mock:split=" : "", split ? split : "", split ? "]" : "");
	return http_post(r->port, sc->path, r->key, NULL, body, out);
}

/* Bytes the mock sent for the last request it logged. */
static long mock_last_bytes(rig *r)
{
	FILE *f = fopen(r->mock_log, "r");
	char line[1024];
	long bytes = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		const char *p = strstr(line, "bytes=");
		if (p)
			bytes = strtol(p + 6, NULL, 10);
	}
	fclose(f);
	return bytes;
}

typedef struct t22 {
	rig *r;
	const split_case *sc;
	const resp *ref;
	long len, next, end;        /* offsets 1..len-1, then random multi-splits up to end */
	unsigned seed;
	char failed[512];
	pthread_mutex_t mu;
} t22;

static void *t22_main(void *arg)
{
	t22 *s = arg;
	for (;;) {
		char split[256], why[160] = "";
		resp x;
		long i;
		pthread_mutex_lock(&s->mu);
		i = s->failed[0] || s->next >= s->end ? -1 : s->next++;
		if (i >= s->len) {
			int m = 2 + (int)(rand_r(&s->seed) % 15), o = 0;
			for (int j = 0; j < m; j++)
				o += snprintf(split + o, sizeof split - (size_t)o, "%s%ld", j ? "," : "",
					      1 + (long)(rand_r(&s->seed) % (unsigned)(s->len - 1)));
		}
		pthread_mutex_unlock(&s->mu);
		if (i < 0)
			return NULL;
		if (i < s->len)
			snprintf(split, sizeof split, "%ld", i);
		if (split_request(s->r, s->sc, split, &x))
			snprintf(why, sizeof why, "no response");
		else if (x.status != 200 || !x.complete || x.body.len != s->ref->body.len ||
			 memcmp(x.body.data, s->ref->body.data, s->ref->body.len))
			snprintf(why, sizeof why, "status %d, %zu bytes (want %zu)", x.status, x.body.len,
				 s->ref->body.len);
		resp_free(&x);
		if (why[0]) {
			pthread_mutex_lock(&s->mu);
			snprintf(s->failed, sizeof s->failed, "%s split %s: %s", s->sc->name, split, why);
			pthread_mutex_unlock(&s->mu);
		}
	}
}

/* T2.2 at the gateway: the mock sends each streamed response (head and chunked body) split
 * at every byte offset, then at 60 random multi-splits of 2-16 pieces (10,000 with
 * LLMCOST_SOAK=1), 8 requests at a time; the client receives identical bytes and every
 * request gets an identical ledger row. */
TEST(gw_t22_upstream_split_at_every_byte)
{
	rig r;
	lc_record *rows;
	int n, total = 0, randoms = soak() ? 10000 : 60;
	CHECK_INT(rig_start(&r, NULL), 0);
	for (size_t c = 0; c < sizeof split_cases / sizeof split_cases[0]; c++) {
		resp ref;
		pthread_t t[8];
		t22 s;
		CHECK_INT(split_request(&r, &split_cases[c], NULL, &ref), 0);
		CHECK_INT(ref.status, 200);
		CHECK(ref.complete);
		memset(&s, 0, sizeof s);
		s.r = &r;
		s.sc = &split_cases[c];
		s.ref = &ref;
		s.len = mock_last_bytes(&r);
		CHECK(s.len > 100);
		s.next = 1;
		s.end = s.len + randoms;
		s.seed = 12345u + (unsigned)c;
		pthread_mutex_init(&s.mu, NULL);
		for (int i = 0; i < 8; i++)
			pthread_create(&t[i], NULL, t22_main, &s);
		for (int i = 0; i < 8; i++)
			pthread_join(t[i], NULL);
		if (s.failed[0]) {
			lc_test_fail(__FILE__, __LINE__, "%s", s.failed);
			return;
		}
		total += (int)s.end;
		resp_free(&ref);
	}
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, total);
	for (int i = 0, nref = 0; i < n; i++) {
		/* the first row of each model is the reference for the others */
		static const lc_record *refs[8];
		const lc_record *a = &rows[i], *ref = NULL;
		for (int j = 0; j < nref && !ref; j++)
			if (!strcmp(refs[j]->usage.model, a->usage.model))
				ref = refs[j];
		if (!ref) {
			CHECK(nref < 8);
			ref = refs[nref++] = a;
		}
		if (a->usage.input_tokens != ref->usage.input_tokens ||
		    a->usage.output_tokens != ref->usage.output_tokens ||
		    a->usage.cache_read_tokens != ref->usage.cache_read_tokens ||
		    a->usage.cache_write_5m_tokens != ref->usage.cache_write_5m_tokens ||
		    lc_money_cmp(a->cost.total, ref->cost.total) != 0 || !a->cost.priced ||
		    a->usage.output_tokens != 7 || *tag_of(a, "reason")) {
			lc_test_fail(__FILE__, __LINE__, "row %d (%s) differs from its reference", i,
				     a->usage.model);
			return;
		}
	}
	free(rows);
}

/* ------------------------------------------------------------------ T2.3 */

typedef struct t23 {
	rig *r;
	int next, last; /* k to take next; guarded by mu */
	pthread_mutex_t mu;
} t23;

static void *t23_main(void *arg)
{
	t23 *s = arg;
	static const char body[] = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],"
				   "\"x\":\"[mock:events=200][mock:drip=1][mock:usage=333/200]\"}";
	for (;;) {
		char tags[32];
		int k;
		pthread_mutex_lock(&s->mu);
		k = s->next <= s->last ? s->next++ : -1;
		pthread_mutex_unlock(&s->mu);
		if (k < 0)
			return NULL;
		snprintf(tags, sizeof tags, "k=%d", k);
		stream_then_close(s->r->port, s->r->key, tags, body, k);
	}
}

/* T2.3, every k: a 200-event stream (1 ms apart) left by the client after event k, for each
 * k in 0..200 (16 clients at once). Within 5 s there is exactly one row per k, with the full
 * upstream usage (the documented policy: drain), tagged reason=client_disconnect when the
 * client left before the end. */
TEST(gw_t23_disconnect_after_every_event)
{
	rig r;
	t23 s;
	pthread_t t[16];
	lc_record *rows = NULL;
	int n = 0, seen[201], disconnects = 0;
	CHECK_INT(rig_start(&r, NULL), 0);
	s.r = &r;
	s.next = 0;
	s.last = 200;
	pthread_mutex_init(&s.mu, NULL);
	for (int i = 0; i < 16; i++)
		pthread_create(&t[i], NULL, t23_main, &s);
	for (int i = 0; i < 16; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 100; i++) { /* 5 s */
		free(rows);
		CHECK_INT(rig_rows(&r, &rows, &n), 0);
		if (n >= 201)
			break;
		usleep(50 * 1000);
	}
	CHECK_INT(n, 201);
	rig_stop(&r);
	free(rows);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 201); /* and no late duplicate */
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < n; i++) {
		const char *kv = tag_of(&rows[i], "k");
		long k = strtol(kv, NULL, 10);
		CHECK(*kv && k >= 0 && k <= 200);
		seen[k]++;
		/* reason: client_disconnect when the gateway saw the client leave; a client that
		 * leaves near the end may do so after the gateway wrote the last event into the
		 * socket (a normal completion, reason ''), more often on a loaded machine */
		if (!strcmp(tag_of(&rows[i], "reason"), "client_disconnect"))
			disconnects++;
		if (rows[i].usage.input_tokens != 333 || rows[i].usage.output_tokens != 200 ||
		    !rows[i].cost.priced || (strcmp(tag_of(&rows[i], "reason"), "client_disconnect") &&
					     strcmp(tag_of(&rows[i], "reason"), ""))) {
			lc_test_fail(__FILE__, __LINE__, "k=%ld: %lld/%lld tokens, reason '%s'", k,
				     (long long)rows[i].usage.input_tokens,
				     (long long)rows[i].usage.output_tokens, tag_of(&rows[i], "reason"));
			return;
		}
	}
	for (int k = 0; k <= 200; k++)
		CHECK_INT(seen[k], 1);
	CHECK(disconnects >= 100); /* the early leavers, at least, were seen leaving */
	free(rows);
}

/* ------------------------------------------------------------------ T3.1 */

/* The response's request id (resp_header's buffer is shared: not for threads). */
static int request_id(const resp *x, char *id)
{
	static const char name[] = "\r\nx-llmcost-request-id: ";
	const char *p = strstr(x->head, name);
	size_t n;
	if (!p)
		return 0;
	p += sizeof name - 1;
	n = strcspn(p, "\r");
	if (n == 0 || n >= GW_ID_MAX)
		return 0;
	memcpy(id, p, n);
	id[n] = '\0';
	return 1;
}

typedef struct t31 {
	int port;
	const char *key;
	int n, cap;
	char (*ids)[GW_ID_MAX];
} t31;

static void *t31_main(void *arg)
{
	t31 *l = arg;
	for (int i = 0; l->n < l->cap; i++) {
		resp x;
		const char *body = i % 3 == 2
			? "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],\"max_tokens\":9}"
			: "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":5}";
		if (http_post(l->port, CHAT, l->key, NULL, body, &x) != 0) {
			resp_free(&x);
			break;
		}
		if (x.status == 200 && x.complete && request_id(&x, l->ids[l->n]))
			l->n++;
		resp_free(&x);
	}
	return NULL;
}

/* A gateway on the test's ledger in a child process; returns its pid and port. */
static pid_t spawn_gateway(int *port)
{
	int fds[2];
	char msg[64] = "";
	FILE *f;
	pid_t child;
	if (pipe(fds))
		return -1;
	child = fork();
	if (child == 0) {
		rig c;
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed check never leaves it behind */
		close(fds[0]);
		if (rig_start(&c, NULL))
			_exit(1);
		snprintf(msg, sizeof msg, "%d\n", c.port);
		if (write(fds[1], msg, strlen(msg)) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (!f || !fgets(msg, sizeof msg, f) || sscanf(msg, "%d", port) != 1) {
		if (f)
			fclose(f);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		return -1;
	}
	fclose(f);
	return child;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const lc_record *)a)->usage.id, ((const lc_record *)b)->usage.id);
}

static int integrity_ok(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW &&
		     !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return ok;
}

/* T3.1: SIGKILL the gateway under a load of 8 clients (a third streaming, a budgeted key so
 * reservations are held at the kill) at a random moment, restart it on the same ledger, N
 * times (5; 200 with LLMCOST_SOAK=1). After each restart: (a) every request that completed
 * to a client has its row, (b) no request id twice, (c) integrity_check is ok, (d) nothing
 * is reserved (reservations live in memory and die with the process: the restarted
 * gateway rebuilds spend from the ledger, so spent == the key's rows, to the atto-dollar). */
TEST(gw_t31_kill9_repeated)
{
	rig r;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	static char ids[8][2000][GW_ID_MAX];
	t31 l[8];
	int iters = soak() ? 200 : 5, answered = 0;
	unsigned seed = 777;
	char (*all)[GW_ID_MAX] = NULL; /* every request answered so far, over all iterations */
	size_t cap = 0;

	memset(&r, 0, sizeof r);
	snprintf(r.ledger, sizeof r.ledger, "%s/ledger.db", lc_test_tmpdir());
	{ /* the key store exists once a gateway has started; start and stop one */
		int port;
		pid_t p = spawn_gateway(&port);
		CHECK(p > 0);
		kill(p, SIGKILL);
		waitpid(p, NULL, 0);
	}
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	CHECK_INT(lc_money_parse("1000", (size_t)-1, &k.budget), 0);
	CHECK_INT(rig_key(&r, &k, key), 0);
	for (int it = 0; it < iters; it++) {
		pthread_t t[8];
		int port, n, ok;
		lc_record *rows;
		lc_money spent, sum = lc_money_zero(), reserved;
		pid_t child = spawn_gateway(&port);
		CHECK(child > 0);
		/* checks after the restart, before the new load */
		CHECK_INT(rig_rows(&r, &rows, &n), 0);
		if (n > 1)
			qsort(rows, (size_t)n, sizeof *rows, cmp_id);
		for (int i = 1; i < n; i++)
			if (!strcmp(rows[i].usage.id, rows[i - 1].usage.id)) {
				lc_test_fail(__FILE__, __LINE__, "iteration %d: %s twice", it, rows[i].usage.id);
				return;
			}
		for (int i = 0; i < answered; i++) {
			lc_record want;
			snprintf(want.usage.id, sizeof want.usage.id, "%s", all[i]);
			if (!bsearch(&want, rows, (size_t)n, sizeof *rows, cmp_id)) {
				lc_test_fail(__FILE__, __LINE__, "iteration %d: answered %s has no row", it,
					     all[i]);
				return;
			}
		}
		for (int i = 0; i < n; i++)
			if (!strcmp(tag_of(&rows[i], "key"), k.id))
				lc_money_add(sum, rows[i].cost.total, &sum);
		free(rows);
		CHECK(integrity_ok(r.ledger));
		CHECK_INT(budget_gauge(port, "reserved", k.id, &reserved), 0);
		CHECK(lc_money_is_zero(reserved));
		CHECK_INT(budget_gauge(port, "spent", k.id, &spent), 0);
		CHECK_INT(lc_money_cmp(spent, sum), 0);
		/* load, then the kill at a random moment */
		for (int i = 0; i < 8; i++) {
			l[i] = (t31){port, key, 0, 2000, ids[i]};
			pthread_create(&t[i], NULL, t31_main, &l[i]);
		}
		usleep((useconds_t)(50 + rand_r(&seed) % 250) * 1000);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		ok = 0;
		for (int i = 0; i < 8; i++) {
			pthread_join(t[i], NULL);
			ok += l[i].n;
			if ((size_t)(answered + l[i].n) > cap) {
				cap = (size_t)(answered + l[i].n) * 2;
				all = realloc(all, cap * GW_ID_MAX);
				CHECK(all != NULL);
			}
			for (int j = 0; j < l[i].n; j++)
				memcpy(all[answered++], l[i].ids[j], GW_ID_MAX);
		}
		CHECK(ok > 0);
	}
	free(all);
}

/* ------------------------------------------------------------------ T5.4 */

/* T5.4: CR, LF and NUL in the client values that could flow into upstream headers or
 * pricing (model, user, metadata, x-llmcost-tags; JSON-escaped or raw) are refused with 400,
 * and nothing reaches the mock. */
TEST(gw_t54_header_injection_refused)
{
	static const char *const bodies[] = {
		"{\"model\":\"gpt-4o-mini\\r\\nX-Injected: 1\",\"messages\":[]}",
		"{\"model\":\"gpt-4o-mini\\nX-Injected: 1\",\"messages\":[]}",
		"{\"model\":\"gpt-4o-mini\\u0000X-Injected: 1\",\"messages\":[]}",
		"{\"model\":\"gpt-4o-mini\\u0000\",\"messages\":[]}",
		"{\"model\":\"gpt-4o-mini\",\"user\":\"u\\r\\nX-Injected: 1\",\"messages\":[]}",
		"{\"model\":\"gpt-4o-mini\",\"user\":\"u\\u0000\",\"messages\":[]}",
		"{\"model\":\"gpt-4o-mini\",\"metadata\":{\"a\":\"b\\r\\nX-Injected: 1\"},\"messages\":[]}",
		"{\"model\":\"gpt-4o-mini\",\"metadata\":{\"a\\nX-Injected: 1\":\"b\"},\"messages\":[]}",
		"{\"model\":\"gpt-4o-mini\",\"metadata\":{\"a\":{\"b\":[\"c\\r\"]}},\"messages\":[]}",
	};
	static const char *const heads[] = {
		"x-llmcost-tags: team=a\rX-Injected: 1\r\n",
		"x-llmcost-tags: team=a\nX-Injected: 1\r\n",
		"anthropic-beta: b\rX-Injected: 1\r\n",
	};
	rig r;
	resp x;
	CHECK_INT(rig_start(&r, NULL), 0);
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		const char *paths[] = {CHAT, "/v1/responses", "/v1/messages"};
		for (int p = 0; p < 3; p++) {
			CHECK_INT(http_post(r.port, paths[p], r.key, NULL, bodies[i], &x), 0);
			if (x.status != 400) {
				lc_test_fail(__FILE__, __LINE__, "%s body %zu: %d, want 400", paths[p], i,
					     x.status);
				return;
			}
			resp_free(&x);
		}
	}
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		CHECK_INT(http_post(r.port, CHAT, r.key, heads[i],
				    "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", &x), 0);
		CHECK_INT(x.status, 400);
		resp_free(&x);
	}
	{ /* a NUL byte inside a header value */
		static const char req[] = "POST " CHAT " HTTP/1.1\r\nHost: a\r\nx-llmcost-tags: a=b\0c\r\n"
					  "Content-Length: 2\r\n\r\n{}";
		CHECK_INT(http_raw(r.port, req, sizeof req - 1, &x), 0);
		CHECK_INT(x.status, 400);
		resp_free(&x);
	}
	/* the same values, clean, do pass: the refusals above were about the bytes */
	CHECK_INT(http_post(r.port, CHAT, r.key, "x-llmcost-tags: team=a\r\n",
			    "{\"model\":\"gpt-4o-mini\",\"user\":\"u\",\"metadata\":{\"a\":\"b\"},"
			    "\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 1);
}

/* ------------------------------------------------------------------ T6.1 guard */

/* The auth matrix, written out by hand: every route the router table has must be here with
 * the same credential class, and every entry here must be routed. A route added to
 * gw_routes without a line here fails this test (and gw_auth_matrix then covers it). */
static const struct {
	const char *method, *path;
	int auth;
} auth_matrix[] = {
	{"GET", "/healthz", GW_AUTH_NONE},
	{"GET", "/metrics", GW_AUTH_NONE},
	{"GET", "/v1/models", GW_AUTH_KEY},
	{"POST", "/v1/chat/completions", GW_AUTH_KEY},
	{"POST", "/v1/responses", GW_AUTH_KEY},
	{"POST", "/v1/embeddings", GW_AUTH_KEY},
	{"POST", "/v1/messages", GW_AUTH_KEY},
	{"GET", "/admin/keys", GW_AUTH_ADMIN},
	{"POST", "/admin/keys", GW_AUTH_ADMIN},
	{"POST", "/admin/keys/revoke", GW_AUTH_ADMIN},
};

TEST(gw_t61_every_route_in_auth_matrix)
{
	size_t nm = sizeof auth_matrix / sizeof auth_matrix[0], nr = 0;
	for (const gw_route *rt = gw_routes; rt->path; rt++, nr++) {
		size_t i;
		for (i = 0; i < nm; i++)
			if (!strcmp(auth_matrix[i].method, rt->method) &&
			    !strcmp(auth_matrix[i].path, rt->path))
				break;
		if (i == nm) {
			lc_test_fail(__FILE__, __LINE__, "route %s %s has no auth-matrix entry", rt->method,
				     rt->path);
			return;
		}
		if ((int)rt->auth != auth_matrix[i].auth) {
			lc_test_fail(__FILE__, __LINE__, "route %s %s: auth %d, the matrix says %d",
				     rt->method, rt->path, (int)rt->auth, auth_matrix[i].auth);
			return;
		}
	}
	CHECK_INT((int)nr, (int)nm);
}
