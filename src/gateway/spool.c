/*
 * spool.c - the crash spool: every metered row is appended to a file next to the ledger
 * before the client sees the end of its response, and replayed into the ledger at the next
 * start. The ledger writer commits rows in batches off the hot path; the spool is what makes
 * that safe against kill -9 (T3.1): a write(2) is in the page cache when it returns, so it
 * survives the death of the process (not a power cut: that is the ledger's synchronous
 * setting's job). Replay is idempotent because a row's id is its gateway request id.
 *
 * Files are "<ledger>.spool.<generation>"; a generation is sealed at 4 MiB and deleted once
 * the writer has committed its last row. A record is a header (magic, length, FNV-1a 64 of
 * the payload) and the lc_record itself; a torn tail fails its check and ends the replay of
 * that file. The payload is the in-memory struct: a spool is only ever read back by the same
 * build that wrote it (the length in the header says when it is not, and the file is kept).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gateway/gw.h"

#define SPOOL_MAGIC 0x3253534cu  /* "LSS2": rows checked with sum64 */
#define SPOOL_MAGIC1 0x50534c4cu /* "LLSP": rows checked with fnv (older gateways) */
#define SPOOL_ROTATE (4u << 20)
#define MAX_SEALED 4096

typedef struct hdr {
	uint32_t magic;
	uint32_t len;
	uint64_t hash;
} hdr;

typedef struct sealed {
	uint64_t gen;
	uint64_t last_seq;
} sealed;

struct gw_spool {
	char prefix[512];
	int fd;
	uint64_t gen;
	uint64_t seq;        /* last sequence number appended */
	size_t size;         /* bytes in the current file */
	pthread_mutex_t mu;  /* guards sealed[] and committed */
	sealed v[MAX_SEALED];
	int nsealed;
	uint64_t committed;
};

static uint64_t fnv(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

/* The check of a row written on the hot path: FNV-style multiply-xor over 64-bit words in
 * four independent lanes, ~10x faster than byte-wise FNV on a 2.3 KB row (which was 5% of
 * the gateway's CPU). It only has to catch a torn or garbled tail, not an adversary. */
static uint64_t sum64(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h[4] = {1469598103934665603ull, 0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full,
			 0x165667b19e3779f9ull};
	size_t i = 0;
	for (; i + 32 <= n; i += 32)
		for (int k = 0; k < 4; k++) {
			uint64_t w;
			memcpy(&w, b + i + 8 * (size_t)k, 8);
			h[k] = (h[k] ^ w) * 1099511628211ull;
		}
	for (; i < n; i++)
		h[0] = (h[0] ^ b[i]) * 1099511628211ull;
	return (h[0] ^ (h[1] >> 7)) * 1099511628211ull ^ (h[2] + (h[3] << 13)) ^ n;
}

static void name_of(const char *prefix, uint64_t gen, char *out, size_t cap)
{
	snprintf(out, cap, "%s.spool.%llu", prefix, (unsigned long long)gen);
}

/* Call fn(path, gen) for every spool file of prefix, in generation order. */
typedef int (*file_fn)(const char *path, void *ctx);
static int each_file(const char *prefix, file_fn fn, void *ctx, uint64_t *max_gen)
{
	char dir[512], base[512], path[1100];
	const char *slash = strrchr(prefix, '/');
	uint64_t gens[4096];
	int n = 0, rc = 0;
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - prefix) : 1, slash ? prefix : ".");
	if (slash && slash == prefix)
		snprintf(dir, sizeof dir, "/");
	snprintf(base, sizeof base, "%s.spool.", slash ? slash + 1 : prefix);
	*max_gen = 0;
	if (!(d = opendir(dir)))
		return 0;
	while ((e = readdir(d)) && n < 4096) {
		char *end;
		unsigned long long g;
		if (strncmp(e->d_name, base, strlen(base)) != 0)
			continue;
		g = strtoull(e->d_name + strlen(base), &end, 10);
		if (*end)
			continue;
		gens[n++] = g;
	}
	closedir(d);
	for (int i = 1; i < n; i++) /* few files: insertion sort */
		for (int j = i; j > 0 && gens[j - 1] > gens[j]; j--) {
			uint64_t t = gens[j];
			gens[j] = gens[j - 1];
			gens[j - 1] = t;
		}
	for (int i = 0; i < n && !rc; i++) {
		name_of(prefix, gens[i], path, sizeof path);
		rc = fn(path, ctx);
		if (gens[i] >= *max_gen)
			*max_gen = gens[i] + 1;
	}
	return rc;
}

typedef struct replay {
	lc_ledger *lg;
	int64_t rows;
	int keep;          /* a file from another build: keep it, say so */
	lc_error *err;
} replay;

static int replay_file(const char *path, void *ctx)
{
	replay *x = ctx;
	char *data = NULL;
	size_t len = 0, off = 0;
	int rc;
	lc_error e;

	if (lc_read_file(path, (size_t)1 << 34, &data, &len, &e))
		return 0; /* unreadable: nothing to replay */
	while (off + sizeof(hdr) <= len) {
		hdr h;
		lc_record r;
		memcpy(&h, data + off, sizeof h);
		if (h.magic != SPOOL_MAGIC && h.magic != SPOOL_MAGIC1)
			break;
		if (h.len != sizeof(lc_record)) {
			x->keep = 1;
			break;
		}
		if (off + sizeof h + h.len > len ||
		    (h.magic == SPOOL_MAGIC ? sum64 : fnv)(data + off + sizeof h, h.len) != h.hash)
			break; /* the torn tail of a crash */
		memcpy(&r, data + off + sizeof h, sizeof r);
		if ((rc = lc_ledger_put(x->lg, &r, NULL, x->err))) {
			free(data);
			return rc;
		}
		x->rows++;
		off += sizeof h + h.len;
	}
	free(data);
	return 0;
}

static int unlink_file(const char *path, void *ctx)
{
	(void)ctx;
	unlink(path);
	return 0;
}

int gw_spool_replay(const char *prefix, lc_ledger *lg, int64_t *rows, lc_error *err)
{
	replay x = {lg, 0, 0, err};
	uint64_t max_gen;
	int rc;
	*rows = 0;
	if ((rc = lc_ledger_begin(lg, err)))
		return rc;
	if ((rc = each_file(prefix, replay_file, &x, &max_gen))) {
		lc_ledger_rollback(lg);
		return rc;
	}
	if ((rc = lc_ledger_commit(lg, err)))
		return rc;
	*rows = x.rows;
	if (x.keep)
		return lc_error_set(err, LC_UNSUPPORTED,
				    "%s.spool.*: written by another build of llmcost; replay it with "
				    "that build, or move it away",
				    prefix);
	each_file(prefix, unlink_file, NULL, &max_gen); /* all in the ledger now */
	return 0;
}

static int open_gen(gw_spool *s, lc_error *err)
{
	char path[1100];
	name_of(s->prefix, s->gen, path, sizeof path);
	s->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (s->fd < 0)
		return lc_error_set(err, LC_IO, "cannot create the spool %s: %s", path, strerror(errno));
	s->size = 0;
	return 0;
}

int gw_spool_open(const char *prefix, gw_spool **out, lc_error *err)
{
	gw_spool *s = calloc(1, sizeof *s);
	uint64_t max_gen = 0;
	int rc;
	*out = NULL;
	if (!s)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	snprintf(s->prefix, sizeof s->prefix, "%s", prefix);
	each_file(prefix, unlink_file, NULL, &max_gen); /* replayed already; numbering goes on */
	s->gen = max_gen;
	pthread_mutex_init(&s->mu, NULL);
	if ((rc = open_gen(s, err))) {
		pthread_mutex_destroy(&s->mu);
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int gw_spool_append(gw_spool *s, const lc_record *r, uint64_t *seq)
{
	struct {
		hdr h;
		lc_record r;
	} rec;
	const char *p = (const char *)&rec;
	size_t n = sizeof rec.h + sizeof rec.r;

	memset(&rec, 0, sizeof rec);
	rec.r = *r;
	rec.h.magic = SPOOL_MAGIC;
	rec.h.len = sizeof(lc_record);
	rec.h.hash = sum64(&rec.r, sizeof rec.r);
	while (n) {
		ssize_t w = write(s->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return LC_IO;
		p += w;
		n -= (size_t)w;
	}
	*seq = ++s->seq;
	s->size += sizeof rec.h + sizeof rec.r;
	if (s->size >= SPOOL_ROTATE) {
		pthread_mutex_lock(&s->mu);
		if (s->nsealed < MAX_SEALED) {
			s->v[s->nsealed].gen = s->gen;
			s->v[s->nsealed].last_seq = s->seq;
			s->nsealed++;
			close(s->fd);
			s->gen++;
			open_gen(s, NULL);
		}
		pthread_mutex_unlock(&s->mu);
	}
	return 0;
}

void gw_spool_committed(gw_spool *s, uint64_t seq)
{
	int k = 0;
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	if (seq > s->committed)
		s->committed = seq;
	for (int i = 0; i < s->nsealed; i++) {
		if (s->v[i].last_seq <= s->committed) {
			char path[1100];
			name_of(s->prefix, s->v[i].gen, path, sizeof path);
			unlink(path);
		} else {
			s->v[k++] = s->v[i];
		}
	}
	s->nsealed = k;
	pthread_mutex_unlock(&s->mu);
}

void gw_spool_close(gw_spool *s)
{
	uint64_t max_gen;
	if (!s)
		return;
	close(s->fd);
	/* everything appended was committed (the writer drained): no file is needed */
	if (s->committed == s->seq)
		each_file(s->prefix, unlink_file, NULL, &max_gen);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
