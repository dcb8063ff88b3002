/*
 * test_tls.c - the HTTPS upstream path (curl.c) on loopback: socat terminates TLS in front of
 * the mock with a throwaway CA and server certificates that the openssl CLI makes in the
 * test's scratch folder (nothing secret is committed). Checked: a trusted certificate works
 * for JSON and SSE with exact metering over one reused connection; an untrusted certificate
 * and a wrong host name are refused with a 502 that says why, before any request byte leaves;
 * redirects are not followed and the provider key goes nowhere but the provider; ca_file
 * and the key-management load mode of the configuration; an HTTP/2 provider (nginx in front
 * of the mock) gets concurrent calls multiplexed on one connection.
 *
 * socat runs in its own process group (its per-connection children too) with a parent-death
 * signal, and every test body is called from a wrapper that stops it, so a failed CHECK or a
 * crash leaves no process behind.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gateway/proxy.h"
#include "gwtest.h"
#include "tests/harness.h"

#define CHAT "/v1/chat/completions"
#define NFRONT 3

/* ------------------------------------------------------------------ certificates */

/* ca.pem signs good.pem (localhost, 127.0.0.1) and wrong.pem (wrong.example). EC P-256
 * keys: the whole set takes well under a second. */
static int make_certs(const char *dir)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && exec >/dev/null 2>&1 && "
		 "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
		 "-keyout ca.key -out ca.pem -days 2 -subj /CN=llmcost-test-ca && "
		 "for n in good:DNS:localhost,IP:127.0.0.1 wrong:DNS:wrong.example; do "
		 "f=${n%%%%:*}; printf 'subjectAltName=%%s\\n' \"${n#*:}\" > $f.ext && "
		 "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $f.key "
		 "-out $f.csr -subj /CN=$f && "
		 "openssl x509 -req -in $f.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
		 "-extfile $f.ext -out $f.pem || exit 1; done",
		 dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ the TLS front */

typedef struct front {
	pid_t pid;
	int port;
	char log[600];
} front;

static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The full path of a program on $PATH, found before fork (the child of a threaded process
 * may only make async-signal-safe calls: no malloc, no stdio, no PATH search). */
static int find_tool(const char *name, char *out, size_t cap)
{
	const char *p = getenv("PATH");
	while (p && *p) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		snprintf(out, cap, "%.*s/%s", (int)n, p, name);
		if (n && access(out, X_OK) == 0)
			return 0;
		p = e ? e + 1 : NULL;
	}
	return -1;
}

/* socat -d -d: TLS on f->port (loopback) with cert NAME.pem, plain TCP on to `to`. Returns
 * once it listens (its log says so), or -1. The child keeps none of the test's descriptors
 * and dies with it. */
static int front_start(front *f, const char *dir, const char *name, int to)
{
	char listen[1400], conn[64], socat[512];
	char *argv[] = {"socat", "-d", "-d", listen, conn, NULL};
	pid_t parent = getpid();
	snprintf(f->log, sizeof f->log, "%s/socat-%d.log", dir, f->port);
	snprintf(listen, sizeof listen,
		 "OPENSSL-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork,verify=0,cert=%s/%s.pem,key=%s/%s.key",
		 f->port, dir, name, dir, name);
	snprintf(conn, sizeof conn, "TCP:127.0.0.1:%d", to);
	if (find_tool("socat", socat, sizeof socat))
		return -1;
	fflush(NULL);
	f->pid = fork();
	if (f->pid < 0)
		return -1;
	if (f->pid == 0) {
		int fd;
		close_range(3, ~0u, 0);
		fd = open(f->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 2) < 0)
			_exit(126);
		close(fd);
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1); /* the test died before prctl */
		execv(socat, argv);
		_exit(127);
	}
	setpgid(f->pid, f->pid); /* either side may win the race; both ask for the same */
	for (int i = 0; i < 300; i++) {
		int st;
		if (file_has(f->log, "listening on"))
			return 0;
		if (waitpid(f->pid, &st, WNOHANG) == f->pid) {
			char *log = NULL;
			size_t len = 0;
			lc_error err;
			f->pid = 0;
			if (lc_read_file(f->log, 4096, &log, &len, &err) == 0)
				fprintf(stderr, "socat for %s exited before listening:\n%.*s", name, (int)len, log);
			free(log);
			return -1;
		}
		sleep_ms(10);
	}
	return -1;
}

static void front_stop(front *f)
{
	if (f->pid > 0) {
		kill(-f->pid, SIGKILL); /* the group: socat and its per-connection children */
		waitpid(f->pid, NULL, 0);
		f->pid = 0;
	}
}

/* TCP connections the front accepted. */
static int front_conns(const front *f)
{
	FILE *in = fopen(f->log, "r");
	char line[512];
	int n = 0;
	if (!in)
		return -1;
	while (fgets(line, sizeof line, in))
		if (strstr(line, "accepting connection from"))
			n++;
	fclose(in);
	return n;
}

/* ------------------------------------------------------------------ a recording server */

/* Plain HTTP on loopback: answers every request with `reply` and keeps what it received
 * (one request per connection; the tests send one at a time). */
typedef struct spy {
	int fd, port, conns, stop;
	const char *reply;
	lc_buf got;
	pthread_t t;
} spy;

static void spy_serve(spy *s, int c)
{
	char buf[8192];
	size_t start = s->got.len;
	struct timeval tv = {2, 0};
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	for (;;) {
		ssize_t k = recv(c, buf, sizeof buf, 0);
		const char *head_end, *cl;
		if (k <= 0)
			break;
		lc_buf_append(&s->got, buf, (size_t)k);
		head_end = memmem(s->got.data + start, s->got.len - start, "\r\n\r\n", 4);
		if (!head_end)
			continue;
		cl = strcasestr(s->got.data + start, "\r\nContent-Length:");
		if (!cl || cl > head_end ||
		    s->got.data + s->got.len - (head_end + 4) >= strtol(cl + 17, NULL, 10))
			break;
	}
	/* a failed send (the gateway hung up) changes nothing: what it sent is what counts */
	(void)send(c, s->reply, strlen(s->reply), MSG_NOSIGNAL);
	close(c);
}

static void *spy_main(void *arg)
{
	spy *s = arg;
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		struct pollfd p = {s->fd, POLLIN, 0};
		int c;
		if (poll(&p, 1, 20) <= 0)
			continue;
		if ((c = accept(s->fd, NULL, NULL)) < 0)
			continue;
		s->conns++;
		spy_serve(s, c);
	}
	return NULL;
}

static int spy_start(spy *s, const char *reply)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	memset(s, 0, sizeof *s);
	s->reply = reply;
	lc_buf_init(&s->got, 1u << 20);
	lc_buf_append(&s->got, "", 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(s->fd, 16) != 0 || getsockname(s->fd, (struct sockaddr *)&a, &len) != 0)
		return -1;
	s->port = ntohs(a.sin_port);
	return pthread_create(&s->t, NULL, spy_main, s) == 0 ? 0 : -1;
}

static void spy_stop(spy *s)
{
	if (s->port) {
		__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
		pthread_join(s->t, NULL);
		s->port = 0;
	}
	if (s->fd > 0)
		close(s->fd);
	s->fd = -1;
}

/* ------------------------------------------------------------------ the rig with TLS */

/* Each test: certificates, then the fronts' ports (they go in the configuration), the rig,
 * then socat pointed at the mock (or at a spy) - and everything stopped by the wrapper. */
typedef struct tls_rig {
	rig r;
	front f[NFRONT];
	spy s[2];
	pid_t ngx; /* the HTTP/2 front (nginx), when a test starts one */
	int nf, started;
} tls_rig;

static const char *dir_of(void)
{
	return lc_test_tmpdir();
}

static void tls_stop(tls_rig *t)
{
	if (t->started)
		rig_stop(&t->r);
	t->started = 0;
	for (int i = 0; i < NFRONT; i++)
		front_stop(&t->f[i]);
	if (t->ngx > 0) {
		kill(t->ngx, SIGKILL);
		waitpid(t->ngx, NULL, 0);
		t->ngx = 0;
	}
	for (int i = 0; i < 2; i++) {
		spy_stop(&t->s[i]);
		lc_buf_free(&t->s[i].got);
	}
}

/* Ports for the fronts (they go in the configuration before socat starts) and the
 * certificates. NULL, or why the test cannot run. */
static const char *tls_setup(tls_rig *t)
{
	memset(t, 0, sizeof *t);
	t->s[0].fd = t->s[1].fd = -1;
	for (int i = 0; i < NFRONT; i++)
		t->f[i].port = free_port();
	if (system("command -v socat >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1") != 0)
		return "socat and openssl are needed (make deps installs them)";
	return make_certs(dir_of()) == 0 ? NULL : "openssl could not make the certificates";
}

#define TLS_TEST(name)                                                       \
	static void name##_body(tls_rig *t);                                 \
	TEST(name)                                                           \
	{                                                                    \
		tls_rig t;                                                   \
		const char *why = tls_setup(&t);                             \
		if (why) {                                                   \
			lc_test_fail(__FILE__, __LINE__, "%s", why);         \
			return;                                              \
		}                                                            \
		name##_body(&t);                                             \
		tls_stop(&t);                                                \
	}                                                                    \
	static void name##_body(tls_rig *t)

/* Append an https provider on the TLS front at port to the rig's extra YAML; kind is also
 * the price catalog's provider. with_ca: trust the test CA (else the system store). */
static void provider(char *yaml, size_t cap, const char *name, const char *kind, const char *host,
		     int port, int with_ca)
{
	size_t len = strlen(yaml);
	snprintf(yaml + len, cap - len,
		 "  - name: %s\n    kind: %s\n    base_url: https://%s:%d/v1\n"
		 "    api_key_env: LC_TEST_UPSTREAM_KEY\n    catalog_provider: %s\n"
		 "    allow_private: true\n",
		 name, kind, host, port, kind);
	len = strlen(yaml);
	if (with_ca)
		snprintf(yaml + len, cap - len, "    ca_file: %s/ca.pem\n", dir_of());
}

/* Which of the n request ids a ledger row belongs to, or -1. */
static int request_of(const lc_record *row, char ids[][GW_ID_MAX], int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(row->usage.id, ids[i]))
			return i;
	return -1;
}

/* A trusted certificate: JSON and SSE, OpenAI and Anthropic shapes, through
 * https://localhost and https://127.0.0.1 (the certificate's IP name), metered exactly (one
 * row per request, the mock's usage), over fewer TCP connections than requests. */
TLS_TEST(gw_tls_trusted_upstream)
{
	enum { N = 10 };
	char yaml[2048], ids[N][GW_ID_MAX];
	lc_record *rows;
	int n, seen[N] = {0};
	static const struct {
		const char *path, *body;
		int stream, in, out;
	} calls[N] = {
		{CHAT, "{\"model\":\"secure/gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:usage=120/7]\"}", 0, 120, 7},
		{CHAT, "{\"model\":\"secure/gpt-4o-mini\",\"stream\":true,\"messages\":[],\"x\":\"[mock:usage=50/9]\"}", 1, 50, 9},
		{CHAT, "{\"model\":\"secure/gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:usage=121/8]\"}", 0, 121, 8},
		{CHAT, "{\"model\":\"secure/gpt-4o-mini\",\"stream\":true,\"messages\":[],\"x\":\"[mock:usage=51/10][mock:events=7]\"}", 1, 51, 10},
		{"/v1/responses", "{\"model\":\"secure/gpt-4o-mini\",\"stream\":true,\"input\":\"[mock:usage=30/4]\"}", 1, 30, 4},
		{"/v1/messages", "{\"model\":\"secureant/claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[],"
				 "\"x\":\"[mock:usage=41/12]\"}", 0, 41, 12},
		{"/v1/messages", "{\"model\":\"secureant/claude-sonnet-4-5\",\"max_tokens\":100,\"stream\":true,"
				 "\"messages\":[],\"x\":\"[mock:usage=40/11]\"}", 1, 40, 11},
		{CHAT, "{\"model\":\"secure/gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:usage=123/10]\"}", 0, 123, 10},
		{CHAT, "{\"model\":\"byip/gpt-4o-mini\",\"stream\":true,\"messages\":[],\"x\":\"[mock:usage=53/12]\"}", 1, 53, 12},
		{CHAT, "{\"model\":\"byip/gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:usage=54/13]\"}", 0, 54, 13},
	};
	yaml[0] = '\0';
	provider(yaml, sizeof yaml, "secure", "openai", "localhost", t->f[0].port, 1);
	provider(yaml, sizeof yaml, "secureant", "anthropic", "localhost", t->f[0].port, 1);
	provider(yaml, sizeof yaml, "byip", "openai", "127.0.0.1", t->f[0].port, 1);
	CHECK_INT(rig_start(&t->r, yaml), 0);
	t->started = 1;
	CHECK_INT(front_start(&t->f[0], dir_of(), "good", t->r.mport), 0);
	for (int i = 0; i < N; i++) {
		resp x;
		CHECK_INT(http_post(t->r.port, calls[i].path, t->r.key, NULL, calls[i].body, &x), 0);
		CHECK_INT(x.status, 200);
		CHECK(x.complete);
		snprintf(ids[i], sizeof ids[i], "%.40s", resp_header(&x, "x-llmcost-request-id"));
		CHECK(ids[i][0]);
		if (calls[i].stream && !strcmp(calls[i].path, CHAT)) /* usage chunk held back */
			CHECK(strstr(x.body.data, "data: [DONE]") && !strstr(x.body.data, "\"usage\""));
		else if (!calls[i].stream)
			CHECK(strstr(x.body.data, "\"usage\"") != NULL);
		resp_free(&x);
	}
	rig_stop(&t->r);
	t->started = 0;
	CHECK_INT(rig_rows(&t->r, &rows, &n), 0);
	CHECK_INT(n, N);
	for (int j = 0; j < n; j++) {
		const lc_record *a = &rows[j];
		char needle[GW_ID_MAX + 8];
		int i = request_of(a, ids, N);
		CHECK(i >= 0 && !seen[i]++);
		CHECK_INT(a->usage.input_tokens, calls[i].in);
		CHECK_INT(a->usage.output_tokens, calls[i].out);
		CHECK_INT(a->usage.flags & (LC_USAGE_PARTIAL | LC_USAGE_ESTIMATED | LC_USAGE_NO_USAGE), 0);
		CHECK_STR(a->usage.provider, calls[i].path[4] == 'm' ? "anthropic" : "openai");
		CHECK(a->cost.priced);
		snprintf(needle, sizeof needle, "id=%.40s ", ids[i]);
		CHECK_INT(mock_count(&t->r, needle), 1);
	}
	free(rows);
	/* curl kept the TLS connections: one per host name (localhost, 127.0.0.1), shared by
	 * the providers on it, not one per request */
	CHECK_INT(front_conns(&t->f[0]), 2);
	CHECK(file_has(t->f[0].log, "SSL connection using"));
}

/* Concurrent clients over TLS: curl's pool holds at most one connection per transfer in
 * flight, and every request is metered once with its own usage. */
typedef struct tls_client {
	int port, k;
	const char *key;
	int ok;
	char ids[6][GW_ID_MAX];
} tls_client;

static void *tls_client_main(void *arg)
{
	tls_client *c = arg;
	for (int i = 0; i < 6; i++) {
		char body[256];
		resp x;
		snprintf(body, sizeof body,
			 "{\"model\":\"secure/gpt-4o-mini\",%s\"messages\":[],"
			 "\"x\":\"[mock:usage=%d/%d]\"}", i % 2 ? "\"stream\":true," : "",
			 100 + c->k, 10 + i);
		if (http_post(c->port, CHAT, c->key, NULL, body, &x) != 0)
			continue;
		if (x.status == 200 && x.complete) {
			snprintf(c->ids[i], GW_ID_MAX, "%.40s", resp_header(&x, "x-llmcost-request-id"));
			c->ok++;
		}
		resp_free(&x);
	}
	return NULL;
}

TLS_TEST(gw_tls_concurrent_pool)
{
	enum { NC = 4 };
	char yaml[1024];
	tls_client cl[NC];
	pthread_t th[NC];
	lc_record *rows;
	int n, conns;
	yaml[0] = '\0';
	provider(yaml, sizeof yaml, "secure", "openai", "localhost", t->f[0].port, 1);
	CHECK_INT(rig_start(&t->r, yaml), 0);
	t->started = 1;
	CHECK_INT(front_start(&t->f[0], dir_of(), "good", t->r.mport), 0);
	for (int k = 0; k < NC; k++) {
		memset(&cl[k], 0, sizeof cl[k]);
		cl[k].port = t->r.port;
		cl[k].k = k;
		cl[k].key = t->r.key;
		pthread_create(&th[k], NULL, tls_client_main, &cl[k]);
	}
	for (int k = 0; k < NC; k++)
		pthread_join(th[k], NULL);
	rig_stop(&t->r);
	t->started = 0;
	CHECK_INT(rig_rows(&t->r, &rows, &n), 0);
	CHECK_INT(n, NC * 6);
	for (int k = 0; k < NC; k++) {
		CHECK_INT(cl[k].ok, 6);
		for (int i = 0; i < 6; i++) {
			int hits = 0;
			for (int j = 0; j < n; j++)
				if (!strcmp(rows[j].usage.id, cl[k].ids[i])) {
					CHECK_INT(rows[j].usage.input_tokens, 100 + k);
					CHECK_INT(rows[j].usage.output_tokens, 10 + i);
					hits++;
				}
			CHECK_INT(hits, 1);
		}
	}
	free(rows);
	conns = front_conns(&t->f[0]);
	CHECK(conns >= 1 && conns <= NC);
}

/* Verification is on by default: without ca_file the system store does not know the test
 * CA; with it, a certificate for another name is still refused. Both answer 502 saying why,
 * and no request byte reached the mock; nothing secret leaks into the answer or the logs. */
TLS_TEST(gw_tls_untrusted_refused)
{
	char yaml[2048], ids[2][GW_ID_MAX];
	lc_record *rows;
	int n, seen[2] = {0};
	yaml[0] = '\0';
	provider(yaml, sizeof yaml, "nocafile", "openai", "localhost", t->f[0].port, 0);
	provider(yaml, sizeof yaml, "wrongname", "openai", "localhost", t->f[1].port, 1);
	CHECK_INT(rig_start(&t->r, yaml), 0);
	t->started = 1;
	CHECK_INT(front_start(&t->f[0], dir_of(), "good", t->r.mport), 0);
	CHECK_INT(front_start(&t->f[1], dir_of(), "wrong", t->r.mport), 0);
	for (int i = 0; i < 2; i++) {
		resp x;
		CHECK_INT(http_post(t->r.port, CHAT, t->r.key, NULL,
				    i ? "{\"model\":\"wrongname/gpt-4o-mini\",\"messages\":[]}"
				      : "{\"model\":\"nocafile/gpt-4o-mini\",\"messages\":[]}",
				    &x), 0);
		CHECK_INT(x.status, 502);
		CHECK(strstr(x.body.data, "upstream TLS certificate verification failed") != NULL);
		CHECK(strstr(x.body.data, "sk-upstream") == NULL);
		CHECK(strstr(x.body.data, t->r.key) == NULL);
		snprintf(ids[i], sizeof ids[i], "%.40s", resp_header(&x, "x-llmcost-request-id"));
		resp_free(&x);
	}
	rig_stop(&t->r);
	t->started = 0;
	/* Both were tried. The unknown CA fails inside the handshake; the host name is checked
	 * right after it (socat then opens its side to the mock), before any request byte. */
	CHECK(front_conns(&t->f[0]) >= 1);
	CHECK(front_conns(&t->f[1]) >= 1);
	CHECK(file_has(t->f[0].log, "unknown ca"));
	CHECK(!file_has(t->f[0].log, "starting data transfer loop"));
	CHECK_INT(mock_count(&t->r, "id="), 0);
	CHECK_INT(rig_rows(&t->r, &rows, &n), 0);
	CHECK_INT(n, 2);
	for (int j = 0; j < n; j++) {
		const lc_record *a = &rows[j];
		int i = request_of(a, ids, 2);
		CHECK(i >= 0 && !seen[i]++);
		CHECK(a->usage.flags & LC_USAGE_NO_USAGE);
		CHECK_STR(lc_usage_get_tag(&a->usage, "reason"), "upstream_error");
	}
	free(rows);
	CHECK(!file_has(t->r.access_log, "sk-upstream"));
	CHECK(!file_has(t->r.ledger, "sk-upstream"));
}

/* A provider answering 307 to another server: the client gets the 307, the other server gets
 * nothing, and the provider key went to the provider only (the client's key went nowhere). */
TLS_TEST(gw_tls_redirect_not_followed)
{
	char yaml[2048], reply[512];
	resp x;
	CHECK_INT(spy_start(&t->s[0], "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
				      "Content-Length: 2\r\nConnection: close\r\n\r\n{}"), 0);
	snprintf(reply, sizeof reply,
		 "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:%d/v1/chat/completions\r\n"
		 "Content-Type: application/json\r\nContent-Length: 14\r\n\r\n{\"moved\":true}",
		 t->s[0].port);
	CHECK_INT(spy_start(&t->s[1], reply), 0);
	yaml[0] = '\0';
	provider(yaml, sizeof yaml, "mover", "openai", "localhost", t->f[0].port, 1);
	CHECK_INT(rig_start(&t->r, yaml), 0);
	t->started = 1;
	CHECK_INT(front_start(&t->f[0], dir_of(), "good", t->s[1].port), 0);
	CHECK_INT(http_post(t->r.port, CHAT, t->r.key, NULL,
			    "{\"model\":\"mover/gpt-4o-mini\",\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 307);
	CHECK(strstr(x.head, "sk-upstream") == NULL && strstr(x.body.data, "sk-upstream") == NULL);
	resp_free(&x);
	rig_stop(&t->r);
	t->started = 0;
	spy_stop(&t->s[0]);
	spy_stop(&t->s[1]);
	CHECK_INT(t->s[0].conns, 0);
	CHECK_INT(t->s[1].conns, 1);
	CHECK(strstr(t->s[1].got.data, "Authorization: Bearer sk-upstream-VERYSECRET-0123456789\r\n"));
	CHECK(strstr(t->s[1].got.data, t->r.key) == NULL);
}

/* ------------------------------------------------------------------ HTTP/2 */

/* nginx as an HTTP/2 front: TLS on port with the good certificate, HTTP/2 or HTTP/1.1 as
 * ALPN decides, then HTTP/1.1 on to `to`. One process (master_process off), killed with
 * the test. Its access log has a line per request: the protocol and the connection's
 * number. 0 once it accepts connections. */
static int h2_start(tls_rig *t, int port, int to, char *log, size_t cap)
{
	const char *dir = dir_of();
	char conf[700], ngx[512] = "/usr/sbin/nginx", errlog[700];
	char *argv[] = {"nginx", "-p", (char *)dir, "-c", conf, "-e", errlog, NULL};
	pid_t parent = getpid();
	FILE *f;

	if (access(ngx, X_OK) != 0 && find_tool("nginx", ngx, sizeof ngx) != 0)
		return -1;
	snprintf(conf, sizeof conf, "%s/h2.conf", dir);
	snprintf(errlog, sizeof errlog, "%s/h2-error.log", dir);
	snprintf(log, cap, "%s/h2-access.log", dir);
	if (!(f = fopen(conf, "w")))
		return -1;
	fprintf(f,
		"daemon off;\nmaster_process off;\npid %s/h2.pid;\nerror_log %s warn;\n"
		"events { worker_connections 64; }\n"
		"http {\n"
		"  log_format h2 '$server_protocol c=$connection s=$status';\n"
		"  access_log %s h2;\n"
		"  client_body_temp_path %s/h2-body;\n  proxy_temp_path %s/h2-proxy;\n"
		"  fastcgi_temp_path %s/h2-fcgi;\n  uwsgi_temp_path %s/h2-uwsgi;\n"
		"  scgi_temp_path %s/h2-scgi;\n"
		"  server {\n"
		"    listen 127.0.0.1:%d ssl http2;\n"
		"    ssl_certificate %s/good.pem;\n    ssl_certificate_key %s/good.key;\n"
		"    location / { proxy_pass http://127.0.0.1:%d; proxy_http_version 1.1;\n"
		"                 proxy_buffering off; }\n"
		"  }\n}\n",
		dir, errlog, log, dir, dir, dir, dir, dir, port, dir, dir, to);
	fclose(f);
	fflush(NULL);
	t->ngx = fork();
	if (t->ngx < 0)
		return -1;
	if (t->ngx == 0) {
		close_range(3, ~0u, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		execv(ngx, argv);
		_exit(127);
	}
	for (int i = 0; i < 300; i++) {
		struct sockaddr_in a;
		int fd = socket(AF_INET, SOCK_STREAM, 0), ok;
		memset(&a, 0, sizeof a);
		a.sin_family = AF_INET;
		a.sin_port = htons((uint16_t)port);
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
		if (fd >= 0)
			close(fd);
		if (ok)
			return 0;
		if (waitpid(t->ngx, NULL, WNOHANG) == t->ngx) {
			t->ngx = 0;
			return -1;
		}
		sleep_ms(10);
	}
	return -1;
}

typedef struct h2_client {
	int port, k, ok;
	const char *key;
	char id[GW_ID_MAX];
} h2_client;

/* One slow stream (8 events 25 ms apart): the clients' calls overlap in time. */
static void *h2_client_main(void *arg)
{
	h2_client *c = arg;
	char body[256];
	resp x;
	snprintf(body, sizeof body,
		 "{\"model\":\"h2/gpt-4o-mini\",\"stream\":true,\"messages\":[],"
		 "\"x\":\"[mock:usage=%d/%d][mock:events=8][mock:drip=25]\"}", 200 + c->k, 20 + c->k);
	if (http_post(c->port, CHAT, c->key, NULL, body, &x) != 0)
		return NULL;
	if (x.status == 200 && x.complete && strstr(x.body.data, "data: [DONE]")) {
		snprintf(c->id, GW_ID_MAX, "%.40s", resp_header(&x, "x-llmcost-request-id"));
		c->ok = 1;
	}
	resp_free(&x);
	return NULL;
}

/* An https provider that speaks HTTP/2 gets it (ALPN), and concurrent calls share one
 * connection - HTTP/1.1 needs one per call in flight - each metered exactly; with
 * `http2: false` the same server is spoken to in HTTP/1.1. */
TLS_TEST(gw_tls_http2_multiplexed)
{
	enum { NC = 6 };
	char yaml[2048], log[700], line[256];
	h2_client cl[NC];
	pthread_t th[NC];
	lc_record *rows;
	int n, h2 = 0, h1 = 0, conn = -1, conns = 0;
	FILE *f;

	yaml[0] = '\0';
	provider(yaml, sizeof yaml, "h2", "openai", "localhost", t->f[0].port, 1);
	provider(yaml, sizeof yaml, "h1", "openai", "localhost", t->f[0].port, 1);
	snprintf(yaml + strlen(yaml), sizeof yaml - strlen(yaml), "    http2: false\n");
	CHECK_INT(rig_start(&t->r, yaml), 0);
	t->started = 1;
	if (h2_start(t, t->f[0].port, t->r.mport, log, sizeof log) != 0) {
		lc_test_fail(__FILE__, __LINE__, "nginx (nginx-light, make deps installs it) did not "
						 "start as an HTTP/2 front");
		return;
	}
	for (int k = 0; k < NC; k++) {
		memset(&cl[k], 0, sizeof cl[k]);
		cl[k].port = t->r.port;
		cl[k].k = k;
		cl[k].key = t->r.key;
		pthread_create(&th[k], NULL, h2_client_main, &cl[k]);
	}
	for (int k = 0; k < NC; k++)
		pthread_join(th[k], NULL);
	for (int i = 0; i < 2; i++) {
		resp x;
		CHECK_INT(http_post(t->r.port, CHAT, t->r.key, NULL,
				    i ? "{\"model\":\"h1/gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:usage=31/3]\"}"
				      : "{\"model\":\"h2/gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:usage=30/2]\"}",
				    &x), 0);
		CHECK_INT(x.status, 200);
		CHECK(strstr(x.body.data, "\"usage\"") != NULL);
		resp_free(&x);
	}
	rig_stop(&t->r);
	t->started = 0;
	CHECK_INT(rig_rows(&t->r, &rows, &n), 0);
	CHECK_INT(n, NC + 2);
	for (int k = 0; k < NC; k++) {
		int hits = 0;
		CHECK(cl[k].ok);
		for (int j = 0; j < n; j++)
			if (!strcmp(rows[j].usage.id, cl[k].id)) {
				CHECK_INT(rows[j].usage.input_tokens, 200 + k);
				CHECK_INT(rows[j].usage.output_tokens, 20 + k);
				CHECK_INT(rows[j].usage.flags & (LC_USAGE_PARTIAL | LC_USAGE_ESTIMATED), 0);
				hits++;
			}
		CHECK_INT(hits, 1);
	}
	free(rows);
	/* the front's log: the six streams and the h2 provider's call in HTTP/2, on one
	 * connection; the h1 provider's call in HTTP/1.1 */
	kill(t->ngx, SIGKILL); /* its log is written line by line: complete once it is gone */
	waitpid(t->ngx, NULL, 0);
	t->ngx = 0;
	CHECK((f = fopen(log, "r")) != NULL);
	while (f && fgets(line, sizeof line, f)) {
		int c = -1;
		const char *p = strstr(line, " c=");
		if (p)
			c = (int)strtol(p + 3, NULL, 10);
		if (!strncmp(line, "HTTP/2.0 ", 9)) {
			h2++;
			if (c != conn)
				conns++;
			conn = c;
		} else if (!strncmp(line, "HTTP/1.1 ", 9)) {
			h1++;
		}
	}
	if (f)
		fclose(f);
	CHECK_INT(h2, NC + 1);
	CHECK_INT(h1, 1);
	CHECK_INT(conns, 1);
}

/* ------------------------------------------------------------------ configuration */

static int parse(const char *yaml, unsigned flags, lc_gw_config **c, lc_error *err)
{
	return lc_gw_config_parse_flags(yaml, strlen(yaml), "t.yaml", flags, c, err);
}

/* ca_file must be readable PEM and only on https; key management reads no secret, and a
 * configuration loaded that way cannot be served. */
TEST(gw_tls_config)
{
	lc_gw_config *c = NULL;
	lc_gateway *gw = NULL;
	lc_error err;
	char yaml[1024], pem[600], junk[600];
	const char *dir = lc_test_tmpdir();
	FILE *f;

	snprintf(pem, sizeof pem, "%s/ca.pem", dir);
	snprintf(junk, sizeof junk, "%s/junk.pem", dir);
	f = fopen(pem, "w");
	CHECK(f != NULL);
	fputs("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", f);
	fclose(f);
	f = fopen(junk, "w");
	CHECK(f != NULL);
	fputs("not a certificate\n", f);
	fclose(f);

	snprintf(yaml, sizeof yaml, "providers:\n  - name: p\n    base_url: https://x.test/v1\n"
				    "    ca_file: %s\n", pem);
	CHECK_INT(parse(yaml, 0, &c, &err), 0);
	lc_gw_config_free(c);
	snprintf(yaml, sizeof yaml, "providers:\n  - name: p\n    base_url: https://x.test/v1\n"
				    "    ca_file: %s/missing.pem\n", dir);
	CHECK_INT(parse(yaml, 0, &c, &err), LC_PARSE);
	CHECK(strstr(err.msg, "t.yaml:4:14: cannot read ca_file ") == err.msg);
	snprintf(yaml, sizeof yaml, "providers:\n  - name: p\n    base_url: https://x.test/v1\n"
				    "    ca_file: %s\n", junk);
	CHECK_INT(parse(yaml, 0, &c, &err), LC_PARSE);
	CHECK(strstr(err.msg, "holds no PEM certificate") != NULL);
	snprintf(yaml, sizeof yaml, "providers:\n  - name: p\n    ca_file: %s\n"
				    "    base_url: http://x.test/v1\n", pem);
	CHECK_INT(parse(yaml, 0, &c, &err), LC_PARSE);
	CHECK_STR(err.msg, "t.yaml:3:14: ca_file needs an https:// base_url");

	/* secrets: strict by default, not read at all for key management */
	unsetenv("LC_TEST_NO_SUCH_KEY");
	snprintf(yaml, sizeof yaml, "admin_key_env: LC_TEST_NO_SUCH_KEY\nproviders:\n  - name: p\n"
				    "    base_url: https://x.test/v1\n    api_key_env: LC_TEST_NO_SUCH_KEY\n"
				    "    ca_file: %s/missing.pem\n", dir);
	CHECK_INT(parse(yaml, 0, &c, &err), LC_PARSE);
	CHECK_STR(err.msg, "t.yaml:5:18: environment variable LC_TEST_NO_SUCH_KEY is not set");
	CHECK_INT(parse(yaml, LC_GW_CONFIG_KEYS_ONLY, &c, &err), 0);
	CHECK_INT(lc_gw_create(c, &gw, &err), LC_INVAL);
	CHECK(gw == NULL);
	CHECK(strstr(err.msg, "cannot be served") != NULL);
	lc_gw_config_free(c);
	/* still a full parse: unknown fields and bad values are errors in either mode */
	CHECK(parse("providers:\n  - name: p\n    base_url: ftp://x\n", LC_GW_CONFIG_KEYS_ONLY, &c,
		    &err) != 0);
	CHECK(strstr(err.msg, "base_url must start with http:// or https://") != NULL);
	CHECK_INT(parse("providers:\n  - name: p\n    api_key_env: [a]\n", LC_GW_CONFIG_KEYS_ONLY,
			&c, &err), LC_PARSE);
}
