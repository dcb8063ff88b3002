/*
 * test_spool.c - the crash spool on its own (spool.c): rows appended and never committed come
 * back whole from a replay, across segment rotations; committed segments are deleted; a torn
 * tail ends a segment's replay without losing the rows before it; spools written by older
 * gateways (whole rows, "LSS2") still replay; a spool of another build is kept and named;
 * nothing past the last record is read.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gateway/gw.h"
#include "tests/harness.h"

/* A gateway-like row, distinct in every field that can be: id, time, tokens, tags, cost. */
static void make_row(lc_record *r, int i)
{
	char id[64], val[32];
	memset(r, 0, sizeof *r);
	lc_usage_init(&r->usage);
	snprintf(id, sizeof id, "gw-test-%d", i);
	snprintf(r->usage.id, sizeof r->usage.id, "%s", id);
	r->usage.time = 1700000000000LL + i;
	snprintf(r->usage.provider, sizeof r->usage.provider, "openai");
	snprintf(r->usage.model, sizeof r->usage.model, "gpt-4o-mini-%d", i % 7);
	r->usage.input_tokens = 1000 + i;
	r->usage.output_tokens = 3 * i + 1;
	r->usage.cache_read_tokens = i % 5;
	snprintf(val, sizeof val, "team-%d", i % 13);
	lc_usage_set_tag(&r->usage, "team", val);
	lc_usage_set_tag(&r->usage, "key", "k_0123456789abcdef");
	r->cost.priced = 1;
	memcpy(r->cost.currency, "USD", 4);
	r->cost.input.atto = (lc_i128)(i + 1) * 150000000000LL;
	r->cost.output.atto = (lc_i128)(i + 1) * 600000000000LL;
	lc_money_add(r->cost.input, r->cost.output, &r->cost.total);
	snprintf(r->source, sizeof r->source, "gateway");
}

typedef struct seen {
	int n, bad;
	unsigned char *hit;
	int max;
} seen;

static int check_row(const lc_record *r, void *ctx)
{
	seen *s = ctx;
	lc_record want;
	int i;
	if (sscanf(r->usage.id, "gw-test-%d", &i) != 1 || i < 0 || i >= s->max || s->hit[i]) {
		s->bad++;
		return 0;
	}
	s->hit[i] = 1;
	make_row(&want, i);
	if (r->usage.time != want.usage.time || r->usage.input_tokens != want.usage.input_tokens ||
	    r->usage.output_tokens != want.usage.output_tokens ||
	    r->usage.cache_read_tokens != want.usage.cache_read_tokens ||
	    strcmp(r->usage.model, want.usage.model) ||
	    strcmp(lc_usage_get_tag(&r->usage, "team"), lc_usage_get_tag(&want.usage, "team")) ||
	    lc_money_cmp(r->cost.total, want.cost.total))
		s->bad++;
	s->n++;
	return 0;
}

/* Replay prefix's spool into a fresh ledger; the rows must be exactly 0..want-1. */
static void replay_into_new(const char *prefix, const char *ledger, int want, int max)
{
	lc_ledger *lg;
	lc_error err;
	lc_filter f;
	int64_t rows = -1;
	seen s = {0, 0, calloc((size_t)max, 1), max};
	CHECK(lc_ledger_open(ledger, &lg, &err) == 0);
	CHECK_INT(gw_spool_replay(prefix, lg, &rows, &err), 0);
	CHECK_INT(rows, want);
	memset(&f, 0, sizeof f);
	CHECK_INT(lc_ledger_each(lg, &f, check_row, &s, &err), 0);
	CHECK_INT(s.n, want);
	CHECK_INT(s.bad, 0);
	for (int i = 0; i < want; i++)
		CHECK(s.hit[i]);
	lc_ledger_close(lg);
	free(s.hit);
}

static int count_files(const char *prefix)
{
	char path[600];
	int n = 0;
	for (int g = 0; g < 64; g++) {
		snprintf(path, sizeof path, "%s.spool.%d", prefix, g);
		n += access(path, F_OK) == 0;
	}
	return n;
}

TEST(spool_replays_uncommitted_rows_across_segments)
{
	char prefix[512], ledger[600];
	gw_spool *s;
	lc_error err;
	lc_record r;
	uint64_t seq = 0;
	const int n = 60000; /* several 4 MiB segments (rows squeeze to ~200 bytes) */

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	snprintf(ledger, sizeof ledger, "%s/b.db", lc_test_tmpdir());
	CHECK_INT(gw_spool_open(prefix, &s, &err), 0);
	for (int i = 0; i < n; i++) {
		make_row(&r, i);
		CHECK_INT(gw_spool_append(s, &r, &seq), 0);
		CHECK_INT(seq, i + 1);
	}
	CHECK(count_files(prefix) >= 3);
	gw_spool_close(s); /* nothing committed: the files stay for the next start */
	replay_into_new(prefix, ledger, n, n);
	CHECK_INT(count_files(prefix), 0); /* replayed: gone */
}

TEST(spool_deletes_committed_segments)
{
	char prefix[512];
	gw_spool *s;
	lc_error err;
	lc_record r;
	uint64_t seq = 0;

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	CHECK_INT(gw_spool_open(prefix, &s, &err), 0);
	for (int i = 0; i < 30000; i++) {
		make_row(&r, i);
		CHECK_INT(gw_spool_append(s, &r, &seq), 0);
	}
	gw_spool_committed(s, seq - 1); /* all sealed segments are done; the current is not */
	CHECK(count_files(prefix) <= 2);  /* the current one and a prepared next */
	gw_spool_committed(s, seq);
	gw_spool_close(s);
	CHECK_INT(count_files(prefix), 0);
}

TEST(spool_torn_tail_keeps_the_rows_before)
{
	char prefix[512], ledger[600], path[700];
	gw_spool *s;
	lc_error err;
	lc_record r;
	uint64_t seq = 0;
	struct stat st;
	char *data;
	FILE *f;
	size_t off = 0, last = 0;

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	snprintf(ledger, sizeof ledger, "%s/b.db", lc_test_tmpdir());
	CHECK_INT(gw_spool_open(prefix, &s, &err), 0);
	for (int i = 0; i < 10; i++) {
		make_row(&r, i);
		CHECK_INT(gw_spool_append(s, &r, &seq), 0);
	}
	gw_spool_close(s);
	/* find the 10th record (headers are 24 bytes: magic, len, raw, pad, hash) and garble
	 * one byte of its payload, as if the process died while writing it */
	snprintf(path, sizeof path, "%s.spool.0", prefix);
	CHECK(stat(path, &st) == 0);
	data = malloc((size_t)st.st_size);
	f = fopen(path, "r+b");
	CHECK(f && fread(data, 1, (size_t)st.st_size, f) == (size_t)st.st_size);
	for (int i = 0; i < 10; i++) {
		uint32_t len;
		memcpy(&len, data + off + 4, 4);
		last = off;
		off += 24 + ((len + 7u) & ~7u);
	}
	data[last + 24 + 40] ^= 0x5a;
	CHECK(fseek(f, 0, SEEK_SET) == 0);
	CHECK(fwrite(data, 1, (size_t)st.st_size, f) == (size_t)st.st_size);
	fclose(f);
	free(data);
	replay_into_new(prefix, ledger, 9, 10);
}

/* Spools left by gateways before squeezed rows: a 16-byte header and the whole struct. */
TEST(spool_replays_whole_row_files_of_older_gateways)
{
	char prefix[512], ledger[600], path[700];
	FILE *f;
	lc_record r;

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	snprintf(ledger, sizeof ledger, "%s/b.db", lc_test_tmpdir());
	snprintf(path, sizeof path, "%s.spool.3", prefix);
	f = fopen(path, "wb");
	CHECK(f != NULL);
	for (int i = 0; i < 5; i++) {
		struct {
			uint32_t magic, len;
			uint64_t hash;
		} h = {0x50534c4cu, (uint32_t)sizeof r, 0};
		uint64_t x = 1469598103934665603ull; /* "LLSP" rows: byte-wise FNV-1a 64 */
		make_row(&r, i);
		for (size_t k = 0; k < sizeof r; k++)
			x = (x ^ ((unsigned char *)&r)[k]) * 1099511628211ull;
		h.hash = x;
		CHECK(fwrite(&h, sizeof h, 1, f) == 1 && fwrite(&r, sizeof r, 1, f) == 1);
	}
	fclose(f);
	replay_into_new(prefix, ledger, 5, 5);
}

TEST(spool_of_another_build_is_kept)
{
	char prefix[512], ledger[600], path[700];
	FILE *f;
	lc_ledger *lg;
	lc_error err;
	int64_t rows;
	uint32_t h[6] = {0x3353534cu, 8, 12345, 0, 0, 0};

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	snprintf(ledger, sizeof ledger, "%s/b.db", lc_test_tmpdir());
	snprintf(path, sizeof path, "%s.spool.0", prefix);
	f = fopen(path, "wb");
	CHECK(f && fwrite(h, sizeof h, 1, f) == 1);
	fclose(f);
	CHECK(lc_ledger_open(ledger, &lg, &err) == 0);
	CHECK_INT(gw_spool_replay(prefix, lg, &rows, &err), LC_UNSUPPORTED);
	CHECK(strstr(err.msg, "another build") != NULL);
	CHECK(access(path, F_OK) == 0);
	lc_ledger_close(lg);
}

/* A committed segment is reused for a later generation: its old rows must not come back.
 * Rows of the first phase may come back only from the segment that was current when it
 * ended (committed rows are replayed from there: the ledger ignores them by id), so they are
 * all among its last rows; rows of a reused segment's earlier life would be older. Ids of
 * one length in both phases make records line up, so without the generation check the old
 * rows after the new tail would read as valid. */
typedef struct phases {
	int new_rows, old_rows, oldest;
} phases;

static int by_phase(const lc_record *r, void *ctx)
{
	phases *p = ctx;
	int i;
	if (sscanf(r->usage.id, "gw-test-%d", &i) == 1 && i >= 100000 && i < 200000) {
		p->old_rows++;
		if (i - 100000 < p->oldest)
			p->oldest = i - 100000;
	} else {
		p->new_rows++;
	}
	return 0;
}

TEST(spool_reused_segment_replays_only_its_new_rows)
{
	char prefix[512], ledger[600];
	gw_spool *s;
	lc_ledger *lg;
	lc_error err;
	lc_filter f;
	lc_record r;
	uint64_t seq = 0;
	int64_t rows;
	phases p = {0, 0, 1 << 30};
	int i, g, started, files_before;
	char next[600];

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	snprintf(ledger, sizeof ledger, "%s/b.db", lc_test_tmpdir());
	CHECK_INT(gw_spool_open(prefix, &s, &err), 0);
	for (i = 0; i < 60000; i++) { /* several segments, all committed: reused */
		make_row(&r, 100000 + i);
		CHECK_INT(gw_spool_append(s, &r, &seq), 0);
		if (i % 5000 == 4999)
			gw_spool_committed(s, seq);
	}
	gw_spool_committed(s, seq);
	files_before = count_files(prefix);
	/* The prepared next segment is a reused one, the highest generation on disk: write
	 * until its first row is this phase's, then 1000 rows more, so that the phase ends
	 * inside it with old rows after the tail. Never committed. */
	for (g = 63; g >= 0; g--) {
		snprintf(next, sizeof next, "%s.spool.%d", prefix, g);
		if (access(next, F_OK) == 0)
			break;
	}
	CHECK(g > 0);
	for (i = 0, started = -1; i < 40000 && (started < 0 || i < started + 1000); i++) {
		make_row(&r, 200000 + i); /* the same record sizes as the first phase's */
		CHECK_INT(gw_spool_append(s, &r, &seq), 0);
		if (started < 0 && i % 50 == 0) {
			uint32_t h[4] = {0};
			FILE *fp = fopen(next, "rb");
			if (fp && fread(h, sizeof h, 1, fp) == 1 && h[0] == 0x3453534cu &&
			    h[3] == (uint32_t)g)
				started = i;
			if (fp)
				fclose(fp);
		}
	}
	CHECK(started >= 0);
	CHECK(count_files(prefix) >= files_before);
	gw_spool_close(s);
	CHECK(lc_ledger_open(ledger, &lg, &err) == 0);
	CHECK_INT(gw_spool_replay(prefix, lg, &rows, &err), 0);
	memset(&f, 0, sizeof f);
	CHECK_INT(lc_ledger_each(lg, &f, by_phase, &p, &err), 0);
	lc_ledger_close(lg);
	CHECK_INT(p.new_rows, i);
	CHECK(p.old_rows < 20000);           /* at most the last segment of the first phase */
	CHECK(p.oldest >= 60000 - p.old_rows); /* and only its last rows */
}

/* One gateway per spool: a second lock on the same ledger is refused, and says why. */
TEST(spool_lock_is_exclusive)
{
	char prefix[512];
	int a = -1, b = -1, c = -1;
	lc_error err;

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	CHECK_INT(gw_spool_lock(prefix, &a, &err), 0);
	CHECK_INT(gw_spool_lock(prefix, &b, &err), LC_DB);
	CHECK(strstr(err.msg, "another gateway") != NULL);
	CHECK_INT(b, -1);
	close(a);
	CHECK_INT(gw_spool_lock(prefix, &c, &err), 0);
	close(c);
}

/* A spool file that cannot be read is not an empty one: the replay fails and deletes
 * nothing. (A directory stands in for an unreadable file: the tests may run as root.) */
TEST(spool_unreadable_file_fails_the_replay_and_is_kept)
{
	char prefix[512], ledger[600], bad[700];
	lc_ledger *lg;
	lc_error err;
	int64_t rows;

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	snprintf(ledger, sizeof ledger, "%s/b.db", lc_test_tmpdir());
	snprintf(bad, sizeof bad, "%s.spool.5", prefix);
	CHECK(mkdir(bad, 0700) == 0);
	CHECK(lc_ledger_open(ledger, &lg, &err) == 0);
	CHECK(gw_spool_replay(prefix, lg, &rows, &err) != 0);
	CHECK(strstr(err.msg, "spool") != NULL);
	CHECK(access(bad, F_OK) == 0);
	lc_ledger_close(lg);
}

/* A row that reached no queue (gw_meter_push failed) stays in the spool, whatever is
 * committed after it, and comes back at the next start. */
TEST(spool_keeps_rows_that_reached_no_queue)
{
	char prefix[512], ledger[600];
	gw_spool *s;
	lc_error err;
	lc_record r;
	uint64_t seq = 0, kept = 0;

	snprintf(prefix, sizeof prefix, "%s/a.db", lc_test_tmpdir());
	snprintf(ledger, sizeof ledger, "%s/b.db", lc_test_tmpdir());
	CHECK_INT(gw_spool_open(prefix, &s, &err), 0);
	for (int i = 0; i < 40000; i++) {
		make_row(&r, i);
		CHECK_INT(gw_spool_append(s, &r, &seq), 0);
		if (i == 7)
			gw_spool_keep(s, kept = seq);
	}
	gw_spool_committed(s, seq); /* everything else "committed" */
	gw_spool_close(s);
	{
		lc_ledger *lg;
		lc_filter f;
		int64_t rows = 0;
		seen x = {0, 0, calloc(40000, 1), 40000};
		CHECK(lc_ledger_open(ledger, &lg, &err) == 0);
		CHECK_INT(gw_spool_replay(prefix, lg, &rows, &err), 0);
		memset(&f, 0, sizeof f);
		CHECK_INT(lc_ledger_each(lg, &f, check_row, &x, &err), 0);
		CHECK(x.hit[kept - 1]); /* row 7 (sequence 8) is back */
		CHECK_INT(x.bad, 0);
		lc_ledger_close(lg);
		free(x.hit);
	}
}

/* Offset just past the last whole record of segment file path (LSS4 headers: 24 bytes). */
static long tail_of(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint32_t h[6];
	long off = 0;
	if (!fp)
		return -1;
	while (fseek(fp, off, SEEK_SET) == 0 && fread(h, sizeof h, 1, fp) == 1 && h[0])
		off += (long)sizeof h + (long)((h[1] + 7u) & ~7u);
	fclose(fp);
	return off;
}

/* Append rows 0..n-1 to a new spool at prefix; with forge_at >= 0, first put a whole,
 * valid record of the oldest format (LLSP, plain FNV) with id "gw-forged-1" at that offset
 * of the segment, as bytes a reused segment's earlier life may hold there (a client's
 * strings could spell them). Returns the first segment's file name in seg0. */
static void append_over(const char *prefix, int n, long forge_at, char *seg0, size_t cap)
{
	gw_spool *s;
	lc_error err;
	lc_record r;
	uint64_t seq;

	snprintf(seg0, cap, "%s.spool.0", prefix);
	CHECK_INT(gw_spool_open(prefix, &s, &err), 0);
	if (forge_at >= 0) {
		struct {
			uint32_t magic, len;
			uint64_t hash;
		} h = {0x50534c4cu, (uint32_t)sizeof r, 1469598103934665603ull};
		int fd = open(seg0, O_WRONLY);
		make_row(&r, 0);
		snprintf(r.usage.id, sizeof r.usage.id, "gw-forged-1");
		for (size_t i = 0; i < sizeof r; i++)
			h.hash = (h.hash ^ ((const unsigned char *)&r)[i]) * 1099511628211ull;
		CHECK(fd >= 0);
		CHECK(pwrite(fd, &h, sizeof h, forge_at) == (ssize_t)sizeof h);
		CHECK(pwrite(fd, &r, sizeof r, forge_at + (long)sizeof h) == (ssize_t)sizeof r);
		close(fd);
	}
	for (int i = 0; i < n; i++) {
		make_row(&r, i);
		CHECK_INT(gw_spool_append(s, &r, &seq), 0);
	}
	gw_spool_close(s); /* nothing committed: the files stay */
}

/* Whatever a segment holds past its last record is never replayed: the bytes where the
 * next header would go are zeroed with every append. The forged record sits exactly where
 * the tail ends (found by a first run with the same rows). */
TEST(spool_never_reads_past_the_tail)
{
	char a[512], b[512], ledger[600], seg0[600];
	long tail;

	snprintf(a, sizeof a, "%s/a.db", lc_test_tmpdir());
	snprintf(b, sizeof b, "%s/b.db", lc_test_tmpdir());
	snprintf(ledger, sizeof ledger, "%s/c.db", lc_test_tmpdir());
	append_over(a, 10, -1, seg0, sizeof seg0);
	tail = tail_of(seg0);
	CHECK(tail > 0);
	append_over(b, 10, tail, seg0, sizeof seg0);
	CHECK_INT(tail_of(seg0), tail);
	replay_into_new(b, ledger, 10, 10); /* rows 0..9 and nothing else */
}
