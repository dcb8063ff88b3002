/*
 * anthropic.c - Anthropic Messages usage (a message, a stream's message_start and
 * message_delta, a batch result; Claude Code lines carry the same object).
 *
 * Anthropic's input_tokens EXCLUDES cache reads and writes (pitfall 3): the three are
 * disjoint already. Cache writes are split 5-minute / 1-hour from cache_creation.*
 * (pitfall 8, the 1h rate is 2x input, the 5m one 1.25x); when only the total
 * cache_creation_input_tokens is given, or the split covers less than the total, the rest
 * counts as 5m (never dropped). Stream deltas are cumulative (pitfall 9), so a field present
 * in a later object REPLACES the earlier value; absent fields keep theirs.
 */
#include <string.h>

#include "usage/usage_int.h"

static int cache_writes(const lcu_src *s, json_object *us, lc_usage *u, lc_error *err)
{
	int64_t total, w5, w1;
	int has_total, has5, has1;

	if ((has_total = lcu_tokens(s, us, "cache_creation_input_tokens", 0, &total, err)) < 0)
		return has_total;
	if ((has5 = lcu_tokens(s, us, "cache_creation.ephemeral_5m_input_tokens", 0, &w5, err)) <
	    0)
		return has5;
	if ((has1 = lcu_tokens(s, us, "cache_creation.ephemeral_1h_input_tokens", 0, &w1, err)) <
	    0)
		return has1;
	if (has5 || has1) {
		u->cache_write_5m_tokens = w5;
		u->cache_write_1h_tokens = w1;
		if (has_total && total > w5 + w1)
			u->cache_write_5m_tokens += total - (w5 + w1);
		return LC_OK;
	}
	if (!has_total || total == u->cache_write_5m_tokens + u->cache_write_1h_tokens)
		return LC_OK; /* nothing new: keep a split an earlier event gave */
	if (total >= u->cache_write_1h_tokens) {
		u->cache_write_5m_tokens = total - u->cache_write_1h_tokens;
	} else {
		u->cache_write_5m_tokens = total;
		u->cache_write_1h_tokens = 0;
	}
	return LC_OK;
}

int lcu_norm_anthropic_usage(const lcu_src *s, json_object *us, lc_usage *u, lc_error *err)
{
	const char *v;
	int64_t n;
	int rc;

	if (!json_object_is_type(us, json_type_object))
		return lcu_fail_key(s, "usage", LC_PARSE, err, "'usage': expected an object");
	if ((rc = lcu_tokens(s, us, "input_tokens", 0, &n, err)) < 0)
		return rc;
	if (rc)
		u->input_tokens = n;
	if ((rc = lcu_tokens(s, us, "cache_read_input_tokens", 0, &n, err)) < 0)
		return rc;
	if (rc)
		u->cache_read_tokens = n;
	if ((rc = cache_writes(s, us, u, err)) < 0)
		return rc;
	if ((rc = lcu_tokens(s, us, "output_tokens", 0, &n, err)) < 0)
		return rc;
	if (rc)
		u->output_tokens = n;
	if ((rc = lcu_tokens(s, us, "output_tokens_details.thinking_tokens", 0, &n, err)) < 0)
		return rc;
	if (rc)
		u->reasoning_tokens = n;
	if ((rc = lcu_tokens(s, us, "server_tool_use.web_search_requests", 0, &n, err)) < 0)
		return rc;
	if (rc)
		u->web_search_requests = n;
	lcu_set_tier(u, lcu_cstr(us, "service_tier"));
	v = lcu_cstr(us, "speed");
	if (v && strcmp(v, "fast") == 0)
		u->flags |= LC_USAGE_FAST;
	v = lcu_cstr(us, "inference_geo");
	if (v && *v && strcmp(v, "global") != 0 && strcmp(v, "not_available") != 0)
		lc_usage_set_tag(u, "inference_geo", v);
	return LC_OK;
}

int lcu_norm_anthropic(const lcu_src *s, json_object *msg, const char *hint, lc_usage *u,
		       lc_error *err)
{
	json_object *us;
	int rc;

	if (!u->provider[0])
		lcu_set_provider(u, hint, "anthropic");
	if ((rc = lcu_take_id(s, msg, "id", u, err)) < 0)
		return rc;
	if ((rc = lcu_str(s, msg, "model", u->model, sizeof u->model, err)) < 0)
		return rc;
	us = lcu_get(msg, "usage");
	if (!us)
		return 0;
	rc = lcu_norm_anthropic_usage(s, us, u, err);
	return rc < 0 ? rc : 1;
}
