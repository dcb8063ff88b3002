/*
 * lines.c - reading a log file's new bytes as regions of whole lines, in a bounded window.
 *
 * Why a window and not mmap or a whole-file read: peak memory must stay small whatever
 * the file sizes (the benchmark's bar is ccusage's 81 MB on a 300 MB tree, and a single
 * session file can be hundreds of megabytes), and read() into one reused buffer per thread
 * is as fast as mmap + munmap for small files. A region handed to the callback holds only
 * complete lines (each ends in '\n'); the incomplete tail moves to the front of the buffer
 * for the next read. A line of AL_LINE_MAX bytes or more is skipped and counted, never
 * buffered whole.
 * At end of file a remainder without newline is handed over with last = 1: the caller may
 * read it but must not count it as consumed (a line still being written).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agentlog/lines.h"

#define WINDOW ((size_t)1 << 20)

static _Thread_local char *tl_buf;
static _Thread_local size_t tl_cap;

void al_lines_thread_done(void)
{
	free(tl_buf);
	tl_buf = NULL;
	tl_cap = 0;
}

static ssize_t pread_full(int fd, char *p, size_t n, int64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, p + got, n - got, (off_t)(off + (int64_t)got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int al_fingerprint(int fd, int64_t off, uint64_t *out)
{
	char head[AL_FP_BYTES], tail[AL_FP_BYTES];
	int64_t from = off > AL_FP_BYTES ? off - AL_FP_BYTES : 0;
	size_t hn = (size_t)(off < AL_FP_BYTES ? off : AL_FP_BYTES);
	if (pread_full(fd, head, hn, 0) != (ssize_t)hn ||
	    pread_full(fd, tail, (size_t)(off - from), from) != (ssize_t)(off - from))
		return LC_IO;
	*out = al_hash64(tail, (size_t)(off - from)) ^ (al_hash64(head, hn) * 31);
	return LC_OK;
}

static int grow(size_t need)
{
	char *nb;
	size_t nc;
	if (need <= tl_cap)
		return LC_OK;
	nc = tl_cap ? tl_cap : WINDOW;
	while (nc < need)
		nc *= 2;
	if (!(nb = realloc(tl_buf, nc)))
		return LC_NOMEM;
	tl_buf = nb;
	tl_cap = nc;
	return LC_OK;
}

int al_lines_run(int fd, int64_t start, al_region_fn fn, void *ctx, al_lines_result *res)
{
	size_t len = 0;      /* bytes in tl_buf, starting at file offset pos */
	int64_t pos = start;
	int skipping = 0;    /* inside an over-long line: drop bytes until its newline */
	int rc;

	memset(res, 0, sizeof *res);
	res->end_offset = start;
	if ((rc = grow(WINDOW)) != LC_OK)
		return rc;
	for (;;) {
		ssize_t r;
		char *nl;
		/* never hold more than AL_LINE_MAX bytes of one unfinished line */
		size_t want = AL_LINE_MAX - len < WINDOW ? AL_LINE_MAX - len : WINDOW;
		if ((rc = grow(len + want)) != LC_OK)
			return rc;
		r = pread_full(fd, tl_buf + len, want, pos + (int64_t)len);
		if (r < 0)
			return LC_IO;
		res->bytes += r;
		len += (size_t)r;
		if (skipping) {
			char *e = memchr(tl_buf, '\n', len);
			if (!e) {
				pos += (int64_t)len;
				len = 0;
				if (r == 0)
					return LC_OK; /* the over-long line is still being written */
				continue;
			}
			skipping = 0;
			pos += (int64_t)(e + 1 - tl_buf);
			len -= (size_t)(e + 1 - tl_buf);
			memmove(tl_buf, e + 1, len);
			res->end_offset = pos;
		}
		nl = len ? memrchr(tl_buf, '\n', len) : NULL;
		if (nl) {
			size_t n = (size_t)(nl + 1 - tl_buf);
			if ((rc = fn(ctx, tl_buf, tl_buf + n, pos, 0)) != LC_OK)
				return rc;
			pos += (int64_t)n;
			len -= n;
			memmove(tl_buf, tl_buf + n, len);
			res->end_offset = pos;
		}
		if (r == 0) {
			if (len)
				return fn(ctx, tl_buf, tl_buf + len, pos, 1);
			return LC_OK;
		}
		if (len >= AL_LINE_MAX) {
			/* one line over the cap: counted once, its bytes dropped */
			res->long_lines++;
			skipping = 1;
			pos += (int64_t)len;
			len = 0;
		}
	}
}
