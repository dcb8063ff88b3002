/*
 * scan.c - the scan: which files changed since the last run, reading only their new
 * bytes, the reader threads, and the deterministic merge that dedups and hands records to
 * the sink (import.c binds it to the ledger) in one transaction with the new cursors.
 *
 * Speed is the point of this file (bench/claude). A re-run stats each file and compares
 * size and mtime with its cursor; unchanged files are not opened. Changed files are
 * read (or mmapped) and parsed from the cursor's offset: for Claude Code, a SIMD search
 * finds the next "usage" key and only the line around it is parsed (most bytes are user lines with tool
 * output that cannot hold usage), so the parse cost follows the assistant lines, not the
 * tree size. Claude files are read by a small thread pool (the calling thread included);
 * each file's records go to its own compact array, merged afterwards in path order so the
 * result never depends on thread timing. Codex files are read in path order on the calling
 * thread because its cumulative totals chain across files of a resumed session.
 *
 * A cursor stores the offset after the last complete line plus a fingerprint of the bytes
 * it consumed (see tail_hash): a file that shrank or was replaced is read again from the
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
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agentlog/files.h"

#define TAIL_BYTES 256 /* hashed at the start of the file and before the cursor */
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
	lc_cursor old;      /* the stored cursor (offset 0 when none) */
	int has_old;
	int64_t end_offset; /* new cursor offset */
	uint64_t tail;
	char state[LC_CURSOR_STATE_MAX - 32]; /* reader state to keep (Codex) */
	lc_buf arena;
	al_rec *recs;
	size_t nrec, caprec;
	int64_t lines, bad, bytes;
	int rc;
} al_job;

typedef struct pool {
	al_job *jobs;
	size_t njobs;
	atomic_size_t next;
	atomic_size_t done;
	atomic_llong bytes_done;
	int64_t bytes_total;
	const lc_scan_opts *o;
	struct timespec t0;
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
	al_rec *r;
	const char *proj = lc_usage_get_tag(u, "project");
	if (j->nrec == j->caprec) {
		size_t nc = j->caprec ? j->caprec * 2 : 64;
		al_rec *nr = realloc(j->recs, nc * sizeof *nr);
		if (!nr)
			return LC_NOMEM;
		j->recs = nr;
		j->caprec = nc;
	}
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

static void rec_to_usage(const al_job *j, const al_rec *r, const char *provider, lc_usage *u)
{
	const char *a = j->arena.data;
	lc_usage_init(u);
	snprintf(u->id, sizeof u->id, "%s", a + r->id);
	snprintf(u->provider, sizeof u->provider, "%s", provider);
	snprintf(u->model, sizeof u->model, "%s", a + r->model);
	snprintf(u->session, sizeof u->session, "%s", a + r->session);
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
	if (r->has_cost) {
		u->has_source_cost = 1;
		u->source_cost = r->cost;
		memcpy(u->source_currency, "USD", 4);
	}
	if (r->has_project)
		lc_usage_set_tag(u, "project", a + r->project);
}

static int64_t rec_weight(const al_rec *r)
{
	return r->tok[0] + r->tok[1] + r->tok[2] + r->tok[3] + r->tok[4];
}

/* ------------------------------------------------------------------ reading one file */

typedef struct mapped {
	const char *data;
	size_t len;
	int is_map; /* 1: mmapped; 0: read into the thread's buffer */
} mapped;

/* Each reader thread reads whole files into one reused buffer (read() beats mmap +
 * munmap per file for the typical small session file); big files, and files with a
 * cursor (of which only the head, the bytes before the cursor and the new bytes are
 * touched), are mmapped instead. */
#define READ_MAX ((int64_t)32 << 20)
static _Thread_local char *tl_buf;
static _Thread_local size_t tl_cap;

static void thread_buf_free(void)
{
	free(tl_buf);
	tl_buf = NULL;
	tl_cap = 0;
}

static int map_file(const char *path, int64_t size, int partial, mapped *m)
{
	int fd;
	memset(m, 0, sizeof *m);
	if (size <= 0)
		return LC_OK;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return LC_IO;
	if (size <= READ_MAX && !partial) {
		size_t got = 0;
		if ((size_t)size > tl_cap) {
			size_t nc = (size_t)size + ((size_t)size >> 1);
			char *nb = realloc(tl_buf, nc);
			if (!nb) {
				close(fd);
				return LC_NOMEM;
			}
			tl_buf = nb;
			tl_cap = nc;
		}
		while (got < (size_t)size) {
			ssize_t r = read(fd, tl_buf + got, (size_t)size - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break; /* the file shrank while we read: take what is there */
			got += (size_t)r;
		}
		close(fd);
		m->data = tl_buf;
		m->len = got;
		return LC_OK;
	}
	m->data = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m->data == MAP_FAILED) {
		m->data = NULL;
		return LC_IO;
	}
	madvise((void *)m->data, (size_t)size, MADV_SEQUENTIAL);
	m->len = (size_t)size;
	m->is_map = 1;
	return LC_OK;
}

static void unmap_file(mapped *m)
{
	if (m->data && m->is_map)
		munmap((void *)m->data, m->len);
}

static uint64_t tail_hash(const char *data, int64_t off)
{
	int64_t from = off > TAIL_BYTES ? off - TAIL_BYTES : 0;
	int64_t head = off < TAIL_BYTES ? off : TAIL_BYTES;
	return al_hash64(data + from, (size_t)(off - from)) ^
	       (al_hash64(data, (size_t)head) * 31);
}

/* Where to start: the old cursor's offset when the bytes before it are unchanged. */
static int64_t start_offset(const al_job *j, const mapped *m, const char **state)
{
	unsigned long long h;
	int n = 0;
	*state = "";
	if (!j->has_old || j->old.offset <= 0 || (size_t)j->old.offset > m->len)
		return 0;
	if (sscanf(j->old.state, "tail=%16llx%n", &h, &n) != 1 || (size_t)n > strlen(j->old.state))
		return 0;
	if (h != tail_hash(m->data, j->old.offset))
		return 0;
	*state = j->old.state + n + (j->old.state[n] == '\n');
	return j->old.offset;
}

static void claude_read(al_job *j, const mapped *m, int64_t start)
{
	const char *base = m->data, *p = base + start, *end = base + m->len;
	const char *done = p; /* end of the last complete line consumed */
	lc_usage u;

	while (p < end) {
		const char *hit = al_find_usage_key(p, (size_t)(end - p));
		const char *ls, *le;
		int r;
		if (!hit)
			break;
		ls = memrchr(p, '\n', (size_t)(hit - p));
		ls = ls ? ls + 1 : p;
		le = memchr(hit, '\n', (size_t)(end - hit));
		if (ls == base && le - ls >= 3 && memcmp(ls, "\xEF\xBB\xBF", 3) == 0)
			ls += 3; /* a byte-order mark on the first line */
		j->lines++;
		r = al_claude_line(ls, (size_t)((le ? le : end) - ls), j->f->project_dir, &u);
		if (r == AL_REC && (j->rc = rec_add(j, &u)) != LC_OK)
			return;
		if (r == AL_BAD)
			j->bad++;
		if (!le)
			break; /* an unterminated last line: read, but not consumed */
		p = done = le + 1;
	}
	/* the cursor stops after the last newline: a line still being written is read again */
	{
		const char *nl = end > done ? memrchr(done, '\n', (size_t)(end - done)) : NULL;
		if (nl)
			done = nl + 1;
	}
	j->end_offset = done - base;
}

static void read_job(al_job *j)
{
	mapped m;
	const char *state;
	int64_t start;

	if ((j->rc = map_file(j->f->path, j->f->size, j->has_old && j->old.offset > 0, &m)) != LC_OK)
		return;
	start = m.data ? start_offset(j, &m, &state) : 0;
	j->bytes = (int64_t)m.len - start;
	if (m.data)
		claude_read(j, &m, start);
	else
		j->end_offset = 0;
	j->tail = m.data ? tail_hash(m.data, j->end_offset) : al_hash64("", 0);
	unmap_file(&m);
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
	size_t done = atomic_load(&pl->done);
	long long b = atomic_load(&pl->bytes_done);
	int width = 30, fill;
	if (!pl->o || !pl->o->progress || !isatty(2))
		return;
	if (final) {
		if (pl->drawn)
			fprintf(stderr, "\r\033[K");
		return;
	}
	if (elapsed(&pl->t0) < 1.0)
		return;
	fill = pl->bytes_total > 0 ? (int)(width * (double)b / (double)pl->bytes_total) : width;
	fprintf(stderr, "\rimporting [%.*s%*s] %zu/%zu files, %lld MB", fill,
		"##############################", width - fill, "", done, pl->njobs, b >> 20);
	pl->drawn = 1;
}

static void *worker(void *arg)
{
	pool *pl = arg;
	size_t i;
	while ((i = atomic_fetch_add(&pl->next, 1)) < pl->njobs) {
		read_job(&pl->jobs[i]);
		atomic_fetch_add(&pl->bytes_done, pl->jobs[i].f->size);
		atomic_fetch_add(&pl->done, 1);
	}
	thread_buf_free();
	return NULL;
}

static void run_pool(pool *pl)
{
	pthread_t th[THREADS_MAX];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nth = ncpu > 0 ? (size_t)ncpu : 1, started = 0, i;

	if (pl->o && pl->o->threads > 0)
		nth = (size_t)pl->o->threads;
	if (nth > THREADS_MAX)
		nth = THREADS_MAX;
	if (nth > pl->njobs)
		nth = pl->njobs;
	/* the calling thread is one of the workers */
	for (i = 1; i < nth; i++)
		if (pthread_create(&th[started], NULL, worker, pl) == 0)
			started++;
	while (1) {
		size_t k = atomic_fetch_add(&pl->next, 1);
		if (k >= pl->njobs)
			break;
		read_job(&pl->jobs[k]);
		atomic_fetch_add(&pl->bytes_done, pl->jobs[k].f->size);
		atomic_fetch_add(&pl->done, 1);
		progress(pl, 0);
	}
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	thread_buf_free();
	progress(pl, 1);
}

/* ------------------------------------------------------------------ Codex, in order */

typedef struct sessmap {
	al_codex_sess *v;
	size_t n, cap;
} sessmap;

static al_codex_sess *sess_find(sessmap *sm, const char *id, int create)
{
	size_t i;
	for (i = sm->n; i-- > 0;)
		if (strcmp(sm->v[i].session, id) == 0)
			return &sm->v[i];
	if (!create)
		return NULL;
	if (sm->n == sm->cap) {
		size_t nc = sm->cap ? sm->cap * 2 : 16;
		al_codex_sess *nv = realloc(sm->v, nc * sizeof *nv);
		if (!nv)
			return NULL;
		sm->v = nv;
		sm->cap = nc;
	}
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

static void codex_read(al_job *j, sessmap *sm)
{
	mapped m;
	const char *state, *p, *base, *end, *done;
	char cur[LC_SESSION_MAX];
	al_codex_sess *s;
	al_codex_ev ev;
	lc_usage u;
	int64_t start;

	if ((j->rc = map_file(j->f->path, j->f->size, j->has_old && j->old.offset > 0, &m)) != LC_OK)
		return;
	start = m.data ? start_offset(j, &m, &state) : 0;
	file_session(j->f->path, cur, sizeof cur);
	if (start > 0) {
		al_codex_sess saved;
		if (al_codex_state_get(state, &saved) == LC_OK && saved.session[0]) {
			snprintf(cur, sizeof cur, "%s", saved.session);
			if ((s = sess_find(sm, cur, 1)) && saved.seen.input + saved.seen.output >=
								  s->seen.input + s->seen.output)
				*s = saved;
		}
	}
	base = m.data ? m.data : "";
	p = done = base + start;
	end = base + m.len;
	j->bytes = (int64_t)m.len - start;
	while (p < end && j->rc == LC_OK) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((le ? le : end) - p);
		int r;
		if (p == base && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3, len -= 3;
		j->lines++;
		r = len ? al_codex_line(p, len, &ev) : AL_SKIP;
		if (r == AL_BAD) {
			j->bad++;
		} else if (r == AL_REC) {
			if (ev.kind == AL_CX_META && ev.session[0])
				snprintf(cur, sizeof cur, "%s", ev.session);
			if (!(s = sess_find(sm, cur, 1))) {
				j->rc = LC_NOMEM;
				break;
			}
			if (ev.cwd[0])
				al_project_name(ev.cwd, NULL, s->project, sizeof s->project);
			if (ev.kind == AL_CX_CONTEXT && ev.model[0])
				snprintf(s->model, sizeof s->model, "%s", ev.model);
			if (ev.kind == AL_CX_TOKENS && al_codex_bill(s, &ev, &u) == AL_REC)
				j->rc = rec_add(j, &u);
		}
		if (!le)
			break;
		p = done = le + 1;
	}
	j->end_offset = done - base;
	j->tail = tail_hash(base, j->end_offset);
	if ((s = sess_find(sm, cur, 0)))
		al_codex_state_put(s, j->state, sizeof j->state);
	unmap_file(&m);
}

/* ------------------------------------------------------------------ merge */

/* Open-addressing table of record ids -> (job, record), for keep-last dedup. */
typedef struct slot {
	uint32_t job, rec; /* job == UINT32_MAX: empty */
} slot;

static const char *rec_id(al_job *jobs, slot s)
{
	return jobs[s.job].arena.data + jobs[s.job].recs[s.rec].id;
}

/* Mark every duplicate but one as dead. Within a file the later line wins (content-block
 * splits and streaming partials: the last line is the complete one); across files the
 * earlier file keeps it unless the later copy carries more tokens (a resumed session
 * copies history; the original session is where it was spent). Returns the dup count. */
static int64_t dedup(al_job *jobs, size_t njobs, int *rc)
{
	size_t total = 0, cap = 16, mask, i, k;
	slot *t;
	int64_t dups = 0;

	for (i = 0; i < njobs; i++)
		total += jobs[i].nrec;
	while (cap < total * 2)
		cap <<= 1;
	if (!(t = malloc(cap * sizeof *t))) {
		*rc = LC_NOMEM;
		return 0;
	}
	memset(t, 0xff, cap * sizeof *t);
	mask = cap - 1;
	for (i = 0; i < njobs; i++) {
		for (k = 0; k < jobs[i].nrec; k++) {
			const char *id = jobs[i].arena.data + jobs[i].recs[k].id;
			size_t h = (size_t)al_hash64(id, strlen(id)) & mask;
			while (t[h].job != UINT32_MAX && strcmp(rec_id(jobs, t[h]), id) != 0)
				h = (h + 1) & mask;
			if (t[h].job == UINT32_MAX) {
				t[h].job = (uint32_t)i;
				t[h].rec = (uint32_t)k;
				continue;
			}
			dups++;
			{
				al_rec *old = &jobs[t[h].job].recs[t[h].rec], *nw = &jobs[i].recs[k];
				if (t[h].job == i || rec_weight(nw) > rec_weight(old)) {
					old->dead = 1;
					t[h].job = (uint32_t)i;
					t[h].rec = (uint32_t)k;
				} else {
					nw->dead = 1;
				}
			}
		}
	}
	free(t);
	return dups;
}

/* ------------------------------------------------------------------ the scan */

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

static int store(const al_sink *sink, lc_agent a, al_job *jobs, size_t njobs,
		 lc_scan_stats *st, lc_error *err)
{
	const char *provider = a == LC_AGENT_CODEX ? "openai" : "anthropic";
	char source[LC_SOURCE_MAX];
	lc_usage u;
	lc_cursor c;
	size_t i, k;
	int rc;

	if ((rc = sink->begin(sink->ctx, err)) != LC_OK)
		return rc;
	for (i = 0; i < njobs; i++) {
		al_job *j = &jobs[i];
		source_name(a, j->f->path, source);
		for (k = 0; k < j->nrec; k++) {
			int ins = 0;
			if (j->recs[k].dead)
				continue;
			rec_to_usage(j, &j->recs[k], provider, &u);
			if ((rc = sink->record(sink->ctx, &u, source, &ins, err)) != LC_OK)
				goto fail;
			if (ins)
				st->records_new++;
			else
				st->records_dup++;
		}
		memset(&c, 0, sizeof c);
		memcpy(c.path, source, sizeof c.path);
		c.size = j->f->size;
		c.mtime_ns = j->f->mtime_ns;
		c.offset = j->end_offset;
		snprintf(c.state, sizeof c.state, "tail=%016llx\n%s", (unsigned long long)j->tail,
			 j->state);
		if ((rc = sink->cursor_put(sink->ctx, &c, err)) != LC_OK)
			goto fail;
	}
	return sink->commit(sink->ctx, err);
fail:
	sink->rollback(sink->ctx);
	return rc;
}

int al_scan(const al_sink *sink, lc_agent a, char *const *paths, const lc_scan_opts *o,
	    lc_scan_stats *st, lc_error *err)
{
	al_filelist fl;
	al_job *jobs = NULL;
	size_t njobs = 0, i;
	sessmap sm = {0};
	char source[LC_SOURCE_MAX];
	pool pl;
	int rc;

	memset(st, 0, sizeof *st);
	memset(&pl, 0, sizeof pl);
	clock_gettime(CLOCK_MONOTONIC, &pl.t0);
	if ((rc = al_files_list(paths, &fl, err)) != LC_OK)
		return rc;
	st->files = (int64_t)fl.n;
	st->files_skipped = fl.skipped;
	if (fl.n && !(jobs = calloc(fl.n, sizeof *jobs))) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto out;
	}
	/* which files changed: size and mtime against the stored cursor */
	for (i = 0; i < fl.n; i++) {
		al_job *j = &jobs[njobs];
		source_name(a, fl.v[i].path, source);
		memset(j, 0, sizeof *j);
		j->f = &fl.v[i];
		rc = sink->cursor_get(sink->ctx, source, &j->old, err);
		if (rc == LC_OK) {
			j->has_old = 1;
			if (j->old.size == j->f->size && j->old.mtime_ns == j->f->mtime_ns) {
				st->files_unchanged++;
				if (a == LC_AGENT_CODEX) {
					/* its session totals still seed later files of that session */
					al_codex_sess saved, *s;
					const char *nl = strchr(j->old.state, '\n');
					if (nl && al_codex_state_get(nl + 1, &saved) == LC_OK &&
					    (s = sess_find(&sm, saved.session, 1)))
						*s = saved;
				}
				continue;
			}
		} else if (rc != LC_NOTFOUND) {
			goto out;
		}
		lc_buf_init(&j->arena, ARENA_MAX);
		njobs++;
	}
	rc = LC_OK;

	pl.jobs = jobs;
	pl.njobs = njobs;
	pl.o = o;
	for (i = 0; i < njobs; i++)
		pl.bytes_total += jobs[i].f->size;
	if (a == LC_AGENT_CODEX) {
		for (i = 0; i < njobs; i++) {
			codex_read(&jobs[i], &sm);
			atomic_fetch_add(&pl.bytes_done, jobs[i].f->size);
			atomic_fetch_add(&pl.done, 1);
			progress(&pl, 0);
		}
		progress(&pl, 1);
		thread_buf_free();
	} else if (njobs) {
		run_pool(&pl);
	}
	for (i = 0; i < njobs; i++) {
		if (jobs[i].rc != LC_OK) {
			rc = lc_error_set(err, jobs[i].rc, "%s: %s", jobs[i].f->path,
					  lc_strerror(jobs[i].rc));
			goto out;
		}
		st->bytes_read += jobs[i].bytes;
		st->lines += jobs[i].lines;
		st->lines_truncated += jobs[i].bad;
	}
	st->records_dup += dedup(jobs, njobs, &rc);
	if (rc != LC_OK) {
		rc = lc_error_set(err, rc, "out of memory");
		goto out;
	}
	st->read_ns = (int64_t)(elapsed(&pl.t0) * 1e9);
	rc = store(sink, a, jobs, njobs, st, err);
	st->store_ns = (int64_t)(elapsed(&pl.t0) * 1e9) - st->read_ns;
out:
	for (i = 0; jobs && i < njobs; i++) {
		lc_buf_free(&jobs[i].arena);
		free(jobs[i].recs);
	}
	free(jobs);
	free(sm.v);
	al_files_free(&fl);
	return rc;
}
