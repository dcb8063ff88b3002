/*
 * tags.c - the canonical stored form of a record's tags: a JSON object with keys in byte
 * order ({"project":"web","team":"search"}), "{}" when none. One canonical text means equal
 * tag sets compare equal in SQL, and SQLite's json_extract / PostgreSQL's jsonb can query it.
 */
#include <string.h>

#include <json-c/json.h>

#include "ledger/backend.h"

/* Append s as a JSON string (quotes included) at buf+*n; LC_LIMIT when cap is too small. */
static int put_str(char *buf, size_t cap, size_t *n, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;

	if (*n + 1 >= cap)
		return LC_LIMIT;
	buf[(*n)++] = '"';
	for (p = (const unsigned char *)s; *p; p++) {
		if (*n + 7 >= cap)
			return LC_LIMIT;
		if (*p == '"' || *p == '\\') {
			buf[(*n)++] = '\\';
			buf[(*n)++] = (char)*p;
		} else if (*p < 0x20) {
			memcpy(buf + *n, "\\u00", 4);
			buf[*n + 4] = hex[*p >> 4];
			buf[*n + 5] = hex[*p & 15];
			*n += 6;
		} else {
			buf[(*n)++] = (char)*p;
		}
	}
	buf[(*n)++] = '"';
	return LC_OK;
}

int lc_tags_encode(const lc_usage *u, char *buf, size_t cap)
{
	int order[LC_TAGS_MAX], i, j, k, nt = u->ntags;
	size_t n = 0;

	if (nt < 0 || nt > LC_TAGS_MAX)
		return LC_INVAL;
	for (i = 0; i < nt; i++) { /* insertion sort: at most LC_TAGS_MAX entries */
		for (j = i; j > 0 && strcmp(u->tags[order[j - 1]].key, u->tags[i].key) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	if (cap < 3)
		return LC_LIMIT;
	buf[n++] = '{';
	for (i = 0; i < nt; i++) {
		k = order[i];
		if (i) {
			if (n + 1 >= cap)
				return LC_LIMIT;
			buf[n++] = ',';
		}
		if (put_str(buf, cap, &n, u->tags[k].key) || n + 1 >= cap)
			return LC_LIMIT;
		buf[n++] = ':';
		if (put_str(buf, cap, &n, u->tags[k].val))
			return LC_LIMIT;
	}
	if (n + 2 > cap)
		return LC_LIMIT;
	buf[n++] = '}';
	buf[n] = '\0';
	return (int)n;
}

int lc_tags_decode(const char *s, lc_usage *u)
{
	json_object *o;
	int rc = LC_OK;

	u->ntags = 0;
	if (!s || !*s || strcmp(s, "{}") == 0)
		return LC_OK;
	o = json_tokener_parse(s);
	if (!o || !json_object_is_type(o, json_type_object)) {
		rc = LC_PARSE;
		goto out;
	}
	{
		json_object_object_foreach(o, key, val)
		{
			if (!json_object_is_type(val, json_type_string) ||
			    lc_usage_set_tag(u, key, json_object_get_string(val)) != LC_OK) {
				rc = LC_PARSE;
				goto out;
			}
		}
	}
out:
	json_object_put(o);
	return rc;
}
