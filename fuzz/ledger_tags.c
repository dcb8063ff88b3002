/*
 * ledger_tags.c - fuzz target for the stored tag text (src/ledger/tags.c): a ledger file
 * is outside input too (another program, a damaged disk). Decoding must never crash, and
 * whatever decodes must encode back to text that decodes to the same tags.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, text[8192];
	lc_usage *u, *v;
	int i;

	if (size > 65536)
		return 0;
	s = malloc(size + 1);
	u = malloc(sizeof *u);
	v = malloc(sizeof *v);
	if (!s || !u || !v)
		goto out;
	memcpy(s, data, size);
	s[size] = '\0';
	lc_usage_init(u);
	lc_usage_init(v);
	if (lc_tags_decode(s, u) == LC_OK && lc_tags_encode(u, text, sizeof text) >= 0) {
		if (lc_tags_decode(text, v) != LC_OK || v->ntags != u->ntags)
			abort();
		for (i = 0; i < u->ntags; i++)
			if (strcmp(lc_usage_get_tag(v, u->tags[i].key), u->tags[i].val) != 0)
				abort();
	}
out:
	free(s);
	free(u);
	free(v);
	return 0;
}
