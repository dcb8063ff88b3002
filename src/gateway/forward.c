/*
 * forward.c - LLM calls through the gateway: parse the body, check the allowlist, choose the
 * deployment (aliases, tiers, balancing), rate-limit, reserve the worst-case cost, answer from
 * cache or forward (falling back on 429/5xx within max_attempts), pass SSE through event by
 * event, and meter exactly one row per request id.
 *
 * Streams: OpenAI chat streams report usage only when asked (stream_options.include_usage);
 * when the client did not ask we ask for it and hold back the extra usage-only chunk, so the
 * client sees the protocol it requested and we still meter the stream exactly. A client
 * that disconnects does not stop the upstream read: the stream is drained for its usage
 * (bounded by the upstream timeout), then metered.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/body.h"
#include "gateway/proxy.h"
#include "llmcost/tokenizer.h"

/* ------------------------------------------------------------------ request body */

/* The body's fields (body.c): the scanner answers almost every request; the json-c
 * reference reads what it is unsure of, and its tree is kept for a rewrite. */
static int read_body(gw_req *r, gw_body *b, int fast_ok)
{
	const char *data = r->body.data ? r->body.data : "";
	json_tokener *tok = r->gw->tok; /* one per gateway: the loop is single-threaded */

	if (fast_ok && gw_body_fast(data, r->body.len, b))
		return 0;
	if (!tok && !(tok = r->gw->tok = json_tokener_new_ex(64)))
		return -1;
	if (r->json)
		json_object_put(r->json);
	return gw_body_ref(tok, data, r->body.len, b, &r->json);
}

/* Does the body hold input that is billed by what it points at, not by its bytes: images
 * (priced by size and detail), files, audio, references to stored items? A string match:
 * text that merely mentions these names only makes the reservation larger. */
static int has_media(const char *p, size_t n, int anthropic)
{
	/* quoted names and type values (so `"type": "x"` matches with any spacing); an
	 * Anthropic image or document block always has a "source" */
	static const char *const marks[] = {"\"image_url\"", "\"input_image\"", "\"file_id\"",
					    "\"file_data\"", "\"file_url\"", "\"input_file\"",
					    "\"input_audio\"", "\"item_reference\""};
	if (!p)
		return 0;
	if (anthropic && memmem(p, n, "\"source\"", 8))
		return 1;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (memmem(p, n, marks[i], strlen(marks[i])))
			return 1;
	return 0;
}

#define CAP_MAX 1000000000 /* output tokens a cap may name */
#define N_MAX 1024          /* choices */

/* Parse the JSON body and fill model, stream, max_out. Answers the client on error. */
static int parse_body(gw_req *r)
{
	gw_body b;

	if (read_body(r, &b, 1)) {
		gw_req_refuse(r, 500, "internal", "out of memory", NULL);
		return -1;
	}
	switch (b.verdict) {
	case GW_BODY_NOT_OBJECT:
		gw_req_refuse(r, 400, "invalid_request_error", "request body is not a JSON object",
			      NULL);
		return -1;
	case GW_BODY_BAD_MODEL:
		gw_req_refuse(r, 400, "invalid_request_error", "'model' must be a non-empty string",
			      NULL);
		return -1;
	case GW_BODY_CTL:
		gw_req_refuse(r, 400, "invalid_request_error",
			      "'model', 'user' and 'metadata' may not contain control characters", NULL);
		return -1;
	}
	/* What the reservation must cover has to be readable: a cap or n the gateway cannot
	 * read as an integer may still be read by a lenient server ("16" as 16), and a
	 * background response is billed after its answer, where no row can follow it. */
	if (b.max_completion_tokens == GW_BODY_BAD || b.max_tokens == GW_BODY_BAD ||
	    b.max_output_tokens == GW_BODY_BAD || b.n == GW_BODY_BAD) {
		gw_req_refuse(r, 400, "invalid_request_error",
			      "'max_tokens', 'max_completion_tokens', 'max_output_tokens' and 'n' "
			      "must be non-negative integers", NULL);
		return -1;
	}
	/* bounds far above any model's, so that cap x n and the prices stay in range */
	if (b.max_completion_tokens > CAP_MAX || b.max_tokens > CAP_MAX ||
	    b.max_output_tokens > CAP_MAX || b.n > N_MAX) {
		gw_req_refuse(r, 400, "invalid_request_error",
			      "an output cap above 1,000,000,000 tokens or 'n' above 1,024 cannot be "
			      "reserved for", NULL);
		return -1;
	}
	if (b.background && r->route == GW_R_RESPONSES) {
		gw_req_refuse(r, 400, "invalid_request_error",
			      "'background' responses are billed after the answer and cannot be "
			      "metered by the gateway; send the request without it", NULL);
		return -1;
	}
	memcpy(r->model_req, b.model, strlen(b.model) + 1);
	r->stream = b.stream;
	r->asked_usage = b.include_usage;
	r->n_out = b.n > 1 && r->route == GW_R_CHAT ? b.n : 1;
	r->server_input = b.server_input && r->route == GW_R_RESPONSES;
	r->inject_cap = 0;
	if (r->route == GW_R_EMBEDDINGS) {
		r->stream = 0;
		r->max_out = 0;
	} else {
		/* the largest cap named: a provider reading another field cannot go past it */
		r->max_out = b.max_completion_tokens;
		if (b.max_tokens > r->max_out)
			r->max_out = b.max_tokens;
		if (b.max_output_tokens > r->max_out)
			r->max_out = b.max_output_tokens;
	}
	/* Every token is at least one byte of the body: an upper bound for the reservation,
	 * but not for what the body only points at (see reserve_amount). */
	r->est_in = (int64_t)r->body.len;
	r->media = r->route != GW_R_EMBEDDINGS &&
		   has_media(r->body.data, r->body.len, r->route == GW_R_MESSAGES);
	r->cache_writes = r->body.len && memmem(r->body.data, r->body.len, "\"cache_control\"", 15);
	return 0;
}

/* The body as a json-c tree, for a rewrite: parsed now unless the reference already did. */
static json_object *body_tree(gw_req *r)
{
	gw_body b;
	if (!r->json)
		read_body(r, &b, 0);
	return r->json;
}

/* ------------------------------------------------------------------ routing */

static int endpoint_kind(int route)
{
	return route == GW_R_MESSAGES ? GW_KIND_ANTHROPIC : GW_KIND_OPENAI;
}

/* Resolve the requested model to deployments, in attempt order. */
static int resolve(gw_req *r)
{
	lc_gateway *gw = r->gw;
	const gw_alias *a = gw_config_alias(&gw->cfg, r->model_req);
	int kind = endpoint_kind(r->route);

	r->ntargets = 0;
	r->rule = 0;
	if (a) {
		const gw_rule *rule = NULL;
		for (int i = 0; i < a->nrules && !rule; i++)
			if (!strcmp(r->route_val[a->rules[i].hdr], a->rules[i].value))
				rule = &a->rules[i];
		r->rule = rule ? (int)(rule - a->rules) + 1 : 0;
		if (rule) {
			/* a header rule: its deployments, in order */
			for (int i = 0; i < rule->ntargets; i++)
				r->targets[r->ntargets++] = rule->targets[i];
		} else if (a->has_small && (r->est_in + 3) / 4 < a->below_tokens) {
			/* Tiers: small inputs go to the small model (estimate: 4 bytes per token). */
			r->targets[r->ntargets++] = a->small;
		} else {
			int start = 0;
			if (a->balance)
				start = (int)(gw->rr[a - gw->cfg.aliases]++ % (unsigned)a->ntargets);
			for (int i = 0; i < a->ntargets; i++)
				r->targets[r->ntargets++] = a->targets[(start + i) % a->ntargets];
		}
	} else if (gw_config_target(&gw->cfg, r->model_req, &r->targets[0]) == 0) {
		r->ntargets = 1;
	} else {
		int p = gw_config_provider_of_kind(&gw->cfg, kind);
		if (p < 0)
			return -1;
		r->targets[0].provider = p;
		gw_copy(r->targets[0].model, sizeof r->targets[0].model, r->model_req);
		r->ntargets = 1;
	}
	for (int i = 0; i < r->ntargets; i++)
		if (gw->cfg.providers[r->targets[i].provider].kind != kind)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ tags */

static int tag_char_ok(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       strchr("-_.:/@ ", ch);
}

/* Apply "k=v,k=v" to u. Reserved keys (key, cache, reason) cannot be set by a client. */
static int apply_tags(lc_usage *u, const char *s, int from_client)
{
	while (s && *s) {
		const char *e = strchr(s, ','), *eq;
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char k[LC_TAG_KEY_MAX], v[LC_TAG_VAL_MAX];
		eq = memchr(s, '=', n);
		if (!eq || eq == s || (size_t)(eq - s) >= sizeof k || n - (size_t)(eq - s) - 1 >= sizeof v)
			return -1;
		for (const char *p = s; p < s + n; p++)
			if (p != eq && !tag_char_ok(*p))
				return -1;
		memcpy(k, s, (size_t)(eq - s));
		k[eq - s] = '\0';
		memcpy(v, eq + 1, n - (size_t)(eq - s) - 1);
		v[n - (size_t)(eq - s) - 1] = '\0';
		if (from_client && lc_key_tag_reserved(k, strlen(k)))
			return -1;
		if (!lc_usage_get_tag(u, k) || !from_client)
			if (lc_usage_set_tag(u, k, v))
				return -1;
		s = e ? e + 1 : NULL;
	}
	return 0;
}

static int base_usage(gw_req *r, lc_usage *u)
{
	lc_usage_init(u);
	gw_copy(u->id, sizeof u->id, r->id);
	u->time = r->t_start;
	if (r->has_key) {
		lc_usage_set_tag(u, "key", r->key.id);
		if (apply_tags(u, r->key.tags, 0))
			return -1;
	}
	return apply_tags(u, r->tags_hdr, 1);
}

/* ------------------------------------------------------------------ pricing */


/* Price a usage record; 0 when priced. Unpriced (or no pricing engine linked) gives -1. */
static int price(lc_gateway *gw, const lc_usage *u, lc_cost *c)
{
	lc_error err;
	memset(c, 0, sizeof *c);
	if (!gw->cat)
		return -1;
	return lc_price_usage(gw->cat, u, c, &err) == 0 && c->priced ? 0 : -1;
}

/*
 * The worst case over the deployments we may try, an upper bound of what the call can
 * cost. Input: every body byte a token (no token is shorter), priced at the 1-hour
 * cache-write rate too when the body has cache_control; for input the body only points at
 * (images, files, audio; previous_response_id, conversation, prompt on /v1/responses) the
 * model's whole context window. Output: the largest cap the body names times n choices,
 * or with no cap the model's own maximum output (what the provider would generate to); a
 * model whose maximum the catalog does not know gets default_max_output_tokens, and that
 * cap is then sent upstream (inject_cap), so the bound holds. Also the token bound for
 * tokens-per-minute (r->tok_bound).
 *
 * 0 with *out; *unpriced counts deployments without a price (reserved at $0: only
 * admitted with allow_unpriced, which the caller decides); -2 when pointed-at input meets
 * a priced model without a known context window (nothing bounds it).
 */
static int reserve_amount(gw_req *r, lc_money *out, int *unpriced)
{
	lc_gateway *gw = r->gw;
	*out = lc_money_zero();
	*unpriced = 0;
	r->tok_bound = 0;
	for (int i = 0; i < r->ntargets; i++) {
		lc_usage u;
		lc_cost c;
		lc_rates rates;
		lc_error err;
		gw_provider *p = &gw->cfg.providers[r->targets[i].provider];
		int known = 0;
		int64_t out_tokens = r->max_out;
		lc_usage_init(&u);
		u.time = r->t_start;
		gw_copy(u.provider, sizeof u.provider, p->catalog);
		gw_copy(u.model, sizeof u.model, r->targets[i].model);
		u.input_tokens = r->est_in;
		if ((out_tokens < 0 || r->server_input || r->media) && gw->cat)
			known = lc_catalog_lookup(gw->cat, p->catalog, u.model, r->t_start,
						  LC_TIER_STANDARD, &rates, &err) == LC_OK;
		if (r->server_input || r->media) {
			/* input the body only points at: bounded by the context window */
			if (!known || rates.context_window <= 0) {
				/* nothing bounds it: only a model without a price (reserved at $0,
				 * admitted under allow_unpriced) can go on */
				if (price(gw, &u, &c) == 0)
					return -2;
				(*unpriced)++;
				continue;
			}
			if (rates.context_window > u.input_tokens)
				u.input_tokens = rates.context_window;
		}
		if (out_tokens < 0) {
			if (known && rates.max_output_tokens > 0) {
				out_tokens = rates.max_output_tokens;
			} else {
				out_tokens = gw->cfg.default_max_output;
				r->inject_cap = out_tokens;
			}
		}
		u.output_tokens = out_tokens * r->n_out;
		if (u.input_tokens + u.output_tokens > r->tok_bound)
			r->tok_bound = u.input_tokens + u.output_tokens;
		if (price(gw, &u, &c)) {
			(*unpriced)++;
			continue;
		}
		if (lc_money_cmp(c.total, *out) > 0)
			*out = c.total;
		if (r->cache_writes) {
			/* input written to the prompt cache costs more than plain input (Anthropic:
			 * 1.25x for 5 minutes, 2x for an hour): price the bound that way too */
			lc_cost w;
			u.cache_write_1h_tokens = u.input_tokens;
			u.input_tokens = 0;
			if (price(gw, &u, &w) == 0 && lc_money_cmp(w.total, *out) > 0)
				*out = w.total;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ metering */

static lc_shape shape_of(int route)
{
	switch (route) {
	case GW_R_RESPONSES: return LC_SHAPE_OPENAI_RESPONSES;
	case GW_R_EMBEDDINGS: return LC_SHAPE_OPENAI_EMBEDDINGS;
	case GW_R_MESSAGES: return LC_SHAPE_ANTHROPIC;
	default: return LC_SHAPE_OPENAI_CHAT;
	}
}

/* Write the request's one row: usage from the response or stream, or an estimate with the
 * reason; spool it (before the client sees the end of the response: a killed gateway
 * replays it), settle the reservation, queue it for the ledger, count metrics, log. */
static void meter(gw_req *r, const char *reason, int cache_hit, lc_money saved)
{
	lc_gateway *gw = r->gw;
	lc_usage u, parsed;
	lc_record rec;
	lc_error err;
	int have = 0;
	gw_provider *p = r->ntargets ? &gw->cfg.providers[r->targets[r->cur].provider] : NULL;

	base_usage(r, &u);
	if (p)
		gw_copy(u.provider, sizeof u.provider, p->catalog);
	gw_copy(u.model, sizeof u.model, r->ntargets ? r->targets[r->cur].model : r->model_req);

	if (!cache_hit && r->up_status >= 200 && r->up_status < 300) {
		if (r->streaming) {
			if (r->su_on && lc_stream_usage_finish(&r->su, &parsed, &err) == 0)
				have = !(parsed.flags & LC_USAGE_NO_USAGE);
		} else if (r->resp.len &&
			   lc_usage_from_response(r->resp.data, r->resp.len, shape_of(r->route),
						  p ? p->catalog : NULL, &parsed, &err) == 0) {
			have = !(parsed.flags & LC_USAGE_NO_USAGE);
		}
	}
	if (have) {
		u.input_tokens = parsed.input_tokens;
		u.cache_read_tokens = parsed.cache_read_tokens;
		u.cache_write_5m_tokens = parsed.cache_write_5m_tokens;
		u.cache_write_1h_tokens = parsed.cache_write_1h_tokens;
		u.output_tokens = parsed.output_tokens;
		u.reasoning_tokens = parsed.reasoning_tokens;
		u.web_search_requests = parsed.web_search_requests;
		u.tier = parsed.tier;
		u.flags |= parsed.flags & (LC_USAGE_PARTIAL | LC_USAGE_ESTIMATED | LC_USAGE_FAST);
		if (parsed.model[0])
			gw_copy(u.model, sizeof u.model, parsed.model);
		if (r->cut || r->sse_error) {
			/* Cut before the final usage (an Anthropic stream reports output 1 in
			 * message_start and the real count only in message_delta): at least one
			 * token per event that was read, flagged as an estimate. */
			u.flags |= LC_USAGE_PARTIAL;
			if (r->streaming && r->nevents > u.output_tokens) {
				u.output_tokens = r->nevents;
				u.flags |= LC_USAGE_ESTIMATED;
			}
		}
	} else if (cache_hit) {
		char s[LC_MONEY_STRMAX];
		lc_usage_set_tag(&u, "cache", "hit");
		lc_money_format(saved, -1, s, sizeof s);
		lc_usage_set_tag(&u, "saved_usd", s);
	} else if (r->up_status >= 200 && r->up_status < 300) {
		/* No usage reached us: estimate, flag, say why. Never a silent $0. Input from
		 * the tokenizer when it knows the model and the body's shape; else ~4 bytes per
		 * token. Output from the bytes delivered (JSON framing included: on the high
		 * side). */
		lc_tok_model tm;
		size_t tok = 0;
		if (lc_tok_model_find(u.model, &tm, NULL) == 0 &&
		    lc_tok_count_chat(&tm, r->body.data ? r->body.data : "", r->body.len, &tok, NULL,
				      NULL) == 0)
			u.input_tokens = (int64_t)tok;
		else
			u.input_tokens = (r->est_in + 3) / 4;
		int64_t bytes = r->streaming ? r->received : (int64_t)r->resp.len;
		if (!r->streaming && r->up_clen > bytes)
			bytes = r->up_clen; /* cut or too large: what the provider sent in all */
		u.output_tokens = (bytes + 3) / 4;
		u.flags |= LC_USAGE_ESTIMATED | (r->cut ? LC_USAGE_PARTIAL : 0);
		lc_usage_set_tag(&u, "reason", reason ? reason : "no_usage");
	} else {
		/* The call failed upstream or never went: nothing billable was returned. */
		u.flags |= LC_USAGE_NO_USAGE;
		if (reason)
			lc_usage_set_tag(&u, "reason", reason);
	}
	if (r->hold.soft_over)
		lc_usage_set_tag(&u, "budget", "over_soft");
	if (r->client_gone && !lc_usage_get_tag(&u, "reason"))
		lc_usage_set_tag(&u, "reason", "client_disconnect");

	memset(&rec, 0, sizeof rec);
	gw_copy(rec.source, sizeof rec.source, "gateway");
	if (cache_hit || (u.flags & LC_USAGE_NO_USAGE)) {
		rec.cost.priced = 1;
		gw_copy(rec.cost.currency, 4, "USD");
	} else if (price(gw, &u, &rec.cost)) {
		/* The upstream reported a model name the catalog does not know (a renamed or
		 * preview variant, a compatible server's own name): price the model that was
		 * reserved for - the reservation proved it has a price - and keep the reported
		 * name in a tag. Never a $0 settle for a call that had a price. */
		char reported[LC_MODEL_MAX];
		gw_copy(reported, sizeof reported, u.model);
		if (r->ntargets && strcmp(u.model, r->targets[r->cur].model) != 0) {
			gw_copy(u.model, sizeof u.model, r->targets[r->cur].model);
			if (price(gw, &u, &rec.cost) == 0)
				lc_usage_set_tag(&u, "reported_model", reported);
			else
				gw_copy(u.model, sizeof u.model, reported);
		}
	}
	rec.usage = u;
	if (r->held)
		gw_budgets_settle(gw->budgets, &r->hold, rec.cost.total);
	gw_rates_settle(gw->rates, r->key.id, &r->rhold, lc_usage_input_total(&u) + u.output_tokens);
	r->held = 0;
	{
		uint64_t seq = 0;
		if (gw->spool && gw_spool_append(gw->spool, &rec, &seq))
			seq = 0; /* no spool space: the row still goes to the ledger */
		if (gw_meter_push(gw->meter, &rec, seq))
			gw_spool_keep(gw->spool, seq); /* not queued: the spool keeps it */
	}
	gw_metrics_request(gw->metrics, u.model, r->has_key ? r->key.id : "-", r->status, &u,
			   &rec.cost, cache_hit, (double)(uv_hrtime() - r->t0) / 1e9);
	gw_access_log(r, &u, &rec.cost);
}

/* ------------------------------------------------------------------ upstream request */

/* Append s unless an earlier append failed (rc): a head built piece by piece. Inline, so
 * a literal's length is a constant. */
static inline int put(lc_buf *b, int rc, const char *s)
{
	return rc ? rc : lc_buf_append(b, s, strlen(s));
}

static int put_u64(lc_buf *b, int rc, uint64_t v)
{
	char num[24];
	return rc ? rc : lc_buf_append(b, num, gw_fmt_u64(num, v));
}

static int build_upstream(gw_req *r)
{
	lc_gateway *gw = r->gw;
	gw_target *t = &r->targets[r->cur];
	gw_provider *p = &gw->cfg.providers[t->provider];
	const char *suffix = r->path + 3; /* after "/v1" */
	const char *body = r->body.data;
	size_t blen = r->body.len;

	/* Rewrite the body only when needed: another model name, usage for the stream, or
	 * the cap the reservation counted on (see reserve_amount). */
	if (strcmp(t->model, r->model_req) != 0 || r->inject_usage || r->inject_cap) {
		if (!body_tree(r))
			return LC_NOMEM;
		json_object_object_add(r->json, "model", json_object_new_string(t->model));
		if (r->inject_cap)
			json_object_object_add(r->json,
					       r->route == GW_R_RESPONSES ? "max_output_tokens"
									  : "max_tokens",
					       json_object_new_int64(r->inject_cap));
		if (r->inject_usage) {
			json_object *so = NULL;
			if (!json_object_object_get_ex(r->json, "stream_options", &so) ||
			    !json_object_is_type(so, json_type_object)) {
				so = json_object_new_object();
				json_object_object_add(r->json, "stream_options", so);
			}
			json_object_object_add(so, "include_usage", json_object_new_boolean(1));
		}
		body = json_object_to_json_string_ext(r->json, JSON_C_TO_STRING_PLAIN |
								       JSON_C_TO_STRING_NOSLASHESCAPE);
		blen = strlen(body);
	}
	lc_buf_reset(&r->up_req);
	/* Built with puts, not printf: this head is written for every request (vfprintf
	 * was ~9k instructions of the ~84k the loop spends per request). */
	{
		lc_buf *b = &r->up_req;
		int rc = put(b, 0, "POST ");
		rc = put(b, rc, p->path_prefix);
		rc = put(b, rc, suffix);
		rc = put(b, rc, " HTTP/1.1\r\nHost: ");
		rc = put(b, rc, p->host);
		rc = put(b, rc, ":");
		rc = put_u64(b, rc, (uint64_t)p->port);
		rc = put(b, rc, "\r\nContent-Type: application/json\r\nContent-Length: ");
		rc = put_u64(b, rc, blen);
		rc = put(b, rc, "\r\nx-llmcost-request-id: ");
		rc = put(b, rc, r->id);
		rc = put(b, rc, "\r\n");
		if (p->kind == GW_KIND_ANTHROPIC) {
			if (p->api_key[0]) {
				rc = put(b, rc, "x-api-key: ");
				rc = put(b, rc, p->api_key);
				rc = put(b, rc, "\r\n");
			}
			rc = put(b, rc, "anthropic-version: ");
			rc = put(b, rc, r->anth_version[0] ? r->anth_version : "2023-06-01");
			rc = put(b, rc, "\r\n");
			if (r->anth_beta[0]) {
				rc = put(b, rc, "anthropic-beta: ");
				rc = put(b, rc, r->anth_beta);
				rc = put(b, rc, "\r\n");
			}
		} else if (p->api_key[0]) {
			rc = put(b, rc, "Authorization: Bearer ");
			rc = put(b, rc, p->api_key);
			rc = put(b, rc, "\r\n");
		}
		if (r->stream)
			rc = put(b, rc, "Accept: text/event-stream\r\n");
		rc = put(b, rc, "\r\n");
		if (rc)
			return rc;
	}
	return lc_buf_append(&r->up_req, body, blen);
}

static void attempt(gw_req *r)
{
	int rc;
	r->cur = r->attempt % r->ntargets;
	r->attempt++;
	r->up_status = 0;
	r->up_clen = -1;
	r->received = 0;
	r->retry_this = 0;
	lc_buf_reset(&r->resp);
	if (build_upstream(r) != 0) {
		/* out of memory: nothing was sent (an earlier attempt got a 429/5xx, which is
		 * not billed); what was reserved is released */
		if (r->held)
			gw_budgets_settle(r->gw->budgets, &r->hold, lc_money_zero());
		r->held = 0;
		gw_rates_settle(r->gw->rates, r->key.id, &r->rhold, 0);
		gw_req_refuse(r, 500, "internal", "cannot build the upstream request", NULL);
		return;
	}
	if (r->gw->cfg.providers[r->targets[r->cur].provider].use_curl)
		rc = gw_curl_send(r->gw->curl, r->targets[r->cur].provider, r, r->up_req.data,
				  r->up_req.len, &r->cx);
	else
		rc = gw_ups_send(r->gw, r->targets[r->cur].provider, r, r->up_req.data,
				 r->up_req.len, &r->ups);
	if (rc) {
		r->ups = NULL;
		r->cx = NULL;
		gw_proxy_up_done(r, rc, 0);
	}
}

/* ------------------------------------------------------------------ entry */

void gw_llm_start(gw_req *r)
{
	lc_gateway *gw = r->gw;
	lc_usage tags;
	lc_money amount;
	char which[128], extra[64];
	int retry_after = 0, rc, unpriced;

	if (parse_body(r))
		return;
	if (r->has_key && !gw_model_allowed(&r->key, r->model_req)) {
		gw_req_refuse(r, 403, "permission_error", "this key may not use this model", NULL);
		return;
	}
	if (resolve(r)) {
		gw_req_refuse(r, 400, "invalid_request_error",
			      "no configured provider serves this model on this endpoint", NULL);
		return;
	}
	if (base_usage(r, &tags)) {
		gw_req_refuse(r, 400, "invalid_request_error",
			      "x-llmcost-tags must be k=v pairs separated by commas", NULL);
		return;
	}
	if (gw_meter_backlog(gw->meter) + (size_t)gw->ninflight >= gw->cfg.spool_max) {
		gw_req_refuse(r, 503, "overloaded", "the ledger is behind; retry shortly",
			      "Retry-After: 1\r\n");
		return;
	}
	rc = reserve_amount(r, &amount, &unpriced);
	if (rc == -2) {
		gw_req_refuse(r, 400, "invalid_request_error",
			      "input the body does not hold (images, files, audio; previous_response_id, "
			      "conversation, prompt) cannot be bounded for a model without a known "
			      "context window", NULL);
		return;
	}
	if (unpriced && !gw->cfg.allow_unpriced) {
		gw_req_refuse(r, 400, "invalid_request_error",
			      "no price is known for this model; refused (allow_unpriced is off)", NULL);
		return;
	}
	/* tokens per minute: the same worst case as the reservation (reserve_amount) */
	if (r->has_key && gw_rates_admit(gw->rates, &r->key, r->tok_bound, r->t_start, &r->rhold,
					 &retry_after)) {
		snprintf(extra, sizeof extra, "Retry-After: %d\r\n", retry_after);
		gw_req_refuse(r, 429, "rate_limit_error", "rate limit exceeded for this key", extra);
		return;
	}
	if (gw_budgets_reserve(gw->budgets, r->has_key ? r->key.id : "", amount, r->t_start,
			       &r->hold, which, sizeof which)) {
		char msg[200];
		gw_rates_settle(gw->rates, r->key.id, &r->rhold, 0);
		snprintf(msg, sizeof msg, "budget exceeded: %s", which);
		gw_req_refuse(r, 402, "budget_exceeded", msg, NULL);
		return;
	}
	r->held = 1;
	if (gw->cache && !r->stream) {
		const gw_cached *hit;
		/* the tenant, and the header rule that chose the deployments: the same body
		 * routed to another model is another question */
		char tenant[LC_KEY_ID_MAX + 16];
		snprintf(tenant, sizeof tenant, "%s\x1f%d", r->has_key ? r->key.id : "", r->rule);
		r->cache_on = gw_cache_key(tenant, r->path, r->body.data, r->body.len,
					   r->cache_key) == 0;
		if (r->cache_on && (hit = gw_cache_get(gw->cache, r->cache_key, r->t_start))) {
			lc_money saved = hit->cost;
			r->status = hit->status;
			meter(r, NULL, 1, saved);
			gw_req_send(r, hit->status, hit->content_type, hit->body, hit->len,
				    "x-llmcost-cache: hit\r\n");
			gw_req_free(r);
			return;
		}
	}
	r->inject_usage = r->stream && r->route == GW_R_CHAT && !r->asked_usage;
	attempt(r);
}

/* ------------------------------------------------------------------ upstream events */

static int retryable(int status)
{
	return status == 429 || status >= 500;
}

void gw_proxy_up_head(gw_req *r, const gw_head *h)
{
	const gw_hdr *ct = gw_http_find(h, "content-type");
	const gw_hdr *ra = gw_http_find(h, "retry-after");
	r->up_status = h->status;
	r->up_clen = h->content_length;
	r->up_ctype[0] = r->up_retry_after[0] = '\0';
	if (ct && ct->vlen < sizeof r->up_ctype) {
		memcpy(r->up_ctype, ct->val, ct->vlen);
		r->up_ctype[ct->vlen] = '\0';
	}
	if (ra && ra->vlen < sizeof r->up_retry_after) {
		memcpy(r->up_retry_after, ra->val, ra->vlen);
		r->up_retry_after[ra->vlen] = '\0';
	}
	if (retryable(h->status) && r->attempt < r->gw->cfg.max_attempts) {
		r->retry_this = 1; /* discard this body; try the next deployment */
		return;
	}
	r->status = h->status;
	if (h->status == 200 && r->stream && !strncmp(r->up_ctype, "text/event-stream", 17)) {
		char head[256];
		int n = snprintf(head, sizeof head,
				 "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
				 "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n"
				 "x-llmcost-request-id: %s\r\n%s\r\n",
				 r->id, r->keep_alive ? "" : "Connection: close\r\n");
		r->streaming = 1;
		lc_stream_usage_init(&r->su, shape_of(r->route),
				     r->gw->cfg.providers[r->targets[r->cur].provider].catalog, r->id);
		r->su_on = 1;
		if (r->conn)
			gw_conn_write(r->conn, head, (size_t)n);
	}
}

#define WQ_HIGH (1u << 20)  /* bytes queued to a client before its upstream pauses */
#define WQ_LOW (256u << 10)

static void resume(gw_req *r)
{
	if (!r->paused)
		return;
	r->paused = 0;
	if (r->cx)
		gw_curl_pause(r->cx, 0);
	else
		gw_ups_pause(r->ups, 0);
}

void gw_req_writable(gw_req *r)
{
	if (r->paused && (!r->conn ||
			  uv_stream_get_write_queue_size((uv_stream_t *)&r->conn->tcp) < WQ_LOW))
		resume(r);
}

typedef struct fwd {
	gw_req *r;
	lc_buf out;
} fwd;

/* One SSE event from upstream: keep usage-bearing events for metering; forward unless it is
 * the usage-only chunk we asked for on the client's behalf. */
static int on_event(void *ctx, const char *raw, size_t rawlen, const char *ev, size_t elen,
		    const char *data, size_t dlen)
{
	fwd *f = ctx;
	gw_req *r = f->r;
	int has_usage = dlen && memmem(data, dlen, "\"usage\"", 7) != NULL;
	int hold_back = 0;
	(void)ev;
	(void)elen;
	r->nevents++;
	r->received += (int64_t)dlen; /* read, whether or not a client is still there */
	/* the usage-only chunk we asked for on the client's behalf is held back */
	if (has_usage && r->inject_usage && memmem(data, dlen, "\"choices\":[]", 12))
		hold_back = 1;
	if (!hold_back && r->conn) {
		lc_buf_printf(&f->out, "%zx\r\n", rawlen);
		lc_buf_append(&f->out, raw, rawlen);
		lc_buf_puts(&f->out, "\r\n");
		r->delivered += (int64_t)dlen;
	}
	return 0;
}

void gw_proxy_up_body(gw_req *r, const char *p, size_t n)
{
	if (r->retry_this)
		return;
	if (r->streaming) {
		fwd f = {r, {0}};
		lc_error err;
		lc_buf_init(&f.out, 0);
		if (r->su_on && lc_stream_usage_feed(&r->su, p, n, &err) != 0)
			r->sse_error = 1;
		if (gw_sse_feed(&r->sse, p, n, on_event, &f) != 0)
			r->sse_error = 1;
		if (f.out.len && r->conn)
			gw_conn_write(r->conn, f.out.data, f.out.len);
		lc_buf_free(&f.out);
		/* A client slower than its upstream: stop reading upstream until it catches up,
		 * so a stream costs a bounded amount of memory. */
		if (r->conn && !r->paused &&
		    uv_stream_get_write_queue_size((uv_stream_t *)&r->conn->tcp) > WQ_HIGH) {
			r->paused = 1;
			r->gw->npaused++;
			if (r->cx)
				gw_curl_pause(r->cx, 1);
			else
				gw_ups_pause(r->ups, 1);
		}
		return;
	}
	if (lc_buf_append(&r->resp, p, n) != 0) {
		if (r->cx)
			gw_curl_abort(r->cx);
		else
			gw_ups_abort(r->ups);
		r->ups = NULL;
		r->cx = NULL;
		gw_proxy_up_done(r, LC_LIMIT, 1);
	}
}

void gw_proxy_up_done(gw_req *r, int err, int got_bytes)
{
	lc_gateway *gw = r->gw;
	r->ups = NULL;
	r->cx = NULL;
	if (err && !got_bytes && !r->stale_retry && r->up_status == 0) {
		/* a pooled connection closed under us, or a refused connect: one free retry */
		r->stale_retry = 1;
		r->attempt--;
		attempt(r);
		return;
	}
	if ((r->retry_this || (err && r->up_status == 0)) && r->attempt < gw->cfg.max_attempts &&
	    !r->streaming) {
		attempt(r);
		return;
	}
	if (r->streaming) {
		if (err)
			r->cut = 1;
		meter(r, r->cut ? (r->shutdown ? "shutdown" : "upstream_cut") : NULL, 0,
		      lc_money_zero());
		if (r->conn) {
			gw_conn *c = r->conn;
			r->conn = NULL;
			c->req = NULL;
			if (!err && !gw_sse_pending(&r->sse)) {
				gw_conn_write(c, "0\r\n\r\n", 5);
				gw_conn_done(c, r->keep_alive);
			} else {
				gw_conn_close(c); /* an unterminated chunked body says "cut" */
			}
		}
		gw_req_free(r);
		return;
	}
	if (err && r->up_status >= 200 && r->up_status < 300) {
		/* A 2xx head came, then the body was cut or outgrew max_response_bytes: the
		 * provider did the work and bills it. An estimate (meter), never a silent $0. */
		r->status = 502;
		r->cut = 1;
		meter(r, r->shutdown ? "shutdown" : err == LC_LIMIT ? "response_too_large" : "upstream_cut", 0,
		      lc_money_zero());
	} else if (err || r->up_status == 0) {
		r->status = 502;
		r->up_status = 0;
		meter(r, r->shutdown ? "shutdown" : "upstream_error", 0, lc_money_zero());
	}
	if (err || r->up_status == 0) {
		if (r->conn) {
			gw_conn *c = r->conn;
			r->conn = NULL;
			c->req = NULL;
			gw_send_error(c, 502, "upstream_error",
				      err == LC_LIMIT    ? "upstream response too large"
				      : err == LC_DENIED ? "upstream TLS certificate verification failed"
							 : "upstream unavailable",
				      r->id, NULL, r->keep_alive);
		}
		gw_req_free(r);
		return;
	}
	r->status = r->up_status;
	meter(r, NULL, 0, lc_money_zero());
	{
		char extra[64] = "";
		if (r->up_retry_after[0])
			snprintf(extra, sizeof extra, "Retry-After: %s\r\n", r->up_retry_after);
		gw_req_send(r, r->up_status, r->up_ctype[0] ? r->up_ctype : "application/json",
			    r->resp.data ? r->resp.data : "", r->resp.len, extra[0] ? extra : NULL);
	}
	if (r->cache_on && r->up_status == 200) {
		gw_cached v;
		lc_usage u;
		lc_cost c;
		memset(&v, 0, sizeof v);
		v.status = 200;
		snprintf(v.content_type, sizeof v.content_type, "%s",
			 r->up_ctype[0] ? r->up_ctype : "application/json");
		v.body = r->resp.data;
		v.len = r->resp.len;
		/* the saving of a future hit is this call's cost */
		if (lc_usage_from_response(r->resp.data, r->resp.len, shape_of(r->route),
					   gw->cfg.providers[r->targets[r->cur].provider].catalog, &u,
					   NULL) == 0) {
			snprintf(u.provider, sizeof u.provider, "%s",
				 gw->cfg.providers[r->targets[r->cur].provider].catalog);
			if (!u.model[0])
				gw_copy(u.model, sizeof u.model, r->targets[r->cur].model);
			if (price(gw, &u, &c) == 0)
				v.cost = c.total;
		}
		gw_cache_put(gw->cache, r->cache_key, &v, lc_time_now());
	}
	gw_req_free(r);
}

void gw_req_client_gone(gw_req *r)
{
	r->conn = NULL;
	if (!r->started) {
		gw_req_free(r); /* gone before the request was complete: nothing was sent */
		return;
	}
	resume(r); /* nobody to wait for now: drain at full speed */
	r->client_gone = 1;
	/* Keep reading upstream (drain policy): the row gets the full usage. */
}
