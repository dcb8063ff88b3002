/*
 * http.c - strict HTTP/1.1 head parser and chunked decoder (see http.h for the policy).
 *
 * The head is parsed only once its terminating CRLF CRLF has arrived, so the work per byte
 * is one memchr-style scan while reading and one pass when complete. Any byte sequence
 * that two HTTP implementations could disagree about is an error, never a guess.
 */
#include <stddef.h>
#include <string.h>

#include "gateway/http.h"

/* RFC 9110 tchar, minus '_' (nginx and Envoy drop or refuse such names: a smuggling
 * vector when a back end maps '_' to '-'). */
static int is_tchar(unsigned char c)
{
	/* bit c of the 128-bit set: letters, digits and !#$%&'*+-.^`|~ (no '_') */
	static const uint64_t set[2] = {0x03ff6cfa00000000ull, 0x57ffffff47fffffeull};
	return c < 128 && (set[c >> 6] >> (c & 63)) & 1;
}

/* Eight bytes of a header value with no byte < 0x20 or 0x7f (tab included: the byte loop
 * decides those lanes). */
static int vclean8(const char *p)
{
	const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
	uint64_t w, d;
	memcpy(&w, p, 8);
	d = w ^ (lo * 0x7f);
	return ((((w - lo * 0x20) & ~w) | ((d - lo) & ~d)) & hi) == 0;
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

int gw_http_ieq(const char *a, size_t alen, const char *lit)
{
	size_t i;
	for (i = 0; i < alen; i++)
		if (!lit[i] || lower((unsigned char)a[i]) != lower((unsigned char)lit[i]))
			return 0;
	return lit[i] == '\0';
}

/* A header name against a lower-case literal: lengths first (most names differ there). */
#define NAME_IS(x, lit) ((x)->nlen == sizeof(lit) - 1 && gw_http_ieq((x)->name, (x)->nlen, lit))

const gw_hdr *gw_http_findn(const gw_head *h, const char *name, size_t n)
{
	for (int i = 0; i < h->nhdr; i++)
		if (h->hdr[i].nlen == n && gw_http_ieq(h->hdr[i].name, n, name))
			return &h->hdr[i];
	return NULL;
}

/* Does the comma-separated list v contain token tok (case-insensitive)? */
static int list_has(const char *v, size_t n, const char *tok)
{
	size_t i = 0;
	while (i < n) {
		size_t s, e;
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		s = i;
		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (e > s && gw_http_ieq(v + s, e - s, tok))
			return 1;
	}
	return 0;
}

static int fail(int *status, int code)
{
	*status = code;
	return -1;
}

/* Request line: METHOD SP origin-form SP HTTP/1.x (exactly one space each). */
static int parse_request_line(const char *p, size_t n, const gw_http_limits *lim, gw_head *h,
			      int *status)
{
	size_t i = 0, s;

	while (i < n && p[i] >= 'A' && p[i] <= 'Z')
		i++;
	if (i == 0 || i > 16 || i >= n || p[i] != ' ')
		return fail(status, 400);
	h->method = p;
	h->mlen = i;
	s = ++i;
	while (i < n && (unsigned char)p[i] > ' ' && p[i] != 0x7f)
		i++;
	if (i == s || i >= n || p[i] != ' ')
		return fail(status, 400); /* HTTP/0.9 "GET /" ends here */
	if (p[s] != '/')
		return fail(status, 400); /* absolute-form would let the client pick a host */
	if (i - s > lim->max_target)
		return fail(status, 414);
	h->target = p + s;
	h->tlen = i - s;
	i++;
	if (n - i != 8 || memcmp(p + i, "HTTP/1.", 7) != 0)
		return fail(status, n - i == 8 && memcmp(p + i, "HTTP/", 5) == 0 ? 505 : 400);
	if (p[i + 7] != '0' && p[i + 7] != '1')
		return fail(status, 505);
	h->minor = p[i + 7] - '0';
	return 0;
}

/* Status line: HTTP/1.x SP 3DIGIT SP reason (reason may be empty). */
static int parse_status_line(const char *p, size_t n, gw_head *h, int *status)
{
	if (n < 12 || memcmp(p, "HTTP/1.", 7) != 0 || (p[7] != '0' && p[7] != '1') || p[8] != ' ')
		return fail(status, 502);
	for (int i = 9; i < 12; i++)
		if (p[i] < '0' || p[i] > '9')
			return fail(status, 502);
	if (n > 12 && p[12] != ' ')
		return fail(status, 502);
	h->minor = p[7] - '0';
	h->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	if (h->status < 100)
		return fail(status, 502);
	return 0;
}

/* Content-Length: 1*DIGIT, at most 18 digits (fits int64). No sign, no list, no hex. */
static int parse_length(const char *v, size_t n, int64_t *out)
{
	int64_t x = 0;
	if (n == 0 || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (v[i] - '0');
	}
	*out = x;
	return 0;
}

/* Semantics of the framing headers, after every header line was checked. */
static int framing(gw_head *h, int is_request, int *status)
{
	int ncl = 0, nte = 0, close = 0, keep = 0;
	int bad = is_request ? 400 : 502;

	for (int i = 0; i < h->nhdr; i++) {
		gw_hdr *x = &h->hdr[i];
		if (NAME_IS(x, "content-length")) {
			if (++ncl > 1 || parse_length(x->val, x->vlen, &h->content_length) != 0)
				return fail(status, bad);
		} else if (NAME_IS(x, "transfer-encoding")) {
			if (++nte > 1)
				return fail(status, bad);
			if (!gw_http_ieq(x->val, x->vlen, "chunked"))
				return fail(status, is_request ? 501 : 502);
			h->chunked = 1;
		} else if (NAME_IS(x, "connection")) {
			close |= list_has(x->val, x->vlen, "close");
			keep |= list_has(x->val, x->vlen, "keep-alive");
		} else if (is_request && NAME_IS(x, "expect")) {
			if (!gw_http_ieq(x->val, x->vlen, "100-continue"))
				return fail(status, 417);
			h->expect_continue = 1;
		}
	}
	if (ncl && nte)
		return fail(status, bad); /* the classic CL.TE / TE.CL desync */
	if (h->chunked && h->minor == 0)
		return fail(status, bad);
	if (is_request && h->minor == 1 && !gw_http_find(h, "host"))
		return fail(status, 400);
	h->keep_alive = h->minor == 1 ? !close : (keep && !close);
	return 0;
}

int gw_http_parse_head(const char *buf, size_t len, int is_request, const gw_http_limits *lim,
		       size_t *scan, gw_head *h, int *status)
{
	size_t end = 0, i, line, max = lim->max_head;
	int toolarge = is_request ? 431 : 502;

	/* Find CRLF CRLF. A bare LF anywhere is refused later; searching only for the strict
	 * terminator means a lenient terminator just waits until the size cap says 431. */
	/* memchr instead of a byte loop (or memmem, 3x slower on these short heads): both
	 * heads of every proxied request pass here. A NUL before the terminator (or in what
	 * was searched) is refused. */
	if (*scan + 3 < len) {
		const char *t = NULL, *p = buf + *scan, *last = buf + len - 3;
		while (p < last && (p = memchr(p, '\r', (size_t)(last - p))) != NULL) {
			if (p[1] == '\n' && p[2] == '\r' && p[3] == '\n') {
				t = p;
				break;
			}
			p++;
		}
		size_t upto = t ? (size_t)(t - buf) : len - 3;
		if (memchr(buf + *scan, '\0', upto - *scan))
			return fail(status, is_request ? 400 : 502);
		if (t)
			end = upto + 4;
	}
	if (!end) {
		*scan = len > 3 ? len - 3 : 0;
		if (len > max)
			return fail(status, toolarge);
		/* A request that cannot be HTTP/1.x at all is refused early (no slow waiting). */
		return 0;
	}
	if (end > max)
		return fail(status, toolarge);

	/* Everything but the header array, which is read only below nhdr (3.2 KB per head). */
	memset(h, 0, offsetof(gw_head, hdr));
	memset(&h->content_length, 0, sizeof *h - offsetof(gw_head, content_length));
	h->content_length = -1;
	h->head_len = end;

	/* First line: up to its first CR (the terminator has one), with no LF before it. */
	line = (size_t)((const char *)memchr(buf, '\r', end) - buf);
	if (buf[line + 1] != '\n' || memchr(buf, '\n', line))
		return fail(status, is_request ? 400 : 502);
	if (is_request ? parse_request_line(buf, line, lim, h, status)
		       : parse_status_line(buf, line, h, status))
		return -1;

	/* Header lines. */
	i = line + 2;
	while (i < end - 2) {
		size_t s = i, colon, vs, ve, k;
		/* the line ends at its first CR (there is one: the terminator); a bare LF before
		 * it is refused below as a byte that is neither tchar nor value */
		i = (size_t)((const char *)memchr(buf + s, '\r', end - s) - buf);
		if (buf[i + 1] != '\n')
			return fail(status, is_request ? 400 : 502); /* bare CR */
		/* s..i is one line without its CRLF */
		if (buf[s] == ' ' || buf[s] == '\t')
			return fail(status, is_request ? 400 : 502); /* obs-fold */
		colon = s;
		while (colon < i && is_tchar((unsigned char)buf[colon]))
			colon++;
		if (colon == s || colon >= i || buf[colon] != ':')
			return fail(status, is_request ? 400 : 502);
		vs = colon + 1;
		while (vs < i && (buf[vs] == ' ' || buf[vs] == '\t'))
			vs++;
		ve = i;
		while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t'))
			ve--;
		for (k = vs; k + 8 <= ve && vclean8(buf + k); k += 8)
			;
		for (; k < ve; k++) {
			unsigned char c = (unsigned char)buf[k];
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return fail(status, is_request ? 400 : 502);
		}
		if (h->nhdr >= lim->max_headers || h->nhdr >= GW_HDR_MAX)
			return fail(status, toolarge);
		h->hdr[h->nhdr].name = buf + s;
		h->hdr[h->nhdr].nlen = colon - s;
		h->hdr[h->nhdr].val = buf + vs;
		h->hdr[h->nhdr].vlen = ve - vs;
		h->nhdr++;
		i += 2;
	}
	if (framing(h, is_request, status))
		return -1;
	return (int)end;
}

/* ------------------------------------------------------------------ chunked */

enum { CH_SIZE, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF, CH_TRAILER_CR, CH_TRAILER_LF, CH_DONE };

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

long gw_chunked_feed(gw_chunked *c, const char *in, size_t len, gw_data_fn on_data, void *ctx)
{
	size_t i = 0;

	while (i < len && c->state != CH_DONE) {
		unsigned char b = (unsigned char)in[i];
		switch (c->state) {
		case CH_SIZE: {
			int v = hexval(b);
			if (v >= 0) {
				if (++c->ndigits > 15) /* < 2^60: no overflow, no 16+ digit tricks */
					return -1;
				c->remain = c->remain * 16 + (uint64_t)v;
				i++;
			} else if (b == '\r' && c->ndigits > 0) {
				c->state = CH_SIZE_LF;
				i++;
			} else {
				return -1; /* extensions, whitespace, signs, bare LF */
			}
			break;
		}
		case CH_SIZE_LF:
			if (b != '\n')
				return -1;
			i++;
			c->ndigits = 0;
			c->state = c->remain ? CH_DATA : CH_TRAILER_CR;
			break;
		case CH_DATA: {
			size_t n = len - i;
			if (n > c->remain)
				n = (size_t)c->remain;
			if (on_data && on_data(ctx, in + i, n))
				return -1;
			i += n;
			c->remain -= n;
			if (!c->remain)
				c->state = CH_DATA_CR;
			break;
		}
		case CH_DATA_CR:
			if (b != '\r')
				return -1;
			c->state = CH_DATA_LF;
			i++;
			break;
		case CH_DATA_LF:
			if (b != '\n')
				return -1;
			c->state = CH_SIZE;
			i++;
			break;
		case CH_TRAILER_CR: /* only an empty trailer section is accepted */
			if (b != '\r')
				return -1;
			c->state = CH_TRAILER_LF;
			i++;
			break;
		case CH_TRAILER_LF:
			if (b != '\n')
				return -1;
			c->state = CH_DONE;
			c->done = 1;
			i++;
			break;
		}
	}
	return (long)i;
}

const char *gw_http_reason(int s)
{
	switch (s) {
	case 100: return "Continue";
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 402: return "Payment Required";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 417: return "Expectation Failed";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	case 529: return "Overloaded";
	default: return "Unknown";
	}
}
