/*
 * response.c - one saved provider response to one usage record: tell JSON from an SSE
 * stream, tell the provider API from the body's shape, and dispatch to its normalizer.
 * A JSON array is a Gemini REST stream (streamGenerateContent without alt=sse).
 */
#include <stdio.h>
#include <string.h>

#include "usage/usage_int.h"

static int has(json_object *o, const char *path)
{
	return lcu_get(o, path) != NULL;
}

lc_shape lcu_detect_shape(json_object *root)
{
	const char *obj, *type, *id;

	if (!root || !json_object_is_type(root, json_type_object))
		return LC_SHAPE_AUTO;
	obj = lcu_cstr(root, "object");
	type = lcu_cstr(root, "type");
	if (obj) {
		if (strncmp(obj, "chat.completion", 15) == 0 || strcmp(obj, "text_completion") == 0)
			return LC_SHAPE_OPENAI_CHAT;
		if (strcmp(obj, "response") == 0)
			return LC_SHAPE_OPENAI_RESPONSES;
		if (strcmp(obj, "list") == 0 && has(root, "usage"))
			return LC_SHAPE_OPENAI_EMBEDDINGS;
	}
	if (type) {
		if (strcmp(type, "message") == 0 || strncmp(type, "message_", 8) == 0 ||
		    strncmp(type, "content_block_", 14) == 0 || strcmp(type, "ping") == 0)
			return LC_SHAPE_ANTHROPIC;
		if (strncmp(type, "response.", 9) == 0)
			return LC_SHAPE_OPENAI_RESPONSES;
	}
	if (has(root, "usageMetadata") || has(root, "candidates"))
		return LC_SHAPE_GEMINI;
	if (has(root, "choices") || has(root, "usage.completion_tokens"))
		return LC_SHAPE_OPENAI_CHAT;
	if (has(root, "usage.prompt_tokens"))
		return LC_SHAPE_OPENAI_EMBEDDINGS;
	if (has(root, "usage.cache_read_input_tokens") ||
	    has(root, "usage.cache_creation_input_tokens"))
		return LC_SHAPE_ANTHROPIC;
	if (has(root, "usage.input_tokens_details") || has(root, "usage.output_tokens_details"))
		return LC_SHAPE_OPENAI_RESPONSES;
	id = lcu_cstr(root, "id");
	if (id && strncmp(id, "msg_", 4) == 0)
		return LC_SHAPE_ANTHROPIC;
	if (id && strncmp(id, "resp_", 5) == 0)
		return LC_SHAPE_OPENAI_RESPONSES;
	return LC_SHAPE_AUTO;
}

int lcu_norm_json(const lcu_src *s, json_object *root, lc_shape shape, const char *hint,
		  lc_usage *u, lc_error *err)
{
	json_object *e;

	if (!json_object_is_type(root, json_type_object))
		return lcu_fail(s, 0, LC_PARSE, err, "expected a JSON object");
	e = lcu_get(root, "error");
	if (e && !has(root, "usage") && !has(root, "usageMetadata")) {
		const char *m = lcu_cstr(e, "message");
		char c[200];
		return lcu_fail_key(s, "error", LC_PARSE, err,
				    "an API error response carries no usage: %s",
				    lcu_clean(m ? m : json_object_to_json_string(e), c, sizeof c));
	}
	if (shape == LC_SHAPE_AUTO)
		shape = lcu_detect_shape(root);
	switch (shape) {
	case LC_SHAPE_OPENAI_CHAT: return lcu_norm_openai_chat(s, root, hint, u, err);
	case LC_SHAPE_OPENAI_RESPONSES: return lcu_norm_openai_responses(s, root, hint, u, err);
	case LC_SHAPE_OPENAI_EMBEDDINGS: return lcu_norm_openai_embeddings(s, root, hint, u, err);
	case LC_SHAPE_ANTHROPIC: return lcu_norm_anthropic(s, root, hint, u, err);
	case LC_SHAPE_GEMINI: return lcu_norm_gemini(s, root, hint, u, err);
	case LC_SHAPE_AUTO: break;
	}
	return lcu_fail(s, 0, LC_PARSE, err,
			"not a response of a known provider API (no usage, usageMetadata or "
			"recognisable object type)");
}

int lcu_from_value(const lcu_src *s, json_object *root, lc_shape shape, const char *hint,
		   lc_usage *u, lc_error *err)
{
	int rc, got = 0;

	if (json_object_is_type(root, json_type_array)) {
		size_t i, n = json_object_array_length(root);
		if (n == 0)
			return lcu_fail(s, 0, LC_PARSE, err, "empty array: no response in it");
		for (i = 0; i < n; i++) {
			rc = lcu_norm_json(s, json_object_array_get_idx(root, i), shape, hint, u, err);
			if (rc < 0)
				return rc;
			got |= rc == 1;
		}
	} else {
		if ((rc = lcu_norm_json(s, root, shape, hint, u, err)) < 0)
			return rc;
		got = rc == 1;
	}
	if (!got)
		u->flags |= LC_USAGE_NO_USAGE;
	if (!u->provider[0])
		lcu_set_provider(u, hint, "openai");
	return LC_OK;
}

void lcu_body_id(lc_usage *u, const char *data, size_t len)
{
	char hash[32];
	const char *parts[2] = {u->provider, hash};
	snprintf(hash, sizeof hash, "body-%016llx",
		 (unsigned long long)lcu_fnv1a(data, len, LCU_FNV_INIT));
	lcu_set_id(u, parts, 2);
}

int lc_usage_from_text(const char *name, const char *data, size_t len, lc_shape shape,
		       const char *hint_provider, lc_usage *out, lc_error *err)
{
	char hint[LC_PROVIDER_MAX];
	const char *h = NULL;
	lcu_src s;
	size_t i;
	int rc;

	lc_usage_init(out);
	if (hint_provider && *hint_provider) {
		if (lc_provider_normalize(hint_provider, hint) != LC_OK)
			return lc_error_set(err, LC_INVAL, "bad provider name '%.60s'", hint_provider);
		h = hint;
	}
	s.name = name ? name : "response";
	s.text = data;
	s.len = len;
	s.line = 1;
	s.col = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		s.text += 3; /* a byte order mark from a Windows editor: harmless */
		s.len -= 3;
		s.col = 4;
	}
	for (i = 0; i < s.len && lcu_is_space(s.text[i]); i++)
		;
	if (i == s.len)
		return lc_error_set(err, LC_PARSE, "%s: empty input", s.name);
	if (s.text[i] == '{' || s.text[i] == '[') {
		json_object *root = NULL;
		rc = lcu_json_parse(&s, NULL, &root, err);
		if (rc == LC_OK)
			rc = lcu_from_value(&s, root, shape, h, out, err);
		json_object_put(root);
	} else {
		lc_stream_usage st;
		lc_stream_usage_init(&st, shape, h, s.name);
		rc = lc_stream_usage_feed(&st, s.text, s.len, err);
		if (rc == LC_OK)
			rc = lc_stream_usage_finish(&st, out, err);
		lc_stream_usage_free(&st);
	}
	if (rc < 0)
		return rc;
	if (!out->provider[0])
		lcu_set_provider(out, h, "openai");
	if (!out->id[0])
		lcu_body_id(out, data, len);
	return LC_OK;
}

int lc_usage_from_response(const char *data, size_t len, lc_shape shape,
			   const char *hint_provider, lc_usage *out, lc_error *err)
{
	/* The gateway's hot path: an OpenAI chat body read without building a tree when the
	 * fast reader is sure it reads it as the json-c one would (fast.c). */
	if (shape == LC_SHAPE_OPENAI_CHAT) {
		char hint[LC_PROVIDER_MAX];
		const char *h = NULL;
		if (hint_provider && *hint_provider &&
		    lc_provider_normalize(hint_provider, hint) == LC_OK)
			h = hint;
		if ((h || !hint_provider || !*hint_provider) && lcu_fast_openai_chat(data, len, h, out))
			return LC_OK;
	}
	return lc_usage_from_text(NULL, data, len, shape, hint_provider, out, err);
}
