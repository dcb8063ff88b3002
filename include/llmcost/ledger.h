/*
 * llmcost/ledger.h - the ledger: where every costed usage record lands, exactly once.
 *
 * Backends: SQLite (the embedded default, one WAL-mode file) and, later, PostgreSQL, chosen
 * by URL. The interface is deliberately narrow (put records, keep ingest cursors, iterate)
 * so that a backend is one file. Idempotence: a record whose usage.id is already stored is
 * not stored again. Atomicity: records and the cursor that says they were read are written
 * in one transaction, so a crash mid-import leaves neither, and the re-run completes it.
 */
#ifndef LLMCOST_LEDGER_H
#define LLMCOST_LEDGER_H

#include "pricing.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lc_ledger lc_ledger;

/* A costed record: usage + the cost computed for it + where it came from. */
typedef struct lc_record {
	lc_usage usage;
	lc_cost cost;
	char source[LC_SOURCE_MAX]; /* "claude-code:/path/file.jsonl", "gateway", ... */
} lc_record;

/*
 * Open a ledger. url: a file path (SQLite), "postgres://..." (when built with it), or
 * NULL for $LLMCOST_LEDGER, else $XDG_DATA_HOME/llmcost/ledger.db (created with its folder).
 */
int lc_ledger_open(const char *url, lc_ledger **out, lc_error *err);
/*
 * lc_ledger_open with flags. LC_LEDGER_CACHE: the ledger is a cache that can be rebuilt
 * from its sources (the agent reports' default $XDG_CACHE_HOME/llmcost/claude.db). Commits
 * stay atomic against a crash of the process (kill -9), but are not flushed to the disk
 * (SQLite synchronous=OFF: no fsync), so an OS crash or power loss may lose or damage the
 * last commits; deleting the file makes the next run rebuild it from the logs.
 */
#define LC_LEDGER_CACHE 1u
/*
 * LC_LEDGER_SMALL_CACHE: a smaller SQLite page cache (4 MB instead of 64 MB) for a
 * connection that mostly appends, like the gateway's writer. Measured (bench/ledger-put,
 * bench/RESULTS.md): 2, 4 and 16 MB cost the same CPU per row up to 2M rows. (An earlier
 * 2 MB made each insert dearer as the ledger grew, but the pages missed were those of a
 * count(*) every commit ran, since removed; 16 MB had hidden that at 3x the memory.)
 * Ignored by backends without a page cache.
 */
#define LC_LEDGER_SMALL_CACHE 2u
/*
 * LC_LEDGER_SMALL_CHECKPOINTS: move the WAL into the database every 128 pages (2 MB) instead
 * of SQLite's 1000 (16 MB), for a connection that writes all day next to latency-sensitive
 * work, like the gateway's writer. A checkpoint is a burst of page copies on the committing
 * thread; measured (bench/RESULTS.md), the 16 MB ones showed in the gateway's p99 (1.8-1.9
 * ms, against 1.3-1.5 ms with 2 MB ones), for about the same CPU overall.
 */
#define LC_LEDGER_SMALL_CHECKPOINTS 4u
int lc_ledger_open_flags(const char *url, unsigned flags, lc_ledger **out, lc_error *err);
void lc_ledger_close(lc_ledger *lg);
/* The path or URL actually opened (for messages). */
const char *lc_ledger_url(const lc_ledger *lg);

int lc_ledger_begin(lc_ledger *lg, lc_error *err);
int lc_ledger_commit(lc_ledger *lg, lc_error *err);
void lc_ledger_rollback(lc_ledger *lg);

/* Store r unless a record with the same usage.id exists; *inserted (may be NULL) says which. */
int lc_ledger_put(lc_ledger *lg, const lc_record *r, int *inserted, lc_error *err);

/* Ingest cursor: how far a source file has been read, for incremental scans. `state` is
 * reader-private text (e.g. Codex cumulative totals per session). */
#define LC_CURSOR_STATE_MAX 4096
typedef struct lc_cursor {
	char path[LC_SOURCE_MAX];
	int64_t size;     /* file size when last read */
	int64_t mtime_ns; /* modification time when last read */
	int64_t offset;   /* bytes consumed (up to the last complete line) */
	char state[LC_CURSOR_STATE_MAX];
} lc_cursor;

/* LC_NOTFOUND when the path was never read. */
int lc_ledger_cursor_get(lc_ledger *lg, const char *path, lc_cursor *out, lc_error *err);
int lc_ledger_cursor_put(lc_ledger *lg, const lc_cursor *c, lc_error *err);

/* Which records to visit. Zero-initialized = all. */
typedef struct lc_filter {
	lc_time_ms since; /* inclusive; 0 = no bound */
	lc_time_ms until; /* exclusive; 0 = no bound */
	const char *provider; /* NULL = any */
	const char *model;
	const char *source_prefix; /* e.g. "claude-code:" */
} lc_filter;

/* Call fn for each matching record in time order; fn returning non-zero stops the walk and
 * that value is returned. */
typedef int (*lc_record_fn)(const lc_record *r, void *ctx);
int lc_ledger_each(lc_ledger *lg, const lc_filter *f, lc_record_fn fn, void *ctx, lc_error *err);

/*
 * Rollups: the ledger keeps, beside the records and in the same transactions, exact sums
 * per UTC half hour, source kind (the source up to and including its first ':', e.g.
 * "claude-code:"), provider, model, currency and priced flag. A day/week/month report can
 * then read a few thousand sums instead of every record (a half hour never straddles a
 * local midnight in a zone whose offsets are whole half hours, which the report checks;
 * a finer bucket would serve Nepal's +05:45 too, at half again as many rows to read).
 */
#define LC_ROLLUP_MS 1800000 /* one bucket: half an hour */
typedef struct lc_rollup {
	lc_time_ms start; /* the bucket is [start, start + LC_ROLLUP_MS), UTC */
	const char *provider, *model;
	const char *currency; /* "" when unpriced */
	int priced;
	int64_t calls, input_tokens, cache_read_tokens, cache_write_5m_tokens,
		cache_write_1h_tokens, output_tokens, reasoning_tokens;
	lc_money cost; /* exact sum of the records' cost_total; zero when unpriced */
} lc_rollup;
typedef int (*lc_rollup_fn)(const lc_rollup *r, void *ctx);

/*
 * Call fn for each rollup row matching f, in bucket (time) order; several rows may share a
 * bucket. LC_UNSUPPORTED (no message) when sums cannot answer f exactly: since/until not on
 * a half hour, or a source_prefix other than one kind ("claude-code:"); walk the records
 * with lc_ledger_each then. fn returning non-zero stops the walk and that value is returned.
 */
int lc_ledger_rollup_each(lc_ledger *lg, const lc_filter *f, lc_rollup_fn fn, void *ctx,
			  lc_error *err);

#ifdef __cplusplus
}
#endif
#endif
