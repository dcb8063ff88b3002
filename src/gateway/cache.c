/*
 * cache.c - the exact-match response cache. The key is SHA-256 over the tenant (the key id),
 * the endpoint and a canonical form of the JSON body (object keys sorted, no whitespace), so
 * two bodies that differ only in key order or spacing hit the same entry and two tenants
 * never share one (T6.5). Only complete 200 responses to non-streaming calls are stored
 * (forward.c); entries expire after the TTL and the oldest go first past max_bytes. A cache
 * problem is never an error: it is a miss.
 */
#include <json-c/json.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

#define NBUCKETS 4096

typedef struct ent {
	struct ent *next;        /* bucket chain */
	struct ent *older, *newer; /* age list */
	uint8_t key[32];
	lc_time_ms expires;
	gw_cached v;
} ent;

struct gw_cache {
	int64_t ttl_ms;
	size_t max_bytes, bytes;
	ent *b[NBUCKETS];
	ent *oldest, *newest;
};

int gw_cache_new(int64_t ttl_ms, size_t max_bytes, gw_cache **out)
{
	gw_cache *c = calloc(1, sizeof *c);
	if (!c)
		return LC_NOMEM;
	c->ttl_ms = ttl_ms;
	c->max_bytes = max_bytes;
	*out = c;
	return 0;
}

static void unlink_ent(gw_cache *c, ent *e)
{
	ent **pp = &c->b[(e->key[0] | (e->key[1] << 8)) % NBUCKETS];
	for (; *pp; pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	c->bytes -= e->v.len + sizeof *e;
	free(e->v.body);
	free(e);
}

void gw_cache_free(gw_cache *c)
{
	if (!c)
		return;
	while (c->oldest)
		unlink_ent(c, c->oldest);
	free(c);
}

/* Canonical JSON: keys sorted bytewise, compact. Appends to b; -1 on a limit. */
static int canon(json_object *o, lc_buf *b, int depth)
{
	if (depth > 64)
		return -1;
	switch (json_object_get_type(o)) {
	case json_type_object: {
		size_t n = (size_t)json_object_object_length(o), i = 0;
		const char **keys = malloc((n ? n : 1) * sizeof *keys);
		int rc = 0;
		if (!keys)
			return -1;
		json_object_object_foreach(o, k, v) {
			(void)v;
			keys[i++] = k;
		}
		/* insertion sort: bodies have few keys per object */
		for (size_t x = 1; x < n; x++)
			for (size_t y = x; y > 0 && strcmp(keys[y - 1], keys[y]) > 0; y--) {
				const char *t = keys[y];
				keys[y] = keys[y - 1];
				keys[y - 1] = t;
			}
		lc_buf_puts(b, "{");
		for (i = 0; i < n && !rc; i++) {
			if (i)
				lc_buf_puts(b, ",");
			lc_buf_json_str(b, keys[i], strlen(keys[i]));
			lc_buf_puts(b, ":");
			rc = canon(json_object_object_get(o, keys[i]), b, depth + 1);
		}
		free(keys);
		return rc ? rc : lc_buf_puts(b, "}");
	}
	case json_type_array: {
		size_t n = json_object_array_length(o);
		lc_buf_puts(b, "[");
		for (size_t i = 0; i < n; i++) {
			if (i)
				lc_buf_puts(b, ",");
			if (canon(json_object_array_get_idx(o, i), b, depth + 1))
				return -1;
		}
		return lc_buf_puts(b, "]");
	}
	default:
		return lc_buf_puts(b, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	}
}

int gw_cache_key(const char *tenant, const char *path, const char *body, size_t len,
		 uint8_t key[32])
{
	json_tokener *tok = json_tokener_new_ex(64);
	json_object *o;
	struct sha256_ctx h;
	lc_buf b;
	int rc = -1;

	if (!tok)
		return -1;
	o = json_tokener_parse_ex(tok, body ? body : "", (int)len);
	lc_buf_init(&b, 64u << 20);
	if (o && json_tokener_get_error(tok) == json_tokener_success && canon(o, &b, 0) == 0) {
		sha256_init(&h);
		sha256_update(&h, strlen(tenant) + 1, (const uint8_t *)tenant);
		sha256_update(&h, strlen(path) + 1, (const uint8_t *)path);
		sha256_update(&h, b.len, (const uint8_t *)b.data);
		sha256_digest(&h, 32, key);
		rc = 0;
	}
	lc_buf_free(&b);
	json_object_put(o);
	json_tokener_free(tok);
	return rc;
}

static ent *lookup(gw_cache *c, const uint8_t key[32])
{
	for (ent *e = c->b[(key[0] | (key[1] << 8)) % NBUCKETS]; e; e = e->next)
		if (!memcmp(e->key, key, 32))
			return e;
	return NULL;
}

const gw_cached *gw_cache_get(gw_cache *c, const uint8_t key[32], lc_time_ms now)
{
	ent *e = lookup(c, key);
	if (!e)
		return NULL;
	if (e->expires <= now) {
		unlink_ent(c, e);
		return NULL;
	}
	return &e->v;
}

void gw_cache_put(gw_cache *c, const uint8_t key[32], const gw_cached *v, lc_time_ms now)
{
	ent *e;
	size_t need = v->len + sizeof *e;
	if (c->ttl_ms <= 0 || need > c->max_bytes || v->status != 200)
		return;
	if ((e = lookup(c, key)))
		unlink_ent(c, e);
	while (c->oldest && (c->bytes + need > c->max_bytes || c->oldest->expires <= now))
		unlink_ent(c, c->oldest);
	e = calloc(1, sizeof *e);
	if (!e || !(e->v.body = malloc(v->len ? v->len : 1))) {
		free(e);
		return;
	}
	memcpy(e->key, key, 32);
	e->expires = now + c->ttl_ms;
	e->v.status = v->status;
	memcpy(e->v.content_type, v->content_type, sizeof e->v.content_type);
	memcpy(e->v.body, v->body, v->len);
	e->v.len = v->len;
	e->v.cost = v->cost;
	e->next = c->b[(key[0] | (key[1] << 8)) % NBUCKETS];
	c->b[(key[0] | (key[1] << 8)) % NBUCKETS] = e;
	e->older = c->newest;
	if (c->newest)
		c->newest->newer = e;
	else
		c->oldest = e;
	c->newest = e;
	c->bytes += need;
}
