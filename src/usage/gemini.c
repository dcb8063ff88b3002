/*
 * gemini.c - Google Gemini usageMetadata (generateContent, streamed chunks, Vertex AI).
 *
 * Gemini is the exception to "reasoning is inside output" (pitfall 5): thoughtsTokenCount
 * is NOT in candidatesTokenCount, so billable output = candidates + thoughts. Like OpenAI,
 * promptTokenCount INCLUDES cachedContentTokenCount (pitfall 1); toolUsePromptTokenCount is
 * extra input beside the prompt (totalTokenCount = prompt + candidates + thoughts + toolUse).
 */
#include <string.h>

#include "usage/usage_int.h"

int lcu_norm_gemini(const lcu_src *s, json_object *root, const char *hint, lc_usage *u,
		    lc_error *err)
{
	int64_t prompt, cached, cand, thoughts, tool;
	const char *t;
	json_object *um;
	int rc;

	if (!u->provider[0])
		lcu_set_provider(u, hint, "google");
	if ((rc = lcu_take_id(s, root, "responseId", u, err)) < 0)
		return rc;
	if ((rc = lcu_str(s, root, "modelVersion", u->model, sizeof u->model, err)) < 0)
		return rc;
	t = lcu_cstr(root, "createTime"); /* Vertex AI */
	if (t)
		lc_time_parse(t, strlen(t), 0, &u->time); /* informative; ignored when odd */
	t = lcu_cstr(root, "usageMetadata.trafficType");
	if (t && *t)
		lc_usage_set_tag(u, "traffic_type", t);
	um = lcu_get(root, "usageMetadata");
	if (!um)
		return 0;
	if (!json_object_is_type(um, json_type_object))
		return lcu_fail_key(s, "usageMetadata", LC_PARSE, err,
				    "'usageMetadata': expected an object");
	if ((rc = lcu_tokens(s, um, "promptTokenCount", 0, &prompt, err)) < 0 ||
	    (rc = lcu_tokens(s, um, "cachedContentTokenCount", 0, &cached, err)) < 0 ||
	    (rc = lcu_tokens(s, um, "candidatesTokenCount", 0, &cand, err)) < 0 ||
	    (rc = lcu_tokens(s, um, "thoughtsTokenCount", 0, &thoughts, err)) < 0 ||
	    (rc = lcu_tokens(s, um, "toolUsePromptTokenCount", 0, &tool, err)) < 0)
		return rc;
	if (cached > prompt)
		return lcu_fail_key(s, "cachedContentTokenCount", LC_PARSE, err,
				    "cachedContentTokenCount (%lld) exceeds promptTokenCount (%lld)",
				    (long long)cached, (long long)prompt);
	u->input_tokens = prompt - cached + tool;
	u->cache_read_tokens = cached;
	u->cache_write_5m_tokens = u->cache_write_1h_tokens = 0;
	u->output_tokens = cand + thoughts;
	u->reasoning_tokens = thoughts;
	return 1;
}
