/*
 * buf.c - lc_buf, the capped growable byte buffer used for everything fed by outside input,
 * and lc_read_file. Growth doubles; the cap is checked before every allocation.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "llmcost/core.h"

void lc_buf_init(lc_buf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max ? max : (size_t)-1 / 2;
}

void lc_buf_free(lc_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void lc_buf_reset(lc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int grow(lc_buf *b, size_t need)
{
	size_t ncap;
	char *p;

	if (need > b->max)
		return LC_LIMIT;
	if (need + 1 <= b->cap)
		return LC_OK;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need + 1)
		ncap = ncap > ((size_t)-1) / 2 ? need + 1 : ncap * 2;
	p = realloc(b->data, ncap);
	if (!p)
		return LC_NOMEM;
	b->data = p;
	b->cap = ncap;
	return LC_OK;
}

int lc_buf_append(lc_buf *b, const void *p, size_t n)
{
	int rc;
	if (n > b->max - b->len)
		return LC_LIMIT;
	rc = grow(b, b->len + n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return LC_OK;
}

int lc_buf_puts(lc_buf *b, const char *s)
{
	return lc_buf_append(b, s, strlen(s));
}

int lc_buf_printf(lc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	/* one pass when the text fits the room already allocated (most calls) */
	if (b->data && b->cap - b->len > 1) {
		size_t room = b->cap - b->len;
		va_start(ap, fmt);
		n = vsnprintf(b->data + b->len, room, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < room && (size_t)n <= b->max - b->len) {
			b->len += (size_t)n;
			return LC_OK;
		}
		b->data[b->len] = '\0';
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return LC_INTERNAL;
	if ((size_t)n > b->max - b->len)
		return LC_LIMIT;
	rc = grow(b, b->len + (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return LC_OK;
}

int lc_buf_json_str(lc_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	int rc;

	if ((rc = lc_buf_append(b, "\"", 1)))
		return rc;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];
		size_t elen = 2;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if ((rc = lc_buf_append(b, s + start, i - start)))
			return rc;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		if ((rc = lc_buf_append(b, esc, elen)))
			return rc;
		start = i + 1;
	}
	if ((rc = lc_buf_append(b, s + start, len - start)))
		return rc;
	return lc_buf_append(b, "\"", 1);
}

int lc_read_file(const char *path, size_t max, char **out, size_t *len, lc_error *err)
{
	FILE *f;
	lc_buf b;
	char chunk[65536];
	size_t n;
	struct stat sb;
	int rc = LC_OK, is_stdin = strcmp(path, "-") == 0;

	f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return lc_error_set(err, errno == ENOENT ? LC_NOTFOUND : LC_IO, "%s: %s", path,
				    strerror(errno));
	/* a regular file over the cap is refused before a byte is read (a 1 GiB file costs
	 * nothing); pipes and terminals are capped while reading */
	if (!is_stdin && max && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size > (uint64_t)max) {
		fclose(f);
		return lc_error_set(err, LC_LIMIT, "%s: file too large (limit %zu bytes)", path, max);
	}
	lc_buf_init(&b, max);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		rc = lc_buf_append(&b, chunk, n);
		if (rc) {
			lc_error_set(err, rc, "%s: %s (limit %zu bytes)", path,
				     rc == LC_LIMIT ? "file too large" : lc_strerror(rc), max);
			break;
		}
	}
	if (!rc && ferror(f))
		rc = lc_error_set(err, LC_IO, "%s: read error", path);
	if (!is_stdin)
		fclose(f);
	if (rc) {
		lc_buf_free(&b);
		return rc;
	}
	if (!b.data && (rc = lc_buf_append(&b, "", 0)))
		return lc_error_set(err, rc, "%s: %s", path, lc_strerror(rc));
	*out = b.data;
	*len = b.len;
	return LC_OK;
}
