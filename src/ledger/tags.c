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

/* One JSON string without escapes or bytes outside printable ASCII at *p (past its opening
 * quote); its length, and *p moved past the closing quote; -1 when it is not that simple. */
static long plain_str(const char **p)
{
	const char *b = *p, *q = b;
	while (*q != '"') {
		if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f || *q == '\\')
			return -1;
		q++;
	}
	*p = q + 1;
	return (long)(q - b);
}

/*
 * The canonical form of plain tags, {"k":"v",...} with no spaces and no escapes, parsed
 * without json-c (a report walks every record, and most carry a tag or two). -1 for
 * anything else, which json-c then reads: the result is the same either way.
 */
static int decode_plain(const char *s, lc_usage *u)
{
	const char *p = s + 1, *k, *v;
	long kn, vn;
	int i;

	if (s[0] != '{')
		return -1;
	for (;;) {
		if (*p++ != '"' || (kn = plain_str((k = p, &p))) <= 0 || kn >= LC_TAG_KEY_MAX ||
		    *p++ != ':' || *p++ != '"' || (vn = plain_str((v = p, &p))) < 0 ||
		    vn >= LC_TAG_VAL_MAX || u->ntags == LC_TAGS_MAX)
			return -1;
		for (i = 0; i < u->ntags; i++) /* a repeated key: let json-c decide */
			if (strncmp(u->tags[i].key, k, (size_t)kn) == 0 && !u->tags[i].key[kn])
				return -1;
		memcpy(u->tags[u->ntags].key, k, (size_t)kn);
		u->tags[u->ntags].key[kn] = '\0';
		memcpy(u->tags[u->ntags].val, v, (size_t)vn);
		u->tags[u->ntags].val[vn] = '\0';
		u->ntags++;
		if (*p == '}' && !p[1])
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

int lc_tags_decode(const char *s, lc_usage *u)
{
	json_object *o;
	int rc = LC_OK;

	u->ntags = 0;
	if (!s || !*s || strcmp(s, "{}") == 0)
		return LC_OK;
	if (decode_plain(s, u) == 0)
		return LC_OK;
	u->ntags = 0;
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
