/*
 * scanbench.c - why src/agentlog has its own JSON scanner: reads a Claude Code tree three
 * ways and prints the time of each, with the same token totals.
 *
 *   scanbench DIR [THREADS]
 *     agentlog   al_scan (memmem prefilter + jscan), into a counting sink, no ledger
 *     json-c+pf  the same prefilter, then json_tokener_parse of each candidate line
 *     json-c     json_tokener_parse of every line (what a straightforward reader does)
 *
 * The json-c readers are single-threaded and do not dedup (they sum every usage line);
 * agentlog is shown with 1 reader thread and with THREADS, into a sink that keeps the
 * first record of each id (as the ledger would). Built by bench/claude/run.sh.
 */
#include <dirent.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agentlog/agentlog_int.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct counter {
	int64_t n, in, out;
	uint64_t *seen; /* ids already counted (64-bit hashes; the ledger's job in llmcost) */
	size_t cap;
} counter;

/* 1 when id is new. Files are visited in path order, so this keeps the first, as the
 * ledger does. */
static int first_time(counter *c, const char *id)
{
	uint64_t h = al_hash64(id, strlen(id)) | 1;
	size_t i;
	if (!c->seen) {
		c->cap = 1 << 20;
		c->seen = calloc(c->cap, sizeof *c->seen);
	}
	for (i = h & (c->cap - 1); c->seen[i]; i = (i + 1) & (c->cap - 1))
		if (c->seen[i] == h)
			return 0;
	c->seen[i] = h;
	return 1;
}

static int c_get(void *ctx, const char *p, lc_cursor *c, lc_error *e)
{
	(void)ctx, (void)p, (void)c, (void)e;
	return LC_NOTFOUND;
}
static int c_ok(void *ctx, lc_error *e)
{
	(void)ctx, (void)e;
	return 0;
}
static int c_rec(void *ctx, const lc_usage *u, const char *s, int *ins, lc_error *e)
{
	counter *c = ctx;
	(void)s, (void)e;
	if (!(*ins = first_time(c, u->id)))
		return 0;
	c->n++;
	c->in += u->input_tokens;
	c->out += u->output_tokens;
	return 0;
}
static int c_cur(void *ctx, const lc_cursor *c, lc_error *e)
{
	(void)ctx, (void)c, (void)e;
	return 0;
}
static void c_rb(void *ctx)
{
	(void)ctx;
}

static int64_t get_int(json_object *o, const char *k)
{
	json_object *v;
	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : 0;
}

static void jsonc_line(const char *p, size_t n, counter *c, json_tokener *tok)
{
	json_object *o, *msg, *usage, *ts, *id;
	lc_time_ms t;
	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, p, (int)n);
	if (!o)
		return;
	if (json_object_object_get_ex(o, "message", &msg) && json_object_is_type(msg, json_type_object) &&
	    json_object_object_get_ex(msg, "usage", &usage) && json_object_object_get_ex(o, "timestamp", &ts)) {
		const char *s = json_object_get_string(ts);
		json_object_object_get_ex(msg, "id", &id);
		if (s && lc_time_parse(s, strlen(s), 0, &t) == 0) {
			c->n++;
			c->in += get_int(usage, "input_tokens");
			c->out += get_int(usage, "output_tokens");
			(void)get_int(usage, "cache_read_input_tokens");
			(void)get_int(usage, "cache_creation_input_tokens");
		}
	}
	json_object_put(o);
}

static void jsonc_file(const char *path, int prefilter, counter *c, json_tokener *tok)
{
	struct stat sb;
	int fd = open(path, O_RDONLY);
	const char *d, *p, *end;
	if (fd < 0 || fstat(fd, &sb) < 0 || sb.st_size == 0) {
		if (fd >= 0)
			close(fd);
		return;
	}
	d = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (d == MAP_FAILED)
		return;
	p = d;
	end = d + sb.st_size;
	while (p < end) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((le ? le : end) - p);
		if (!prefilter || memmem(p, n, "\"usage\"", 7))
			jsonc_line(p, n, c, tok);
		p = le ? le + 1 : end;
	}
	munmap((void *)d, (size_t)sb.st_size);
}

static void walk(const char *dir, int prefilter, counter *c, json_tokener *tok)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t k = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			walk(path, prefilter, c, tok);
		else if (k > 6 && strcmp(e->d_name + k - 6, ".jsonl") == 0)
			jsonc_file(path, prefilter, c, tok);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	char *paths[2];
	int threads[2] = {1, 0}, i;
	double t;
	if (argc < 2)
		return fprintf(stderr, "usage: scanbench DIR [THREADS]\n"), 2;
	paths[0] = argv[1];
	paths[1] = NULL;
	threads[1] = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 0;
	for (i = 0; i < 2; i++) {
		counter c = {0};
		al_sink s = {&c, c_get, c_ok, c_rec, c_cur, c_ok, c_rb};
		lc_scan_opts o = {0, threads[i]};
		lc_scan_stats st;
		lc_error err;
		t = now();
		if (al_scan(&s, LC_AGENT_CLAUDE_CODE, paths, &o, &st, &err) != 0)
			return fprintf(stderr, "%s\n", err.msg), 1;
		printf("agentlog (%s threads)  %.3f s  records %lld  input %lld  output %lld\n",
		       threads[i] ? "1" : "auto", now() - t, (long long)c.n, (long long)c.in,
		       (long long)c.out);
		free(c.seen);
	}
	for (i = 1; i >= 0 && !getenv("SCANBENCH_ONLY_AGENTLOG"); i--) {
		counter c = {0};
		json_tokener *tok = json_tokener_new();
		t = now();
		walk(argv[1], i, &c, tok);
		printf("json-c%s  %.3f s  usage lines %lld  input %lld  output %lld\n",
		       i ? " + prefilter" : " every line", now() - t, (long long)c.n,
		       (long long)c.in, (long long)c.out);
		json_tokener_free(tok);
	}
	return 0;
}
