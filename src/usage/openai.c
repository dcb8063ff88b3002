/*
 * openai.c - OpenAI-shaped usage: Chat Completions (and the many OpenAI-compatible APIs:
 * DeepSeek, Groq, xAI, Mistral, Moonshot, ...), the Responses API and embeddings.
 *
 * The trap this file exists to avoid (FORMATS.md pitfalls 1, 2, 4): cached_tokens and
 * cache_write_tokens are SUBSETS of prompt_tokens, so uncached input is prompt minus both;
 * reasoning is INSIDE completion_tokens, except for providers that report it beside
 * (xAI), which we detect from the provider or from total_tokens adding up that way.
 */
#include <string.h>

#include "usage/usage_int.h"

/* id, model, created and service tier: whatever of them the object carries. */
static int meta(const lcu_src *s, json_object *root, const char *created_key, lc_usage *u,
		lc_error *err)
{
	json_object *t;
	int rc;

	if ((rc = lcu_take_id(s, root, "id", u, err)) < 0)
		return rc;
	rc = lcu_str(s, root, "model", u->model, sizeof u->model, err);
	if (rc < 0)
		return rc;
	t = lcu_get(root, created_key);
	if (t && json_object_is_type(t, json_type_int) && json_object_get_int64(t) > 0 &&
	    json_object_get_int64(t) < INT64_C(100000000000))
		u->time = json_object_get_int64(t) * 1000;
	lcu_set_tier(u, lcu_cstr(root, "service_tier"));
	return LC_OK;
}

/* What every OpenAI shape starts with: provider, metadata, and the usage object (Groq
 * streams put it in x_groq.usage). Returns 1 with *us set, 0 without usage, <0 on error. */
static int begin(const lcu_src *s, json_object *root, const char *hint, const char *created_key,
		 lc_usage *u, json_object **us, lc_error *err)
{
	int rc;

	if (!u->provider[0])
		lcu_set_provider(u, hint, "openai");
	if ((rc = meta(s, root, created_key, u, err)) < 0)
		return rc;
	*us = lcu_get(root, "usage");
	if (!*us)
		*us = lcu_get(root, "x_groq.usage");
	if (!*us)
		return 0;
	if (!json_object_is_type(*us, json_type_object))
		return lcu_fail_key(s, "usage", LC_PARSE, err, "'usage': expected an object");
	return 1;
}

int lcu_split_input(const lcu_src *s, const char *what, int64_t total, int64_t cached,
		       int64_t written, lc_usage *u, lc_error *err)
{
	if (cached + written > total)
		return lcu_fail_key(s, what, LC_PARSE, err,
				    "cached (%lld) + cache-write (%lld) tokens exceed '%s' (%lld)",
				    (long long)cached, (long long)written, what, (long long)total);
	u->input_tokens = total - cached - written;
	u->cache_read_tokens = cached;
	u->cache_write_5m_tokens = written;
	u->cache_write_1h_tokens = 0;
	return LC_OK;
}

/* Split a chat-style usage object's counts into the record (shared with the gateway's fast
 * path, fast.c, so both readers apply the same rules). */
int lcu_chat_apply(const lcu_src *s, const lcu_chat *c, lc_usage *u, lc_error *err)
{
	int rc;

	/* LiteLLM answering for Anthropic in this shape names cache writes
	 * cache_creation_input_tokens and folds them into prompt_tokens (pitfall 2); an older
	 * proxy left them out, which shows as writes that do not fit: then they are beside it */
	if (c->written == 0 && c->has_creation && c->cached <= c->prompt &&
	    c->cached + c->creation > c->prompt) {
		if ((rc = lcu_split_input(s, "prompt_tokens", c->prompt, c->cached, 0, u, err)) < 0)
			return rc;
		u->cache_write_5m_tokens = c->creation;
	} else if ((rc = lcu_split_input(s, "prompt_tokens", c->prompt, c->cached,
					 c->written == 0 && c->has_creation ? c->creation : c->written,
					 u, err)) < 0) {
		return rc;
	}
	u->output_tokens = c->completion;
	u->reasoning_tokens = c->reasoning;
	/* Reasoning reported beside completion_tokens, not inside it: xAI always; anyone
	 * whose total adds up only that way; and a "subset" larger than its set. */
	if (c->reasoning > 0 &&
	    (strcmp(u->provider, "x-ai") == 0 || c->reasoning > c->completion ||
	     (c->total == c->prompt + c->completion + c->reasoning &&
	      c->total != c->prompt + c->completion)))
		u->output_tokens = c->completion + c->reasoning;
	return LC_OK;
}

/* Normalize a chat-style usage object (prompt_tokens / completion_tokens). */
static int chat_usage(const lcu_src *s, json_object *us, lc_usage *u, lc_error *err)
{
	lcu_chat c = {0};
	int64_t v;
	int rc;

	if ((rc = lcu_tokens(s, us, "prompt_tokens", 1, &c.prompt, err)) < 0 ||
	    (rc = lcu_tokens(s, us, "completion_tokens", 0, &c.completion, err)) < 0 ||
	    (rc = lcu_tokens(s, us, "prompt_tokens_details.cache_write_tokens", 0, &c.written,
			     err)) < 0 ||
	    (rc = lcu_tokens(s, us, "completion_tokens_details.reasoning_tokens", 0, &c.reasoning,
			     err)) < 0 ||
	    (rc = lcu_tokens(s, us, "total_tokens", 0, &c.total, err)) < 0)
		return rc;
	/* cache hits: OpenAI's spelling first, then DeepSeek's, Moonshot's and xAI's */
	{
		static const char *const keys[] = {"prompt_tokens_details.cached_tokens",
						   "prompt_cache_hit_tokens", "cached_tokens",
						   "cached_prompt_text_tokens"};
		size_t i;
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			rc = lcu_tokens(s, us, keys[i], 0, &c.cached, err);
			if (rc < 0)
				return rc;
			if (rc == 1)
				break;
		}
	}
	if (c.reasoning == 0) {
		rc = lcu_tokens(s, us, "reasoning_tokens", 0, &v, err); /* xAI native flavour */
		if (rc < 0)
			return rc;
		c.reasoning = v;
	}
	/* LiteLLM answering for Anthropic in this shape: cache writes as
	 * cache_creation_input_tokens (pitfall 2; applied in lcu_chat_apply) */
	if ((rc = lcu_tokens(s, us, "cache_creation_input_tokens", 0, &c.creation, err)) < 0)
		return rc;
	c.has_creation = rc == 1;
	return lcu_chat_apply(s, &c, u, err);
}

int lcu_norm_openai_chat(const lcu_src *s, json_object *root, const char *hint, lc_usage *u,
			 lc_error *err)
{
	json_object *us;
	int rc = begin(s, root, hint, "created", u, &us, err);

	if (rc <= 0)
		return rc;
	rc = chat_usage(s, us, u, err);
	return rc < 0 ? rc : 1;
}

int lcu_norm_openai_responses(const lcu_src *s, json_object *root, const char *hint,
			      lc_usage *u, lc_error *err)
{
	int64_t input, cached, written;
	json_object *us;
	int rc = begin(s, root, hint, "created_at", u, &us, err);

	if (rc <= 0)
		return rc;
	if ((rc = lcu_tokens(s, us, "input_tokens", 1, &input, err)) < 0 ||
	    (rc = lcu_tokens(s, us, "input_tokens_details.cached_tokens", 0, &cached, err)) < 0 ||
	    (rc = lcu_tokens(s, us, "input_tokens_details.cache_write_tokens", 0, &written, err)) <
		    0 ||
	    (rc = lcu_tokens(s, us, "output_tokens", 1, &u->output_tokens, err)) < 0 ||
	    (rc = lcu_tokens(s, us, "output_tokens_details.reasoning_tokens", 0,
			     &u->reasoning_tokens, err)) < 0)
		return rc;
	if ((rc = lcu_split_input(s, "input_tokens", input, cached, written, u, err)) < 0)
		return rc;
	return 1;
}

int lcu_norm_openai_embeddings(const lcu_src *s, json_object *root, const char *hint,
			       lc_usage *u, lc_error *err)
{
	json_object *us;
	int rc = begin(s, root, hint, "created", u, &us, err);

	if (rc <= 0)
		return rc;
	if ((rc = lcu_tokens(s, us, "prompt_tokens", 1, &u->input_tokens, err)) < 0)
		return rc;
	return 1;
}
