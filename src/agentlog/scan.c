/*
 * scan.c - the scan: which files changed since the last run, reading only their new
 * bytes, the reader threads, and the deterministic merge that dedups and hands records to
 * the sink (import.c binds it to the ledger) in one transaction with the new cursors.
 *
 * Speed is the point of this file (bench/claude). A re-run stats each file and compares
 * size and mtime with its cursor; unchanged files are not opened. Changed files are
 * read from the cursor's offset in a bounded window (lines.c): for Claude Code, a SIMD search
 * finds the next "usage" key and only the line around it is parsed (most bytes are user lines with tool
 * output that cannot hold usage), so the parse cost follows the assistant lines, not the
 * tree size. Claude files are read by a small thread pool while the calling thread stores
 * the files already read, strictly in path order, so the result never depends on thread
 * timing and the ledger's insert time overlaps the reading. Each file's records wait in a
 * compact array (an lc_usage is ~1.6 KB) that is freed once stored. Codex files are read
 * in path order on the calling thread: cumulative totals chain across the files of a
 * resumed session.
 *
 * A cursor stores the offset after the last complete line plus a fingerprint of the bytes
 * it consumed (al_fingerprint): a file that shrank or was replaced is read again from the
 * start, and record ids make that safe (already stored ids are not stored again).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agentlog/files.h"
#include "agentlog/lines.h"

#define THREADS_MAX 8
#define ARENA_MAX ((size_t)1 << 31)

/* A record kept compact between the parse and the merge (an lc_usage is ~1.6 KB). */
typedef struct al_rec {
	lc_money cost;
	lc_time_ms time;
	int64_t tok[7]; /* input, cache_read, write_5m, write_1h, output, reasoning, web */
	uint32_t id, model, session, project; /* offsets into the job's arena */
	uint32_t flags;
	uint8_t tier, has_cost, dead, has_project;
} al_rec;

typedef struct al_job {
	al_file *f;
	int has_old;
	int64_t old_offset; /* the stored cursor's offset */
	char *old_state;    /* and its state text (heap; jobs stay small: one per file) */
	int64_t end_offset; /* new cursor offset */
	uint64_t tail;
	char *state;        /* reader state to keep (Codex; heap, NULL for none) */
	lc_buf arena;
	al_rec *recs;
	size_t nrec, caprec;
	int64_t lines, bad, bytes;
	int rc;
	int gone;  /* the file disappeared between the listing and the read */
	int ready; /* read and deduplicated; the storing thread may take it (pool.mu) */
	int64_t dups; /* repeats of a call within this file */
} al_job;

typedef struct pool {
	al_job *jobs;
	size_t njobs;
	atomic_size_t next;  /* the next job a reader claims */
	atomic_int stop;     /* the storing thread failed: readers stop claiming */
	pthread_mutex_t mu;  /* guards al_job.ready, with cv */
	pthread_cond_t cv;
	size_t done;         /* jobs stored */
	atomic_llong bytes_done;
	int64_t bytes_total;
	const lc_scan_opts *o;
	struct timespec t0;
	double last_draw;
	int drawn;
} pool;

/* ------------------------------------------------------------------ records */

static uint32_t arena_put(al_job *j, const char *s)
{
	size_t off = j->arena.len;
	if (lc_buf_append(&j->arena, s, strlen(s) + 1) < 0)
		return UINT32_MAX;
	return (uint32_t)off;
}

static int rec_add(al_job *j, const lc_usage *u)
{
	al_rec *r, *nv;
	const char *proj = lc_usage_get_tag(u, "project");
	if (!(nv = al_grow(j->recs, j->nrec, &j->caprec, sizeof *j->recs, 16)))
		return LC_NOMEM;
	j->recs = nv;
	r = &j->recs[j->nrec];
	memset(r, 0, sizeof *r);
	r->time = u->time;
	r->tok[0] = u->input_tokens;
	r->tok[1] = u->cache_read_tokens;
	r->tok[2] = u->cache_write_5m_tokens;
	r->tok[3] = u->cache_write_1h_tokens;
	r->tok[4] = u->output_tokens;
	r->tok[5] = u->reasoning_tokens;
	r->tok[6] = u->web_search_requests;
	r->flags = u->flags;
	r->tier = (uint8_t)u->tier;
	r->has_cost = (uint8_t)u->has_source_cost;
	r->cost = u->source_cost;
	r->id = arena_put(j, u->id);
	r->model = arena_put(j, u->model);
	r->session = arena_put(j, u->session);
	r->has_project = proj != NULL;
	r->project = arena_put(j, proj ? proj : "");
	if (r->id == UINT32_MAX || r->model == UINT32_MAX || r->session == UINT32_MAX ||
	    r->project == UINT32_MAX)
		return LC_LIMIT;
	j->nrec++;
	return LC_OK;
}

/* Copy s into dst[cap], cut to cap - 1 bytes as snprintf would (the arena's strings came
 * from fields of the same size, so nothing is cut in practice). */
static void copy_str(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Fill u from r. Every field is assigned, so u is initialized once by the caller, not
 * cleared per record (an lc_usage is ~1.6 KB, mostly tag slots). */
static void rec_to_usage(const al_job *j, const al_rec *r, const char *provider, lc_usage *u)
{
	const char *a = j->arena.data;
	copy_str(u->id, sizeof u->id, a + r->id);
	copy_str(u->provider, sizeof u->provider, provider);
	copy_str(u->model, sizeof u->model, a + r->model);
	copy_str(u->session, sizeof u->session, a + r->session);
	u->time = r->time;
	u->input_tokens = r->tok[0];
	u->cache_read_tokens = r->tok[1];
	u->cache_write_5m_tokens = r->tok[2];
	u->cache_write_1h_tokens = r->tok[3];
	u->output_tokens = r->tok[4];
	u->reasoning_tokens = r->tok[5];
	u->web_search_requests = r->tok[6];
	u->flags = r->flags;
	u->tier = (lc_tier)r->tier;
	u->has_source_cost = r->has_cost;
	u->source_cost = r->has_cost ? r->cost : lc_money_zero();
	memcpy(u->source_currency, r->has_cost ? "USD" : "", r->has_cost ? 4 : 1);
	u->ntags = 0;
	if (r->has_project)
		lc_usage_set_tag(u, "project", a + r->project);
}

/* ------------------------------------------------------------------ reading one file */

static const char BOM[] = "\xEF\xBB\xBF";

/* Open a job's file and decide where to start: the old cursor's offset when the file still
 * has the bytes the cursor consumed (fingerprint), else 0. *state gets the reader state
 * stored with that cursor ("" when starting over). Returns the fd, or -1 (j->rc set; a
 * file that vanished since the listing is LC_NOTFOUND, skipped by the caller). */
static int open_job(al_job *j, int64_t *start, const char **state)
{
	unsigned long long h;
	uint64_t fp;
	int n = 0, fd;

	*start = 0;
	*state = "";
	if ((fd = open(j->f->path, O_RDONLY | O_CLOEXEC)) < 0) {
		j->rc = errno == ENOENT ? LC_NOTFOUND : LC_IO;
		return -1;
	}
	if (!j->has_old || j->old_offset <= 0 || j->old_offset > j->f->size)
		return fd;
	if (sscanf(j->old_state, "tail=%16llx%n", &h, &n) != 1 || (size_t)n > strlen(j->old_state))
		return fd;
	if (al_fingerprint(fd, j->old_offset, &fp) != LC_OK || fp != h)
		return fd;
	*start = j->old_offset;
	*state = j->old_state + n + (j->old_state[n] == '\n');
	return fd;
}

/* After reading: the cursor's offset, byte count and fingerprint. */
static void close_job(al_job *j, int fd, const al_lines_result *res)
{
	j->end_offset = res->end_offset;
	j->bytes = res->bytes;
	j->bad += res->long_lines;
	if (j->rc == LC_OK && al_fingerprint(fd, j->end_offset, &j->tail) != LC_OK)
		j->rc = LC_IO;
	close(fd);
}

/*
 * Claude Code: most bytes are user lines (tool output) that cannot hold usage, so instead
 * of splitting every line we jump to the next "usage" key and parse only the line around
 * it. p always sits at a line start, so the line start is the last newline before the hit.
 */
static int claude_region(void *ctx, const char *p, const char *end, int64_t off, int last)
{
	al_job *j = ctx;
	const char *base = p;
	lc_usage u;
	(void)last;
	while (p < end) {
		const char *hit = al_find_usage_key(p, (size_t)(end - p));
		const char *ls, *le;
		int r;
		if (!hit)
			break;
		ls = memrchr(p, '\n', (size_t)(hit - p));
		ls = ls ? ls + 1 : p;
		le = memchr(hit, '\n', (size_t)(end - hit));
		if (off == 0 && ls == base && end - ls >= 3 && memcmp(ls, BOM, 3) == 0)
			ls += 3;
		j->lines++;
		r = al_claude_line(ls, (size_t)((le ? le : end) - ls), j->f->project_dir, &u);
		if (r == AL_REC && (j->rc = rec_add(j, &u)) != LC_OK)
			return j->rc;
		if (r == AL_BAD)
			j->bad++;
		if (!le)
			break; /* an unterminated last line: read, but not consumed */
		p = le + 1;
	}
	return LC_OK;
}

static void read_job(al_job *j)
{
	al_lines_result res;
	const char *state;
	int64_t start;
	int fd = open_job(j, &start, &state);
	if (fd < 0)
		return;
	j->rc = al_lines_run(fd, start, claude_region, j, &res);
	close_job(j, fd, &res);
}

/* ------------------------------------------------------------------ progress */

static double elapsed(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(pool *pl, int final)
{
	size_t done = pl->done;
	long long b = atomic_load(&pl->bytes_done);
	int width = 30, fill;
	double now;
	if (!pl->o || !pl->o->progress || !isatty(2))
		return;
	if (final) {
		if (pl->drawn)
			fprintf(stderr, "\r\033[K");
		return;
	}
	now = elapsed(&pl->t0);
	if (now < 1.0 || now - pl->last_draw < 0.1)
		return; /* after a second, at most ten redraws a second */
	pl->last_draw = now;
	fill = pl->bytes_total > 0 ? (int)(width * (double)b / (double)pl->bytes_total) : width;
	fprintf(stderr, "\rimporting [%.*s%*s] %zu/%zu files, %lld MB", fill,
		"##############################", width - fill, "", done, pl->njobs, b >> 20);
	pl->drawn = 1;
}

static int64_t dedup_file(al_job *j, int *rc);

/* Read job k and hand it to the storing thread. */
static void read_and_post(pool *pl, size_t k)
{
	al_job *j = &pl->jobs[k];
	read_job(j);
	if (j->rc == LC_OK)
		j->dups = dedup_file(j, &j->rc);
	atomic_fetch_add(&pl->bytes_done, j->f->size);
	pthread_mutex_lock(&pl->mu);
	j->ready = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
}

static void *worker(void *arg)
{
	pool *pl = arg;
	size_t k;
	while (!atomic_load(&pl->stop) && (k = atomic_fetch_add(&pl->next, 1)) < pl->njobs)
		read_and_post(pl, k);
	al_lines_thread_done();
	return NULL;
}

/* Start the reader threads (one per CPU, at most THREADS_MAX, or o->threads); returns
 * how many started. The calling thread stores meanwhile (see al_scan). */
static size_t start_readers(pool *pl, pthread_t *th)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nth = ncpu > 0 ? (size_t)ncpu : 1, started = 0, i;

	if (pl->o && pl->o->threads > 0)
		nth = (size_t)pl->o->threads;
	if (nth > THREADS_MAX)
		nth = THREADS_MAX;
	if (nth > pl->njobs)
		nth = pl->njobs;
	for (i = 0; i < nth; i++)
		if (pthread_create(&th[started], NULL, worker, pl) == 0)
			started++;
	return started;
}

/* Wait until job k is read (reading it here when no reader thread runs). */
static void wait_ready(pool *pl, size_t k, size_t readers)
{
	al_job *j = &pl->jobs[k];
	if (!readers) {
		if (atomic_fetch_add(&pl->next, 1) == k)
			read_and_post(pl, k);
		return;
	}
	pthread_mutex_lock(&pl->mu);
	while (!j->ready) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 100 * 1000000;
		if (t.tv_nsec >= 1000000000)
			t.tv_sec++, t.tv_nsec -= 1000000000;
		pthread_cond_timedwait(&pl->cv, &pl->mu, &t);
		if (!j->ready) {
			pthread_mutex_unlock(&pl->mu);
			progress(pl, 0);
			pthread_mutex_lock(&pl->mu);
		}
	}
	pthread_mutex_unlock(&pl->mu);
}

/* ------------------------------------------------------------------ Codex, in order */

typedef struct sessmap {
	al_codex_sess *v;
	size_t n, cap;
} sessmap;

static al_codex_sess *sess_find(sessmap *sm, const char *id, int create)
{
	al_codex_sess *nv;
	size_t i;
	for (i = sm->n; i-- > 0;)
		if (strcmp(sm->v[i].session, id) == 0)
			return &sm->v[i];
	if (!create)
		return NULL;
	if (!(nv = al_grow(sm->v, sm->n, &sm->cap, sizeof *sm->v, 16)))
		return NULL;
	sm->v = nv;
	memset(&sm->v[sm->n], 0, sizeof sm->v[0]);
	snprintf(sm->v[sm->n].session, sizeof sm->v[0].session, "%s", id);
	return &sm->v[sm->n++];
}

/* A rollout's session until its session_meta says otherwise: the file name's stem. */
static void file_session(const char *path, char *out, size_t cap)
{
	const char *b = strrchr(path, '/');
	size_t n;
	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 6 && strcmp(b + n - 6, ".jsonl") == 0)
		n -= 6;
	snprintf(out, cap, "%.*s", (int)n, b);
}

typedef struct codex_ctx {
	al_job *j;
	sessmap *sm;
	char cur[LC_SESSION_MAX]; /* the session lines belong to */
} codex_ctx;

static int codex_region(void *ctx, const char *p, const char *end, int64_t off, int last)
{
	codex_ctx *c = ctx;
	al_job *j = c->j;
	al_codex_sess *s;
	al_codex_ev ev;
	lc_usage u;
	(void)last;
	if (off == 0 && end - p >= 3 && memcmp(p, BOM, 3) == 0)
		p += 3;
	while (p < end) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((le ? le : end) - p);
		int r;
		j->lines++;
		r = len ? al_codex_line(p, len, &ev) : AL_SKIP;
		if (r == AL_BAD) {
			j->bad++;
		} else if (r == AL_REC) {
			if (ev.kind == AL_CX_META && ev.session[0])
				snprintf(c->cur, sizeof c->cur, "%s", ev.session);
			if (!(s = sess_find(c->sm, c->cur, 1)))
				return j->rc = LC_NOMEM;
			if (ev.cwd[0])
				al_project_name(ev.cwd, NULL, s->project, sizeof s->project);
			if (ev.kind == AL_CX_CONTEXT && ev.model[0])
				snprintf(s->model, sizeof s->model, "%s", ev.model);
			if (ev.kind == AL_CX_TOKENS && al_codex_bill(s, &ev, &u) == AL_REC &&
			    (j->rc = rec_add(j, &u)) != LC_OK)
				return j->rc;
		}
		if (!le)
			break;
		p = le + 1;
	}
	return LC_OK;
}

/* Codex files are read in path order on the calling thread: a resumed session continues
 * in a later file, billed against the totals the earlier file reached. */
static void codex_read(al_job *j, sessmap *sm)
{
	al_lines_result res;
	const char *state;
	al_codex_sess *s;
	codex_ctx c;
	int64_t start;
	int fd = open_job(j, &start, &state);

	if (fd < 0)
		return;
	c.j = j;
	c.sm = sm;
	file_session(j->f->path, c.cur, sizeof c.cur);
	if (start > 0) {
		al_codex_sess saved;
		if (al_codex_state_get(state, &saved) == LC_OK && saved.session[0]) {
			snprintf(c.cur, sizeof c.cur, "%s", saved.session);
			if ((s = sess_find(sm, c.cur, 1)) && saved.seen.input + saved.seen.output >=
								 s->seen.input + s->seen.output)
				*s = saved;
		}
	}
	j->rc = al_lines_run(fd, start, codex_region, &c, &res);
	close_job(j, fd, &res);
	if ((s = sess_find(sm, c.cur, 0))) {
		if (!(j->state = malloc(LC_CURSOR_STATE_MAX - 32)))
			j->rc = LC_NOMEM;
		else if (al_codex_state_put(s, j->state, LC_CURSOR_STATE_MAX - 32) != LC_OK)
			j->state[0] = '\0';
	}
}

/* ------------------------------------------------------------------ dedup and store */

/*
 * Within a file, keep the last line of each call (content-block splits and streaming
 * partials: the last line is the complete one) and mark the others dead. Across files the
 * ledger keeps the first: files are stored in path order, so a call copied into a resumed
 * session stays with the session where it was spent. Returns the repeats found.
 */
static int64_t dedup_file(al_job *j, int *rc)
{
	size_t cap = 16, mask, k;
	uint32_t *t; /* record index + 1; 0 = empty */
	int64_t dups = 0;

	if (j->nrec < 2)
		return 0;
	while (cap < j->nrec * 2)
		cap <<= 1;
	if (!(t = calloc(cap, sizeof *t))) {
		*rc = LC_NOMEM;
		return 0;
	}
	mask = cap - 1;
	for (k = 0; k < j->nrec; k++) {
		const char *id = j->arena.data + j->recs[k].id;
		size_t h = (size_t)al_hash64(id, strlen(id)) & mask;
		while (t[h] && strcmp(j->arena.data + j->recs[t[h] - 1].id, id) != 0)
			h = (h + 1) & mask;
		if (t[h]) {
			j->recs[t[h] - 1].dead = 1;
			dups++;
		}
		t[h] = (uint32_t)k + 1;
	}
	free(t);
	return dups;
}

/* "claude-code:/path" / "codex:/path": the record source and the cursor name. The file
 * list keeps only paths short enough for the prefix (files.c). */
static void source_name(lc_agent a, const char *path, char out[LC_SOURCE_MAX])
{
	const char *prefix = a == LC_AGENT_CODEX ? "codex:" : "claude-code:";
	size_t k = strlen(prefix), n = strlen(path);
	if (k + n >= LC_SOURCE_MAX)
		n = LC_SOURCE_MAX - 1 - k;
	memcpy(out, prefix, k);
	memcpy(out + k, path, n);
	out[k + n] = '\0';
}

/* Hand one read job's records and its new cursor to the sink (inside the transaction),
 * then free what the job held. */
static int store_job(const al_sink *sink, lc_agent a, al_job *j, lc_scan_stats *st,
		     lc_cursor *c, lc_error *err)
{
	const char *provider = a == LC_AGENT_CODEX ? "openai" : "anthropic";
	char source[LC_SOURCE_MAX];
	lc_usage u;
	size_t k;
	int rc = LC_OK;

	if (j->rc == LC_NOTFOUND)
		goto done; /* removed since the listing: nothing read, no cursor */
	if (j->rc != LC_OK) {
		rc = lc_error_set(err, j->rc, "%s: %s", j->f->path, lc_strerror(j->rc));
		goto done;
	}
	st->bytes_read += j->bytes;
	st->lines += j->lines;
	st->lines_truncated += j->bad;
	st->records_dup += j->dups;
	source_name(a, j->f->path, source);
	lc_usage_init(&u);
	for (k = 0; k < j->nrec; k++) {
		int ins = 0;
		if (j->recs[k].dead)
			continue;
		rec_to_usage(j, &j->recs[k], provider, &u);
		if ((rc = sink->record(sink->ctx, &u, source, &ins, err)) != LC_OK)
			goto done;
		if (ins)
			st->records_new++;
		else
			st->records_dup++;
	}
	memset(c, 0, sizeof *c);
	memcpy(c->path, source, sizeof c->path);
	c->size = j->f->size;
	c->mtime_ns = j->f->mtime_ns;
	c->offset = j->end_offset;
	snprintf(c->state, sizeof c->state, "tail=%016llx\n%s", (unsigned long long)j->tail,
		 j->state ? j->state : "");
	rc = sink->cursor_put(sink->ctx, c, err);
done:
	lc_buf_free(&j->arena);
	free(j->recs);
	j->recs = NULL;
	j->nrec = 0;
	return rc;
}

static int64_t ns_since(const struct timespec *t0)
{
	return (int64_t)(elapsed(t0) * 1e9);
}

int al_scan(const al_sink *sink, lc_agent a, char *const *paths, const lc_scan_opts *o,
	    lc_scan_stats *st, lc_error *err)
{
	al_filelist fl;
	al_job *jobs = NULL;
	size_t njobs = 0, i;
	sessmap sm = {0};
	char source[LC_SOURCE_MAX];
	lc_cursor *cur = NULL; /* ~4 KB: one, reused for every file */
	pthread_t th[THREADS_MAX];
	size_t readers = 0;
	pool pl;
	int rc;

	memset(st, 0, sizeof *st);
	memset(&pl, 0, sizeof pl);
	clock_gettime(CLOCK_MONOTONIC, &pl.t0);
	if ((rc = al_files_list(paths, &fl, err)) != LC_OK)
		return rc;
	st->files = (int64_t)fl.n;
	st->files_skipped = fl.skipped;
	if (!(cur = malloc(sizeof *cur)) || (fl.n && !(jobs = calloc(fl.n, sizeof *jobs)))) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto out;
	}
	/* which files changed: size and mtime against the stored cursor */
	for (i = 0; i < fl.n; i++) {
		al_job *j = &jobs[njobs];
		source_name(a, fl.v[i].path, source);
		memset(j, 0, sizeof *j);
		j->f = &fl.v[i];
		rc = sink->cursor_get(sink->ctx, source, cur, err);
		if (rc == LC_OK) {
			if (cur->size == j->f->size && cur->mtime_ns == j->f->mtime_ns) {
				st->files_unchanged++;
				if (a == LC_AGENT_CODEX) {
					/* its session totals still seed later files of that session */
					al_codex_sess saved, *s;
					const char *nl = strchr(cur->state, '\n');
					if (nl && al_codex_state_get(nl + 1, &saved) == LC_OK &&
					    (s = sess_find(&sm, saved.session, 1)))
						*s = saved;
				}
				continue;
			}
			j->has_old = 1;
			j->old_offset = cur->offset;
			if (!(j->old_state = strdup(cur->state))) {
				rc = lc_error_set(err, LC_NOMEM, "out of memory");
				goto out;
			}
		} else if (rc != LC_NOTFOUND) {
			goto out;
		}
		lc_buf_init(&j->arena, ARENA_MAX);
		njobs++;
	}
	rc = LC_OK;
	st->read_ns = ns_since(&pl.t0); /* listing and cursor checks count as reading */

	pl.jobs = jobs;
	pl.njobs = njobs;
	pl.o = o;
	for (i = 0; i < njobs; i++)
		pl.bytes_total += jobs[i].f->size;
	if ((rc = sink->begin(sink->ctx, err)) != LC_OK)
		goto out;

	/*
	 * Claude Code: reader threads parse files ahead while this thread stores them, in path
	 * order, as each becomes ready (the ledger's inserts cost about as much as the reading,
	 * so overlapping them is worth more than a second reader). Codex: read and store in
	 * order on this thread.
	 */
	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	if (a == LC_AGENT_CLAUDE_CODE && njobs)
		readers = start_readers(&pl, th);
	for (i = 0; i < njobs && rc == LC_OK; i++) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (a == LC_AGENT_CODEX) {
			codex_read(&jobs[i], &sm);
			atomic_fetch_add(&pl.bytes_done, jobs[i].f->size);
			if (jobs[i].rc == LC_OK)
				jobs[i].dups = dedup_file(&jobs[i], &jobs[i].rc);
		} else {
			wait_ready(&pl, i, readers);
		}
		st->read_ns += ns_since(&t);
		clock_gettime(CLOCK_MONOTONIC, &t);
		rc = store_job(sink, a, &jobs[i], st, cur, err);
		pl.done++;
		progress(&pl, 0);
		st->store_ns += ns_since(&t);
	}
	atomic_store(&pl.stop, 1);
	for (i = 0; i < readers; i++)
		pthread_join(th[i], NULL);
	al_lines_thread_done();
	pthread_cond_destroy(&pl.cv);
	pthread_mutex_destroy(&pl.mu);
	progress(&pl, 1);
	if (rc == LC_OK) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		rc = sink->commit(sink->ctx, err);
		st->store_ns += ns_since(&t);
	} else {
		sink->rollback(sink->ctx);
	}
out:
	for (i = 0; jobs && i < njobs; i++) {
		lc_buf_free(&jobs[i].arena);
		free(jobs[i].recs);
		free(jobs[i].old_state);
		free(jobs[i].state);
	}
	if (jobs && njobs < fl.n)
		free(jobs[njobs].old_state); /* a job being set up when an error struck */
	free(cur);
	free(jobs);
	free(sm.v);
	al_files_free(&fl);
	return rc;
}
