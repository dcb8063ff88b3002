/* Unit tests for the capped buffer and JSON string escaping. */
#include "tests/harness.h"
#include <stdio.h>
#include <stdlib.h>

TEST(buf_cap_enforced)
{
	lc_buf b;
	lc_buf_init(&b, 8);
	CHECK_INT(lc_buf_puts(&b, "12345678"), 0);
	CHECK_INT(lc_buf_puts(&b, "9"), LC_LIMIT);
	CHECK_INT(b.len, 8);
	CHECK_STR(b.data, "12345678");
	CHECK_INT(lc_buf_printf(&b, "%d", 1), LC_LIMIT);
	lc_buf_free(&b);
	lc_buf_free(NULL);
}

TEST(buf_json_escape)
{
	lc_buf b;
	lc_buf_init(&b, 0);
	CHECK_INT(lc_buf_json_str(&b, "a\"b\\c\n\x01\xc3\xa9", 9), 0);
	CHECK_STR(b.data, "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\"");
	lc_buf_free(&b);
}

TEST(read_file_limits)
{
	char path[512], *data;
	size_t len;
	lc_error err;
	FILE *f;
	snprintf(path, sizeof path, "%s/x", lc_test_tmpdir());
	f = fopen(path, "w");
	fputs("hello world", f);
	fclose(f);
	CHECK_INT(lc_read_file(path, 100, &data, &len, &err), 0);
	CHECK_INT(len, 11);
	CHECK_STR(data, "hello world");
	free(data);
	CHECK_INT(lc_read_file(path, 5, &data, &len, &err), LC_LIMIT);
	CHECK(strstr(err.msg, "file too large") != NULL);
	CHECK_INT(lc_read_file("/nonexistent/file", 5, &data, &len, &err), LC_NOTFOUND);
}
