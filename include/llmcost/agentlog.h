/*
 * llmcost/agentlog.h - local coding-agent logs (Claude Code, Codex CLI): find them, read
 * them incrementally (only new bytes on a re-run), dedup, price and store in the ledger.
 *
 * What is read and how it is normalized: docs/formats/claude-code.md and
 * docs/formats/codex.md. Records have source "claude-code:PATH" or "codex:PATH"; the same
 * string names each file's cursor in the ledger.
 */
#ifndef LLMCOST_AGENTLOG_H
#define LLMCOST_AGENTLOG_H

#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lc_agent { LC_AGENT_CLAUDE_CODE = 0, LC_AGENT_CODEX } lc_agent;

typedef struct lc_scan_stats {
	int64_t files;            /* log files seen */
	int64_t files_unchanged;  /* skipped: nothing new since the last scan */
	int64_t bytes_read;
	int64_t lines;            /* lines parsed: Claude Code lines that can hold usage, all Codex lines */
	int64_t records_new;      /* stored */
	int64_t records_dup;      /* already in the ledger or repeated in the logs */
	int64_t lines_truncated;  /* incomplete or malformed lines, counted and skipped */
	int64_t records_unpriced;
	int64_t files_skipped;    /* paths too long to keep a cursor for */
	int64_t read_ns;          /* wall time listing files, checking cursors and waiting
				     for the readers */
	int64_t store_ns;         /* wall time pricing and storing (the ledger transaction);
				     reading overlaps storing, so the two add up to the scan */
} lc_scan_stats;

typedef struct lc_scan_opts {
	int progress; /* draw a progress bar on stderr when the scan takes more than a second */
	int threads;  /* reader threads for Claude Code files; 0 = one per CPU (at most 8) */
} lc_scan_opts;

/* The default log roots of an agent (honouring CLAUDE_CONFIG_DIR / CODEX_HOME), as a
 * NULL-terminated array the caller frees with lc_strv_free. */
int lc_agentlog_roots(lc_agent a, char ***out, lc_error *err);
void lc_strv_free(char **v);

/*
 * Scan the files and folders in paths (NULL-terminated; folders are searched for *.jsonl,
 * missing paths are skipped) and store new records in lg, priced with cat at each record's
 * time (cat may be NULL: records are stored unpriced). One transaction holds every record
 * and every advanced cursor of the scan: on any error nothing is stored and the error is
 * returned; a re-run then completes the import. Malformed lines are not errors: they are
 * counted in st->lines_truncated. o and st may be NULL. Reader threads are started and
 * joined inside the call; lg is used from the calling thread only.
 */
int lc_agentlog_import(lc_ledger *lg, const lc_catalog *cat, lc_agent a, char *const *paths,
		       const lc_scan_opts *o, lc_scan_stats *st, lc_error *err);

#ifdef __cplusplus
}
#endif
#endif
