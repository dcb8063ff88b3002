/*
 * claude.c - one Claude Code JSONL line -> one normalized usage record.
 *
 * Claude Code writes a line per event to projects/<cwd-as-dashes>/<session>.jsonl; usage
 * sits on type:"assistant" lines in message.usage (Anthropic's shape: input_tokens excludes
 * cache reads and writes, which are added). What this reader does with a line, and why:
 *   - model "<synthetic>" (no API call was made) and isApiErrorMessage lines: skipped;
 *   - the dedup key is message.id + ":" + requestId, or message.id alone when the
 *     requestId is missing (gateways, sub-agents); the caller keeps one per key;
 *   - cache_creation.ephemeral_5m/1h split the cache writes (1-hour writes cost more);
 *     with only cache_creation_input_tokens, all of it counts as 5-minute writes, and a
 *     total larger than the split puts the remainder in 5m, so no token is dropped;
 *   - speed:"fast" sets LC_USAGE_FAST, isSidechain LC_USAGE_SIDECHAIN;
 *   - the project tag is the last folder of cwd (else the projects/ folder name);
 *   - anything malformed (truncated JSON, negative or fractional counts, a timestamp that
 *     does not parse) is AL_BAD: counted by the caller, never fatal.
 */
#include <stdio.h>
#include <string.h>

#include "agentlog/agentlog_int.h"

typedef struct cc_line {
	lc_usage *u;
	char type[16];
	char timestamp[48];
	char request_id[LC_ID_MAX];
	char msg_id[LC_ID_MAX];
	char cwd[AL_STR_MAX];
	char speed[16];
	char tier[24];
	int has_usage, has_in, has_out, has_cc_total, has_split;
	int sidechain, api_error;
	const char *cost_txt;
	size_t cost_len;
	int64_t cc_total, cc5, cc1;
} cc_line;

/* A string field into a fixed buffer: a value of another type is ignored. */
#define STR(s, buf) (lc_js_str((s), (buf), sizeof(buf), NULL) < 0 ? -1 : 0)

/* A token count; *has (may be NULL) records that the field was a number. */
static int count(lc_js *s, int64_t *v, int *has)
{
	int r = lc_js_count(s, v);
	if (r == 0 && has)
		*has = 1;
	return r < 0 ? -1 : 0;
}

/* The member callbacks below return 0 (read), 1 (not ours: skipped) or -1 (malformed). */

static int cache_creation_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	cc_line *l = ctx;
	if (LC_JS_KEY(k, kl, "ephemeral_5m_input_tokens"))
		return count(s, &l->cc5, &l->has_split);
	if (LC_JS_KEY(k, kl, "ephemeral_1h_input_tokens"))
		return count(s, &l->cc1, &l->has_split);
	return 1;
}

static int server_tool_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	cc_line *l = ctx;
	if (LC_JS_KEY(k, kl, "web_search_requests"))
		return count(s, &l->u->web_search_requests, NULL);
	return 1;
}

static int usage_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	cc_line *l = ctx;
	lc_usage *u = l->u;
	if (LC_JS_KEY(k, kl, "input_tokens"))
		return count(s, &u->input_tokens, &l->has_in);
	if (LC_JS_KEY(k, kl, "output_tokens"))
		return count(s, &u->output_tokens, &l->has_out);
	if (LC_JS_KEY(k, kl, "cache_read_input_tokens"))
		return count(s, &u->cache_read_tokens, NULL);
	if (LC_JS_KEY(k, kl, "cache_creation_input_tokens"))
		return count(s, &l->cc_total, &l->has_cc_total);
	if (LC_JS_KEY(k, kl, "cache_creation"))
		return lc_js_members(s, cache_creation_member, l) < 0 ? -1 : 0;
	if (LC_JS_KEY(k, kl, "server_tool_use"))
		return lc_js_members(s, server_tool_member, l) < 0 ? -1 : 0;
	if (LC_JS_KEY(k, kl, "speed"))
		return STR(s, l->speed);
	if (LC_JS_KEY(k, kl, "service_tier"))
		return STR(s, l->tier);
	return 1;
}

static int message_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	cc_line *l = ctx;
	int r;
	if (LC_JS_KEY(k, kl, "id"))
		return STR(s, l->msg_id);
	if (LC_JS_KEY(k, kl, "model"))
		return STR(s, l->u->model);
	if (LC_JS_KEY(k, kl, "usage")) {
		/* usage: null (or any non-object) is not a usage line */
		if ((r = lc_js_members(s, usage_member, l)) < 0)
			return -1;
		l->has_usage |= r;
		return 0;
	}
	return 1;
}

static int top_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	cc_line *l = ctx;
	if (LC_JS_KEY(k, kl, "type"))
		return STR(s, l->type);
	if (LC_JS_KEY(k, kl, "timestamp"))
		return STR(s, l->timestamp);
	if (LC_JS_KEY(k, kl, "sessionId"))
		return STR(s, l->u->session);
	if (LC_JS_KEY(k, kl, "cwd"))
		return STR(s, l->cwd);
	if (LC_JS_KEY(k, kl, "requestId"))
		return STR(s, l->request_id);
	if (LC_JS_KEY(k, kl, "isSidechain"))
		return lc_js_bool(s, &l->sidechain) < 0 ? -1 : 0;
	if (LC_JS_KEY(k, kl, "isApiErrorMessage"))
		return lc_js_bool(s, &l->api_error) < 0 ? -1 : 0;
	if (LC_JS_KEY(k, kl, "costUSD"))
		return lc_js_num_text(s, &l->cost_txt, &l->cost_len) < 0 ? -1 : 0;
	if (LC_JS_KEY(k, kl, "message")) /* user lines may carry a plain string here */
		return lc_js_members(s, message_member, l) < 0 ? -1 : 0;
	return 1;
}

void al_project_name(const char *cwd, const char *fallback, char *out, size_t cap)
{
	size_t n = strlen(cwd), k;
	const char *b;

	out[0] = '\0';
	while (n > 1 && (cwd[n - 1] == '/' || cwd[n - 1] == '\\'))
		n--;
	b = cwd + n;
	while (b > cwd && b[-1] != '/' && b[-1] != '\\')
		b--;
	k = (size_t)(cwd + n - b);
	if (k == 0 || (k == 1 && *b == '/')) {
		if (!fallback)
			return;
		b = fallback;
		k = strlen(fallback);
	}
	if (k >= cap) {
		k = cap - 1;
		while (k > 0 && ((unsigned char)b[k] & 0xC0) == 0x80)
			k--;
	}
	memcpy(out, b, k);
	out[k] = '\0';
}

static void set_id(lc_usage *u, const cc_line *l, const char *line, size_t len)
{
	int n;
	if (l->msg_id[0] && l->request_id[0])
		n = snprintf(u->id, sizeof u->id, "cc:%s:%s", l->msg_id, l->request_id);
	else if (l->msg_id[0])
		n = snprintf(u->id, sizeof u->id, "cc:%s", l->msg_id);
	else
		n = snprintf(u->id, sizeof u->id, "cc:line:%016llx",
			     (unsigned long long)al_hash64(line, len));
	if (n < 0 || (size_t)n >= sizeof u->id) {
		/* ids longer than a key: a stable hash of the full key stands in */
		char key[2 * LC_ID_MAX + 2];
		snprintf(key, sizeof key, "%s:%s", l->msg_id, l->request_id);
		snprintf(u->id, sizeof u->id, "cc:h:%016llx",
			 (unsigned long long)al_hash64(key, strlen(key)));
	}
}

int al_claude_line(const char *line, size_t len, const char *project_dir, lc_usage *u)
{
	cc_line l;
	lc_js s;

	memset(&l, 0, sizeof l);
	lc_usage_init(u);
	l.u = u;
	s.p = line;
	s.end = line + len;
	if (lc_js_members(&s, top_member, &l) != 1 || !lc_js_at_end(&s))
		return AL_BAD;
	if (!l.has_usage || (l.type[0] && strcmp(l.type, "assistant") != 0))
		return AL_SKIP;
	if (strcmp(u->model, "<synthetic>") == 0 || l.api_error)
		return AL_SKIP;
	if (!l.has_in || !l.has_out || !l.timestamp[0])
		return AL_BAD;
	if (lc_time_parse(l.timestamp, strlen(l.timestamp), 0, &u->time) < 0)
		return AL_BAD;

	/* cache writes: the split when present; a larger total's remainder counts as 5m */
	u->cache_write_5m_tokens = l.has_split ? l.cc5 : 0;
	u->cache_write_1h_tokens = l.has_split ? l.cc1 : 0;
	if (l.has_cc_total && l.cc_total > l.cc5 + l.cc1)
		u->cache_write_5m_tokens += l.cc_total - (l.has_split ? l.cc5 + l.cc1 : 0);

	memcpy(u->provider, "anthropic", sizeof "anthropic");
	if (!u->model[0])
		memcpy(u->model, "unknown", sizeof "unknown");
	if (strcmp(l.speed, "fast") == 0)
		u->flags |= LC_USAGE_FAST;
	if (l.sidechain)
		u->flags |= LC_USAGE_SIDECHAIN;
	if (l.tier[0] && lc_tier_parse(l.tier, &u->tier) < 0)
		u->tier = LC_TIER_STANDARD;
	if (l.cost_txt && lc_money_parse(l.cost_txt, l.cost_len, &u->source_cost) == 0) {
		u->has_source_cost = 1;
		memcpy(u->source_currency, "USD", 4);
	}
	{
		char proj[LC_TAG_VAL_MAX];
		al_project_name(l.cwd, project_dir, proj, sizeof proj);
		if (proj[0])
			lc_usage_set_tag(u, "project", proj);
	}
	set_id(u, &l, line, len);
	return AL_REC;
}
