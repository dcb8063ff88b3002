/*
 * spool.c - the crash spool: every metered row is appended to a file next to the ledger
 * before the client sees the end of its response, and replayed into the ledger at the next
 * start. The ledger writer commits rows in batches off the hot path; the spool is what makes
 * that safe against kill -9 (T3.1). Replay is idempotent because a row's id is its gateway
 * request id.
 *
 * Files are "<ledger>.spool.<generation>", segments of SPOOL_SEG bytes reserved on disk
 * (posix_fallocate) and mapped MAP_SHARED: an append is a memcpy into the page cache, which
 * survives the death of the process exactly like a write(2) would (not a power cut: that is
 * the ledger's synchronous setting's job), without a system call or the file system's write
 * path on the event loop. That write path was ~3 us per request, the largest single cost of
 * metering (bench/RESULTS.md). The writer thread prepares the next segment ahead: a
 * sealed one whose rows are all committed, renamed to the new generation with its mapping,
 * else a new one (reserved); either way with its pages faulted in, so that the loop takes no
 * page fault. Other committed segments are deleted.
 *
 * A record is a header (magic, encoded and decoded lengths, the segment's generation, a
 * checksum of the encoded bytes) and the lc_record with its runs of zero words squeezed out
 * (an lc_record is 2.3 KB of mostly empty fixed fields; encoded it is a few hundred bytes).
 * A zero header, a torn record (its check fails) or a row of another generation (a reused
 * segment's earlier life, after the new tail) ends the replay of that segment. The payload is the in-memory
 * struct: a spool is only ever read back by the same build that wrote it (the decoded length
 * says when it is not, and the file is kept).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gateway/gw.h"

#define SPOOL_MAGIC 0x3453534cu  /* "LSS4": squeezed rows of a generation, sum64 */
#define SPOOL_MAGIC3 0x3353534cu /* "LSS3": squeezed rows, sum64 (2026-11-29 only) */
#define SPOOL_MAGIC2 0x3253534cu /* "LSS2": whole rows, checked with sum64 (older gateways) */
#define SPOOL_MAGIC1 0x50534c4cu /* "LLSP": whole rows, checked with fnv (older gateways) */
#define SPOOL_SEG (4u << 20)
#define MAX_SEALED 4096
#define RETRY_EVERY 4096 /* appends between attempts to recover a spool that failed */

typedef struct hdr {
	uint32_t magic;
	uint32_t len; /* bytes of payload that follow (padded to 8 in the file) */
	uint32_t raw; /* sizeof(lc_record) of the build that wrote it */
	uint32_t gen; /* LSS4: the segment's generation (low bits): a reused segment's old rows
		       * past the new tail are not this generation's, and end its replay */
	uint64_t hash;
} hdr;

/* Older headers: magic, len = sizeof(lc_record), hash; the whole struct follows. */
typedef struct hdr2 {
	uint32_t magic;
	uint32_t len;
	uint64_t hash;
} hdr2;

#define WORDS (sizeof(lc_record) / 8)
/* Worst case of squeeze(): a token (4 bytes) per literal word and zero word alternating. */
#define ENC_MAX (sizeof(lc_record) + (WORDS / 2 + 1) * 4 + 8)

typedef struct seg {
	char *map; /* SPOOL_SEG bytes; NULL = none */
	uint64_t gen;
	uint64_t last_seq; /* once sealed: the last row it holds */
} seg;

struct gw_spool {
	char prefix[512];
	seg cur;             /* the segment being appended to (event loop only) */
	size_t size;         /* bytes used in cur */
	uint64_t seq;        /* last sequence number appended */
	unsigned retry;      /* appends since the spool last failed */
	pthread_mutex_t mu;  /* guards everything below */
	seg next;            /* prepared by the writer thread */
	int preparing;
	uint64_t next_gen;   /* generations are handed out under mu */
	seg v[MAX_SEALED];   /* sealed, waiting for their rows to be committed */
	int nsealed;
	uint64_t committed;
	uint64_t keep_from;  /* rows from here on may be in no queue: keep them (0 = none) */
};

_Static_assert(sizeof(lc_record) % 8 == 0, "lc_record is squeezed in 8-byte words");
_Static_assert(WORDS < 65536, "token counts are 16-bit");

static uint64_t fnv(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

/* The check of a row written on the hot path: FNV-style multiply-xor over 64-bit words in
 * four independent lanes, ~10x faster than byte-wise FNV. It only has to catch a torn or
 * garbled tail, not an adversary. */
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

/* Squeeze a record: tokens of (u16 literal words, u16 zero words) followed by the literal
 * words. Returns the bytes written to out (at most ENC_MAX). */
static size_t squeeze(const lc_record *r, unsigned char *out)
{
	const unsigned char *in = (const unsigned char *)r;
	size_t i = 0, o = 0;
	while (i < WORDS) {
		size_t lit = i, zero;
		uint64_t w;
		uint16_t t[2];
		for (; lit < WORDS; lit++) {
			memcpy(&w, in + 8 * lit, 8);
			if (!w)
				break;
		}
		for (zero = lit; zero < WORDS; zero++) {
			memcpy(&w, in + 8 * zero, 8);
			if (w)
				break;
		}
		t[0] = (uint16_t)(lit - i);
		t[1] = (uint16_t)(zero - lit);
		memcpy(out + o, t, 4);
		memcpy(out + o + 4, in + 8 * i, 8 * (lit - i));
		o += 4 + 8 * (lit - i);
		i = zero;
	}
	return o;
}

/* The inverse; -1 when the tokens do not describe exactly one record. */
static int unsqueeze(const unsigned char *in, size_t n, lc_record *r)
{
	unsigned char *out = (unsigned char *)r;
	size_t i = 0, o = 0;
	memset(r, 0, sizeof *r);
	while (o < n) {
		uint16_t t[2];
		if (n - o < 4)
			return -1;
		memcpy(t, in + o, 4);
		o += 4;
		if (t[0] + t[1] == 0 || i + t[0] + t[1] > WORDS || n - o < 8u * t[0])
			return -1;
		memcpy(out + 8 * i, in + o, 8u * t[0]);
		o += 8u * t[0];
		i += (size_t)t[0] + t[1];
	}
	return i == WORDS ? 0 : -1;
}

static void name_of(const char *prefix, uint64_t gen, char *out, size_t cap)
{
	snprintf(out, cap, "%s.spool.%llu", prefix, (unsigned long long)gen);
}

/* Call fn(path, gen) for every spool file of prefix, in generation order. */
typedef int (*file_fn)(const char *path, uint64_t gen, void *ctx);
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
		return errno == ENOENT ? 0 : LC_IO; /* unreadable is not "no spool" */
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
		rc = fn(path, gens[i], ctx);
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

/* The next record of a segment at *off: 1 with *r filled, 0 at its end (a zero header, a
 * torn tail), -1 for a row of another build. */
static int next_record(const char *data, size_t len, uint64_t gen, size_t *off, lc_record *r)
{
	uint32_t magic;
	if (*off + sizeof(hdr2) > len)
		return 0;
	memcpy(&magic, data + *off, 4);
	if (magic == SPOOL_MAGIC || magic == SPOOL_MAGIC3) {
		hdr h;
		size_t at = *off + sizeof h;
		if (*off + sizeof h > len)
			return 0;
		memcpy(&h, data + *off, sizeof h);
		if (magic == SPOOL_MAGIC && h.gen != (uint32_t)gen)
			return 0; /* a row of the segment's earlier life */
		if (h.raw != sizeof(lc_record))
			return -1;
		if (h.len > len - at || sum64(data + at, h.len) != h.hash ||
		    unsqueeze((const unsigned char *)data + at, h.len, r))
			return 0;
		*off = at + ((h.len + 7u) & ~(size_t)7);
		return 1;
	}
	if (magic == SPOOL_MAGIC2 || magic == SPOOL_MAGIC1) {
		hdr2 h;
		size_t at = *off + sizeof h;
		memcpy(&h, data + *off, sizeof h);
		if (h.len != sizeof(lc_record))
			return -1;
		if (h.len > len - at ||
		    (magic == SPOOL_MAGIC2 ? sum64 : fnv)(data + at, h.len) != h.hash)
			return 0;
		memcpy(r, data + at, sizeof *r);
		*off = at + h.len;
		return 1;
	}
	return 0;
}

static int replay_file(const char *path, uint64_t gen, void *ctx)
{
	replay *x = ctx;
	char *data = NULL;
	size_t len = 0, off = 0;
	int rc = 0, k;
	lc_record r;
	lc_error e;

	if ((rc = lc_read_file(path, (size_t)SPOOL_SEG << 2, &data, &len, &e))) {
		if (rc == LC_NOTFOUND)
			return 0; /* gone since the directory was read */
		/* unreadable is not empty: stop, and keep every file for the next try */
		return lc_error_set(x->err, rc, "%s", e.msg);
	}
	while ((k = next_record(data, len, gen, &off, &r)) == 1) {
		rc = lc_ledger_put(x->lg, &r, NULL, x->err);
		if (rc == LC_INVAL || rc == LC_RANGE) {
			rc = 0; /* refused by its content, as the writer does (meter.c): skip it */
			continue;
		}
		if (rc)
			break;
		x->rows++;
	}
	if (k < 0)
		x->keep = 1;
	free(data);
	return rc;
}

static int unlink_file(const char *path, uint64_t gen, void *ctx)
{
	(void)gen;
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
		if (!err->msg[0] || rc == LC_IO)
			lc_error_set(err, rc, "%s.spool.*: cannot read the crash spool (%s); nothing "
				     "was deleted", prefix, err->msg[0] ? err->msg : "directory");
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

/*
 * Fault in every page of a mapping writable, here on the writer thread, so that the loop's
 * appends take no page fault: a reused segment's pages may have been written back and
 * evicted since its earlier life. MADV_POPULATE_WRITE (Linux 5.14) reports a failure (a
 * file system that cannot back the page) as an error instead of a SIGBUS on the loop;
 * older kernels get the pages touched one by one.
 */
static int seg_populate(char *map)
{
#ifdef MADV_POPULATE_WRITE
	if (madvise(map, SPOOL_SEG, MADV_POPULATE_WRITE) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
#endif
	for (size_t i = 0; i < SPOOL_SEG; i += 4096)
		((volatile char *)map)[i] = ((volatile char *)map)[i];
	return 0;
}

/* Create segment gen: reserved on disk (a full disk fails here, not as a SIGBUS on a page
 * of the mapping later), mapped, and every page touched so that appends take no fault. */
static int seg_create(const char *prefix, uint64_t gen, seg *out, lc_error *err)
{
	char path[1100];
	int fd, e;
	char *map;

	name_of(prefix, gen, path, sizeof path);
	/* O_EXCL: never truncate a file that is somebody's spool (see gw_spool_lock) */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return lc_error_set(err, LC_IO, "cannot create the spool %s: %s", path, strerror(errno));
	if ((e = posix_fallocate(fd, 0, SPOOL_SEG)) != 0) {
		close(fd);
		unlink(path);
		return lc_error_set(err, LC_IO, "cannot reserve the spool %s: %s", path, strerror(e));
	}
	map = mmap(NULL, SPOOL_SEG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	e = errno;
	close(fd);
	if (map == MAP_FAILED) {
		unlink(path);
		return lc_error_set(err, LC_IO, "cannot map the spool %s: %s", path, strerror(e));
	}
	if (seg_populate(map) != 0) {
		e = errno;
		munmap(map, SPOOL_SEG);
		unlink(path);
		return lc_error_set(err, LC_IO, "cannot reserve the spool %s: %s", path, strerror(e));
	}
	out->map = map;
	out->gen = gen;
	out->last_seq = 0;
	return 0;
}

/*
 * Give a committed segment a new generation: a rename, the same pages. Its first header
 * is zeroed: until the loop appends, the segment holds no row of the new generation. (Past
 * the new tail, the earlier life's bytes are never read: every append zeroes the header
 * slot after its record, see gw_spool_append.)
 */
static int seg_reuse(const char *prefix, seg *sg, uint64_t gen)
{
	char from[1100], to[1100];
	name_of(prefix, sg->gen, from, sizeof from);
	name_of(prefix, gen, to, sizeof to);
	if (seg_populate(sg->map) != 0 || rename(from, to) != 0)
		return -1;
	memset(sg->map, 0, sizeof(hdr));
	sg->gen = gen;
	sg->last_seq = 0;
	return 0;
}

static void seg_drop(const char *prefix, seg *s)
{
	char path[1100];
	if (!s->map)
		return;
	munmap(s->map, SPOOL_SEG);
	name_of(prefix, s->gen, path, sizeof path);
	unlink(path);
	s->map = NULL;
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
	s->next_gen = max_gen;
	pthread_mutex_init(&s->mu, NULL);
	if ((rc = seg_create(s->prefix, s->next_gen++, &s->cur, err))) {
		pthread_mutex_destroy(&s->mu);
		free(s);
		return rc;
	}
	/* and the one after it, so that the first rotation does not make one on the loop
	 * (failing here is not fatal: rotate() tries again) */
	seg_create(s->prefix, s->next_gen++, &s->next, NULL);
	*out = s;
	return 0;
}

/* Seal the current segment and start the next: the one the writer prepared, else a new one
 * made here. Event loop only. */
static int rotate(gw_spool *s)
{
	seg fresh = {0};
	uint64_t gen;
	int rc = 0;

	pthread_mutex_lock(&s->mu);
	if (s->cur.map) {
		if (s->nsealed == MAX_SEALED) { /* the ledger is far behind: no more spool */
			pthread_mutex_unlock(&s->mu);
			return LC_IO;
		}
		s->cur.last_seq = s->seq;
		s->v[s->nsealed++] = s->cur;
		s->cur.map = NULL;
	}
	if (s->next.map) {
		s->cur = s->next;
		s->next.map = NULL;
		pthread_mutex_unlock(&s->mu);
	} else {
		gen = s->next_gen++;
		pthread_mutex_unlock(&s->mu);
		if ((rc = seg_create(s->prefix, gen, &fresh, NULL)) == 0)
			s->cur = fresh;
	}
	s->size = 0;
	return rc;
}

int gw_spool_append(gw_spool *s, const lc_record *r, uint64_t *seq)
{
	hdr h;
	unsigned char *p;

	/* room for the header, the record padded to 8 and the next (zeroed) header */
	if (!s->cur.map || s->size + sizeof h + ENC_MAX + 8 + sizeof h > SPOOL_SEG) {
		/* Full, or failed earlier (disk full, too many sealed): retry now and then. */
		if (!s->cur.map && s->retry++ % RETRY_EVERY)
			return LC_IO;
		if (rotate(s))
			return LC_IO;
	}
	p = (unsigned char *)s->cur.map + s->size;
	h.magic = SPOOL_MAGIC;
	h.raw = sizeof(lc_record);
	h.gen = (uint32_t)s->cur.gen;
	h.len = (uint32_t)squeeze(r, p + sizeof h);
	h.hash = sum64(p + sizeof h, h.len);
	/* The next record's header slot is zeroed before this record's header is written: a
	 * replay stops right after the last row, never reading what a reused segment held
	 * there (bytes from the middle of an older row, where a client's strings could even
	 * spell out a whole valid record). */
	memset(p + sizeof h + ((h.len + 7u) & ~(size_t)7), 0, sizeof h);
	memcpy(p, &h, sizeof h); /* the header last: a record is whole before it is seen */
	s->size += sizeof h + ((h.len + 7u) & ~(size_t)7);
	*seq = ++s->seq;
	return 0;
}

void gw_spool_committed(gw_spool *s, uint64_t seq)
{
	seg done[64];
	int k = 0, nd = 0;
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	if (seq > s->committed)
		s->committed = seq;
	for (int i = 0; i < s->nsealed; i++) {
		if (s->v[i].last_seq <= s->committed && nd < 64 &&
		    (!s->keep_from || s->v[i].last_seq < s->keep_from))
			done[nd++] = s->v[i];
		else
			s->v[k++] = s->v[i];
	}
	s->nsealed = k;
	/* Prepare the next segment here, on the writer thread, not on the loop at rotation:
	 * a committed one renamed to the new generation, mapping, pages and all (its old rows
	 * end its replay by their generation), else a new one. Creating, touching and deleting
	 * 4 MiB every ~12k rows was a burst of a few ms that showed in the gateway's p99. */
	if (!s->next.map && !s->preparing) {
		uint64_t gen = s->next_gen++;
		seg fresh = {0};
		s->preparing = 1;
		pthread_mutex_unlock(&s->mu);
		if (nd && seg_reuse(s->prefix, &done[nd - 1], gen) == 0)
			fresh = done[--nd];
		for (int i = 0; i < nd; i++)
			seg_drop(s->prefix, &done[i]);
		nd = 0;
		if (!fresh.map)
			seg_create(s->prefix, gen, &fresh, NULL);
		pthread_mutex_lock(&s->mu);
		s->next = fresh;
		s->preparing = 0;
	}
	pthread_mutex_unlock(&s->mu);
	for (int i = 0; i < nd; i++)
		seg_drop(s->prefix, &done[i]);
}

void gw_spool_keep(gw_spool *s, uint64_t seq)
{
	if (!s || !seq)
		return;
	pthread_mutex_lock(&s->mu);
	if (!s->keep_from || seq < s->keep_from)
		s->keep_from = seq;
	pthread_mutex_unlock(&s->mu);
}

int gw_spool_lock(const char *prefix, int *fd, lc_error *err)
{
	char path[1100];
	snprintf(path, sizeof path, "%s.spool.lock", prefix);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0)
		return lc_error_set(err, LC_IO, "cannot open %s: %s", path, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(*fd);
		*fd = -1;
		return lc_error_set(err, e == EWOULDBLOCK ? LC_DB : LC_IO,
				    "%s: %s", path,
				    e == EWOULDBLOCK ? "another gateway uses this ledger's crash spool; "
						       "give each gateway its own ledger"
						     : strerror(e));
	}
	return 0;
}

void gw_spool_close(gw_spool *s)
{
	uint64_t max_gen;
	if (!s)
		return;
	if (s->cur.map)
		munmap(s->cur.map, SPOOL_SEG);
	if (s->next.map)
		munmap(s->next.map, SPOOL_SEG);
	for (int i = 0; i < s->nsealed; i++)
		munmap(s->v[i].map, SPOOL_SEG);
	/* everything appended was committed (the writer drained): no file is needed */
	if (s->committed == s->seq && !s->keep_from)
		each_file(s->prefix, unlink_file, NULL, &max_gen);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
