/*
 * agentlog_int.h - what the agent-log readers share inside src/agentlog/ (not public API).
 *
 * usage/jscan.h  the pull scanner over one JSON object (no allocation, no tree) the readers
 *           pick their few fields with; it lives in src/usage so the gateway can share it.
 * claude.c  one Claude Code JSONL line -> lc_usage (or a reason to skip it).
 * codex.c   one Codex rollout line -> an event; per-session cumulative totals -> deltas.
 * scan.c    roots, file discovery, the thread pool (reads: lines.c); import.c the ledger side.
 */
#ifndef LLMCOST_AGENTLOG_INT_H
#define LLMCOST_AGENTLOG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "llmcost/agentlog.h"

#include "usage/jscan.h"

/* Caps for the values the readers keep. */
#define AL_STR_MAX 512          /* a decoded string we keep (ids, models, paths) */

/* ------------------------------------------------------------------ line readers */

/* What a reader made of one line. */
enum {
	AL_SKIP = 0, /* a valid line that is not a billable call (user line, synthetic, ...) */
	AL_REC = 1,  /* a record was filled */
	AL_BAD = -1  /* malformed or truncated: counted and skipped */
};

/* Claude Code: parse one line (without its newline). On AL_REC *u holds the record with
 * id "cc:" + message.id + ":" + requestId (or message.id alone), provider anthropic,
 * flags FAST / SIDECHAIN, tag project = last folder of cwd. `project_dir` (may be NULL) is
 * the projects/ folder name, used as the project when the line has no cwd. */
int al_claude_line(const char *line, size_t len, const char *project_dir, lc_usage *u);

/* The project a working folder stands for: its last component ("/home/u/app/" -> "app"),
 * else fallback (may be NULL), cut at a UTF-8 boundary to fit cap. */
void al_project_name(const char *cwd, const char *fallback, char *out, size_t cap);

/* Codex: one line -> an event. */
typedef struct al_codex_tok {
	int64_t input, cached, output, reasoning, total;
} al_codex_tok;

typedef enum al_codex_kind {
	AL_CX_OTHER = 0,
	AL_CX_META,    /* session_meta: session id, cwd */
	AL_CX_CONTEXT, /* turn_context: model */
	AL_CX_TOKENS   /* event_msg token_count with info */
} al_codex_kind;

typedef struct al_codex_ev {
	al_codex_kind kind;
	lc_time_ms time;
	char session[LC_SESSION_MAX];
	char model[LC_MODEL_MAX];
	char cwd[AL_STR_MAX];
	int has_total, has_last;
	al_codex_tok total, last;
} al_codex_ev;

/* Returns AL_REC when *ev is an event (kind != OTHER), AL_SKIP for other valid lines,
 * AL_BAD for malformed ones. */
int al_codex_line(const char *line, size_t len, al_codex_ev *ev);

/* Per-session state: the last cumulative totals seen and the current model. */
typedef struct al_codex_sess {
	char session[LC_SESSION_MAX];
	char model[LC_MODEL_MAX];
	char project[LC_TAG_VAL_MAX];
	al_codex_tok seen; /* last total_token_usage billed up to */
} al_codex_sess;

/* Apply a TOKENS event to the session: fills *u with the positive delta and returns AL_REC,
 * or AL_SKIP for a re-emit that does not advance the totals. */
int al_codex_bill(al_codex_sess *s, const al_codex_ev *ev, lc_usage *u);

/* Serialize / restore a session into cursor state text. */
int al_codex_state_put(const al_codex_sess *s, char *buf, size_t cap);
int al_codex_state_get(const char *buf, al_codex_sess *s);

/* ------------------------------------------------------------------ the scan */

/*
 * Where a scan puts what it finds. import.c binds it to a ledger (pricing each record);
 * the unit tests bind it to memory. All calls come from the calling thread, between
 * begin and commit (one transaction for the whole scan: records and cursors together).
 */
typedef struct al_sink {
	void *ctx;
	int (*cursor_get)(void *ctx, const char *path, lc_cursor *out, lc_error *err);
	int (*begin)(void *ctx, lc_error *err);
	/* store u (source names the file); *inserted = 0 when its id was already stored */
	int (*record)(void *ctx, const lc_usage *u, const char *source, int *inserted,
		      lc_error *err);
	int (*cursor_put)(void *ctx, const lc_cursor *c, lc_error *err);
	int (*commit)(void *ctx, lc_error *err);
	void (*rollback)(void *ctx);
	/* Optional, both or neither. price: cost u (LC_OK, LC_UNPRICED, or an error); called
	 * from the reader threads, so it must be thread-safe. record_priced: record with the
	 * cost price gave (price_rc is what it returned). Pricing in the readers takes it off
	 * the storing thread, the cold import's critical path. */
	int (*price)(void *ctx, const lc_usage *u, lc_cost *out, lc_error *err);
	int (*record_priced)(void *ctx, const lc_usage *u, const lc_cost *cost, int price_rc,
			     const char *source, int *inserted, lc_error *err);
} al_sink;

/* Scan paths (files or folders, searched for *.jsonl) of agent a into sink. */
int al_scan(const al_sink *sink, lc_agent a, char *const *paths, const lc_scan_opts *o,
	    lc_scan_stats *st, lc_error *err);

/* ------------------------------------------------------------------ small helpers */

uint64_t al_hash64(const void *p, size_t n); /* FNV-1a */

/* Make room for one more element in a growable array (v, n used, *cap allocated, elements
 * of size elem; capacity doubles from first). Returns the array, perhaps moved, or NULL on
 * failure or size overflow (then v is still valid and *cap unchanged). */
void *al_grow(void *v, size_t n, size_t *cap, size_t elem, size_t first);

#endif
