/*
 * admin.c - the admin API (admin key, or a key created with admin rights):
 *   GET  /admin/keys          list keys (ids, hints, tags, limits; never secrets)
 *   POST /admin/keys          create a key from a JSON body; the secret is in this one reply
 *   POST /admin/keys/revoke   {"id": "key_..."}
 * The same operations as `llmcost keys`, over HTTP, for platforms that script key issuance.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/proxy.h"

void lc_key_info_json(lc_buf *b, const lc_key_info *k)
{
	char m[LC_MONEY_STRMAX];
	lc_buf_puts(b, "{\"id\":");
	lc_buf_json_str(b, k->id, strlen(k->id));
	lc_buf_puts(b, ",\"hint\":");
	lc_buf_json_str(b, k->hint, strlen(k->hint));
	lc_buf_puts(b, ",\"name\":");
	lc_buf_json_str(b, k->name, strlen(k->name));
	lc_buf_puts(b, ",\"tags\":");
	lc_buf_json_str(b, k->tags, strlen(k->tags));
	lc_buf_puts(b, ",\"models\":");
	lc_buf_json_str(b, k->models, strlen(k->models));
	if (k->has_budget) {
		lc_money_format(k->budget, -1, m, sizeof m);
		lc_buf_printf(b, ",\"budget\":\"%s\",\"currency\":\"USD\",\"period\":\"%s\",\"mode\":\"%s\"",
			      m, k->period, k->soft ? "soft" : "hard");
		lc_buf_puts(b, ",\"zone\":");
		lc_buf_json_str(b, k->zone[0] ? k->zone : "UTC", strlen(k->zone[0] ? k->zone : "UTC"));
	}
	lc_buf_printf(b, ",\"rpm\":%lld,\"tpm\":%lld,\"admin\":%s,\"created\":%lld,\"expires\":%lld,"
			 "\"revoked\":%s}",
		      (long long)k->rpm, (long long)k->tpm, k->admin ? "true" : "false",
		      (long long)k->created, (long long)k->expires, k->revoked ? "true" : "false");
}

static int list_one(const lc_key_info *k, void *ctx)
{
	lc_buf *b = ctx;
	if (b->data[b->len - 1] != '[')
		lc_buf_puts(b, ",");
	lc_key_info_json(b, k);
	return 0;
}

static const char *jstr(json_object *o, const char *k)
{
	json_object *v;
	if (json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return NULL;
}

static int64_t jint(json_object *o, const char *k)
{
	json_object *v;
	if (json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_int))
		return json_object_get_int64(v);
	return 0;
}

#define SETS(field, name)                                                              \
	do {                                                                           \
		const char *s_ = jstr(o, name);                                        \
		if (s_ && strlen(s_) >= sizeof k.field)                                \
			goto bad;                                                      \
		if (s_)                                                                \
			memcpy(k.field, s_, strlen(s_) + 1);                           \
	} while (0)

static void create(gw_req *r)
{
	json_object *o = json_tokener_parse(r->body.data ? r->body.data : "");
	lc_key_info k;
	char secret[LC_KEY_SECRET_MAX];
	lc_error err;
	lc_buf b;
	const char *budget, *period;

	memset(&k, 0, sizeof k);
	if (!o || !json_object_is_type(o, json_type_object))
		goto bad;
	SETS(name, "name");
	SETS(tags, "tags");
	SETS(models, "models");
	SETS(zone, "zone");
	if ((budget = jstr(o, "budget"))) {
		if (lc_money_parse(budget, (size_t)-1, &k.budget) || k.budget.atto < 0)
			goto bad;
		k.has_budget = 1;
	}
	period = jstr(o, "period");
	if (period && strcmp(period, "day") && strcmp(period, "week") && strcmp(period, "month"))
		goto bad;
	snprintf(k.period, sizeof k.period, "%s", period ? period : "month");
	k.soft = jstr(o, "mode") && !strcmp(jstr(o, "mode"), "soft");
	k.rpm = jint(o, "rpm");
	k.tpm = jint(o, "tpm");
	if (k.rpm < 0 || k.tpm < 0)
		goto bad;
	json_object_put(o);
	if (lc_key_tags_check(k.tags, &err)) {
		gw_req_refuse(r, 400, "invalid_request_error", err.msg, NULL);
		return;
	}
	if (lc_keys_create(r->gw->keys, &k, secret, &err)) {
		gw_req_refuse(r, 500, "internal", err.msg, NULL);
		return;
	}
	gw_budgets_sync_key(r->gw->budgets, &k);
	lc_buf_init(&b, 0);
	lc_buf_puts(&b, "{\"key\":");
	lc_buf_json_str(&b, secret, strlen(secret));
	lc_buf_puts(&b, ",\"info\":");
	lc_key_info_json(&b, &k);
	lc_buf_puts(&b, "}");
	memset(secret, 0, sizeof secret);
	gw_req_done_simple(r, 201, "application/json", b.data, b.len);
	lc_buf_free(&b);
	return;
bad:
	json_object_put(o);
	gw_req_refuse(r, 400, "invalid_request_error",
		      "expected a JSON object with name, tags, models, budget (decimal string), "
		      "period, zone, mode, rpm, tpm",
		      NULL);
}

void gw_admin_handle(gw_req *r)
{
	lc_buf b;
	lc_error err;
	if (r->route == GW_R_ADMIN_CREATE) {
		create(r);
		return;
	}
	if (r->route == GW_R_ADMIN_REVOKE) {
		json_object *o = json_tokener_parse(r->body.data ? r->body.data : "");
		const char *id = o ? jstr(o, "id") : NULL;
		int rc = id ? lc_keys_revoke(r->gw->keys, id, &err) : LC_INVAL;
		json_object_put(o);
		if (rc) {
			gw_req_refuse(r, rc == LC_NOTFOUND ? 404 : 400, "invalid_request_error",
				      rc == LC_INVAL ? "expected {\"id\": \"key_...\"}" : err.msg, NULL);
			return;
		}
		gw_keys_changed(r->gw);
		gw_req_done_simple(r, 200, "application/json", "{\"revoked\":true}", 16);
		return;
	}
	lc_buf_init(&b, 0);
	lc_buf_puts(&b, "{\"keys\":[");
	lc_keys_each(r->gw->keys, list_one, &b, NULL);
	lc_buf_puts(&b, "]}");
	gw_req_done_simple(r, 200, "application/json", b.data, b.len);
	lc_buf_free(&b);
}
