/*
 * fixture.h - shared by the usage unit tests: load a fixture file and normalize it.
 * (static inline so each test file stands alone; the harness links them all together.)
 */
#ifndef LC_USAGE_TEST_FIXTURE_H
#define LC_USAGE_TEST_FIXTURE_H

#include <stdlib.h>

#include "tests/harness.h"

/* Read tests/fixtures/REL into a malloc'ed buffer; NULL on failure (the test then fails). */
static inline char *fixture_load(const char *rel, size_t *len)
{
	char path[512];
	char *data = NULL;
	lc_error err;

	snprintf(path, sizeof path, "tests/fixtures/%s", rel);
	if (lc_read_file(lc_test_path(path), (size_t)1 << 24, &data, len, &err) != LC_OK)
		return NULL;
	return data;
}

/* Normalize fixture REL; returns the library's code. */
static inline int fixture_usage(const char *rel, const char *hint, lc_usage *u, lc_error *err)
{
	size_t len;
	char *data = fixture_load(rel, &len);
	int rc;

	if (!data)
		return lc_error_set(err, LC_IO, "cannot read fixture %s", rel);
	rc = lc_usage_from_text(rel, data, len, LC_SHAPE_AUTO, hint, u, err);
	free(data);
	return rc;
}

#define CHECK_TOKENS(u, in, cr, w5, w1, out, rsn)                                    \
	do {                                                                             \
		CHECK_INT((u).input_tokens, in);                                        \
		CHECK_INT((u).cache_read_tokens, cr);                                   \
		CHECK_INT((u).cache_write_5m_tokens, w5);                               \
		CHECK_INT((u).cache_write_1h_tokens, w1);                               \
		CHECK_INT((u).output_tokens, out);                                      \
		CHECK_INT((u).reasoning_tokens, rsn);                                   \
	} while (0)

#endif
