/*
 * fuzz/tokenizer.c - arbitrary bytes into both encodings. Must not crash; valid UTF-8
 * must decode back to exactly the input bytes, and counting must agree with encoding;
 * invalid UTF-8 must be refused at the offset lc_utf8_invalid_at reports, and its
 * U+FFFD-replaced form must then tokenize and round-trip. The same bytes also go to the
 * chat-body counter (JSON), which must return cleanly whatever they are.
 */
#include <stdlib.h>
#include <string.h>

#include "llmcost.h"

static void check_text(const lc_encoding *e, const char *s, size_t len)
{
	lc_tokens t = {0};
	lc_buf b;
	size_t count = 0;
	if (lc_tok_encode(e, s, len, &t, NULL) != LC_OK)
		abort();
	if (lc_tok_count(e, s, len, &count, NULL) != LC_OK || count != t.n)
		abort();
	lc_buf_init(&b, len + 64);
	if (lc_tok_decode(e, t.ids, t.n, &b, NULL) != LC_OK || b.len != len ||
	    (len && memcmp(b.data, s, len) != 0))
		abort();
	lc_buf_free(&b);
	lc_tokens_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"o200k_base", "cl100k_base"};
	const char *s = (const char *)data;
	size_t k, bad = lc_utf8_invalid_at(s, size);

	lc_tok_model m;
	size_t chat = 0;

	if (lc_tok_model_find("gpt-4o", &m, NULL) != LC_OK)
		abort();
	(void)lc_tok_count_chat(&m, s, size, &chat, NULL, NULL);
	for (k = 0; k < 2; k++) {
		const lc_encoding *e;
		if (lc_encoding_find(names[k], &e, NULL) != LC_OK)
			abort();
		if (bad == size) {
			check_text(e, s, size);
		} else {
			size_t n;
			lc_error err;
			char *clean;
			if (lc_tok_count(e, s, size, &n, &err) != LC_PARSE)
				abort();
			if (lc_utf8_replace_invalid(s, size, &clean, &n) != LC_OK)
				abort();
			if (lc_utf8_invalid_at(clean, n) != n)
				abort();
			check_text(e, clean, n);
			free(clean);
		}
	}
	return 0;
}
