/*
 * lines.h - whole-line regions of a file's new bytes in a bounded window (lines.c).
 */
#ifndef LLMCOST_AGENTLOG_LINES_H
#define LLMCOST_AGENTLOG_LINES_H

#include "agentlog/agentlog_int.h"

#define AL_LINE_MAX ((size_t)32 << 20) /* a line this long or longer is skipped and counted */
#define AL_FP_BYTES 256                /* fingerprint: this many bytes at each end */

/* Called with [p, end) = whole lines starting at file offset off; last = 1 for the final
 * remainder that has no newline. A non-zero return stops the read and is returned. */
typedef int (*al_region_fn)(void *ctx, const char *p, const char *end, int64_t off, int last);

typedef struct al_lines_result {
	int64_t end_offset; /* after the last newline read: where the next scan starts */
	int64_t bytes;      /* bytes read */
	int64_t long_lines; /* lines over AL_LINE_MAX, skipped */
} al_lines_result;

/* Read fd from start to its end in regions of whole lines. */
int al_lines_run(int fd, int64_t start, al_region_fn fn, void *ctx, al_lines_result *res);

/* A fingerprint of bytes [0, off): its first and last AL_FP_BYTES hashed. A file
 * replaced by another (a new session's first line differs) or rewritten near the cursor
 * is caught; an edit in the middle of an old file of unchanged size is not (logs are
 * append-only, and re-reading everything each run to catch that would defeat the cursor). */
int al_fingerprint(int fd, int64_t off, uint64_t *out);

/* Free the calling thread's read buffer (each reader thread, once, when done). */
void al_lines_thread_done(void);

#endif
