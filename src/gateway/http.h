/*
 * http.h - the gateway's strict HTTP/1.1 message codec (private to src/gateway).
 *
 * One parser serves both directions: client requests and upstream responses. It is
 * deliberately stricter than RFC 9112's "MAY accept" clauses, because a proxy that is
 * lenient where its upstream is strict (or the reverse) is how requests get smuggled:
 * bare LF or CR line endings, obs-fold, whitespace before the colon, underscores in names,
 * duplicate or signed Content-Length, Transfer-Encoding other than exactly "chunked",
 * CL together with TE, chunk extensions and over-long chunk sizes are all refused.
 * Nothing here allocates: a parsed head points into the caller's buffer.
 */
#ifndef LC_GW_HTTP_H
#define LC_GW_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define GW_HDR_MAX 100 /* Envoy's default; the 101st header gets 431 */

typedef struct gw_hdr {
	const char *name;
	size_t nlen;
	const char *val;
	size_t vlen;
} gw_hdr;

typedef struct gw_head {
	/* request line */
	const char *method;
	size_t mlen;
	const char *target;
	size_t tlen;
	/* status line */
	int status;
	int minor;              /* HTTP/1.<minor>, 0 or 1 */
	int nhdr;
	gw_hdr hdr[GW_HDR_MAX];
	int64_t content_length; /* -1 when absent */
	int chunked;            /* Transfer-Encoding: chunked */
	int keep_alive;         /* after Connection: and the version's default */
	int expect_continue;
	size_t head_len;        /* bytes of the head including the blank line */
} gw_head;

typedef struct gw_http_limits {
	size_t max_head;  /* bytes of request line + headers (431 beyond) */
	int max_headers;  /* count (431 beyond); <= GW_HDR_MAX */
	size_t max_target;
} gw_http_limits;

/*
 * Parse a message head at buf[0..len). Returns the head length (> 0) when complete and
 * valid, 0 when more bytes are needed, or -1 with *status set to the HTTP status to answer
 * (400 malformed, 431 too large, 501 unsupported transfer coding, 505 version).
 * *scan carries the search position between calls on a growing buffer (start at 0).
 */
int gw_http_parse_head(const char *buf, size_t len, int is_request, const gw_http_limits *lim,
		       size_t *scan, gw_head *h, int *status);

/* Case-insensitive header lookup of a name of n bytes; NULL when absent. */
const gw_hdr *gw_http_findn(const gw_head *h, const char *name, size_t n);
/* The same for a C string (inline: a literal's length is known at compile time). */
static inline const gw_hdr *gw_http_find(const gw_head *h, const char *name)
{
	return gw_http_findn(h, name, strlen(name));
}
int gw_http_ieq(const char *a, size_t alen, const char *lit);

/*
 * Incremental strict chunked-body decoder. Feed bytes; decoded data is appended to the
 * caller through on_data. Returns bytes consumed (>= 0), or -1 on a framing error.
 * done becomes 1 after the terminating zero chunk and its (empty) trailer.
 */
typedef struct gw_chunked {
	int state;
	int ndigits;
	uint64_t remain;
	int done;
} gw_chunked;

typedef int (*gw_data_fn)(void *ctx, const char *p, size_t n);
long gw_chunked_feed(gw_chunked *c, const char *in, size_t len, gw_data_fn on_data, void *ctx);

/* Reason phrase for a status code ("Not Found"); "Unknown" otherwise. */
const char *gw_http_reason(int status);

#endif
