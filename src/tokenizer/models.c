/*
 * models.c - which tokenizer a model uses, what a chat request adds to its text, and how
 * the input tokens of a request body are counted.
 *
 * The map follows tiktoken's own model table (model_to_encoding.json in npm tiktoken
 * 1.0.22) for OpenAI models, matched by prefix at a name boundary, longest prefix first
 * ("gpt-4o-mini-2024-07-18" is gpt-4o, "gpt-4-0613" is gpt-4). Chat overhead is the
 * recipe OpenAI publishes in the openai-cookbook ("How to count tokens with tiktoken"):
 * 3 tokens per message, 1 more for a "name", 3 to prime the reply (4 and -1 for the old
 * gpt-3.5-turbo-0301).
 *
 * Claude and Gemini have no public tokenizer. For them the count is an ESTIMATE: the
 * o200k_base count times a ratio, always labelled as such with its basis. The ratios are
 * rules of thumb, not measurements made by llmcost: Anthropic's and Google's
 * count-tokens endpoints are the exact answer (see docs/estimate.md).
 */
#include <ctype.h>
#include <string.h>

#include <json-c/json.h>

#include "tokenizer/internal.h"

static const char OPENAI_BASIS[] =
	"exact: tiktoken's encoding for this model; chat overhead per OpenAI's cookbook";

static const struct entry {
	const char *prefix;
	const char *encoding;
	int num, den;  /* estimate ratio; 0 = exact */
	int per_message, per_name, priming;
	const char *basis;
} map[] = {
	{"gpt-5", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"gpt-4.1", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"gpt-4.5", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"gpt-4o", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"chatgpt-4o", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"gpt-oss", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"o1", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"o3", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"o4", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"codex-mini", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"computer-use-preview", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"omni-moderation", "o200k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"gpt-4", "cl100k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"gpt-3.5-turbo-0301", "cl100k_base", 0, 0, 4, -1, 3, OPENAI_BASIS},
	{"gpt-3.5", "cl100k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"gpt-35", "cl100k_base", 0, 0, 3, 1, 3, OPENAI_BASIS},
	{"text-embedding-3", "cl100k_base", 0, 0, 0, 0, 0, OPENAI_BASIS},
	{"text-embedding-ada-002", "cl100k_base", 0, 0, 0, 0, 0, OPENAI_BASIS},
	{"davinci-002", "cl100k_base", 0, 0, 0, 0, 0, OPENAI_BASIS},
	{"babbage-002", "cl100k_base", 0, 0, 0, 0, 0, OPENAI_BASIS},
	{"claude", "o200k_base", 6, 5, 3, 0, 3,
	 "estimate: no public Claude tokenizer; o200k_base count x 1.2, an uncalibrated rule of "
	 "thumb (Claude's tokenizer yields more tokens than OpenAI's on typical text); "
	 "Anthropic's count_tokens API is exact"},
	{"gemini", "o200k_base", 1, 1, 3, 0, 3,
	 "estimate: no public Gemini tokenizer; o200k_base count x 1.0, an uncalibrated rule of "
	 "thumb; Google's countTokens API is exact"},
};
#define NMAP (sizeof map / sizeof map[0])

const char *lc_tok_model_list(void)
{
	return "gpt-5, gpt-4.1, gpt-4.5, gpt-4o, chatgpt-4o, gpt-oss, o1, o3, o4, codex-mini, "
	       "computer-use-preview, omni-moderation, gpt-4, gpt-3.5, text-embedding-3, "
	       "text-embedding-ada-002, davinci-002, babbage-002 (exact); claude, gemini "
	       "(estimates)";
}

int lc_tok_model_find(const char *model, lc_tok_model *out, lc_error *err)
{
	const char *name = model ? model : "", *slash = strrchr(name, '/');
	const struct entry *best = NULL;
	size_t i, bestlen = 0;

	if (slash)
		name = slash + 1; /* "openai/gpt-4o", "anthropic/claude-..." */
	for (i = 0; i < NMAP; i++) {
		size_t n = strlen(map[i].prefix);
		if (strncmp(name, map[i].prefix, n) == 0 && !isalnum((unsigned char)name[n]) &&
		    n > bestlen) {
			best = &map[i];
			bestlen = n;
		}
	}
	if (!best)
		return lc_error_set(err, LC_NOTFOUND,
				    "no tokenizer known for model '%s' (known: %s)", name,
				    lc_tok_model_list());
	memset(out, 0, sizeof *out);
	out->family = best->prefix;
	if (lc_encoding_find(best->encoding, &out->enc, err) != LC_OK)
		return LC_INTERNAL;
	out->exact = best->num == 0;
	out->ratio_num = best->num ? best->num : 1;
	out->ratio_den = best->den ? best->den : 1;
	out->per_message = best->per_message;
	out->per_name = best->per_name;
	out->reply_priming = best->priming;
	out->basis = best->basis;
	return LC_OK;
}

size_t lc_tok_model_scale(const lc_tok_model *m, size_t count)
{
	if (m->exact || m->ratio_num == m->ratio_den)
		return count;
	return (count * (size_t)m->ratio_num + (size_t)m->ratio_den - 1) / (size_t)m->ratio_den;
}

/* ------------------------------------------------------------------ chat bodies */

/* The running count of one request: tokens in the model's encoding, before scaling. */
typedef struct chat_count {
	const lc_tok_model *m;
	size_t tokens, skipped;
	lc_error *err;
} chat_count;

static int add_text(chat_count *cc, const char *s, size_t len)
{
	size_t n;
	int rc = lc_tok_count(cc->m->enc, s, len, &n, cc->err);
	if (rc == LC_OK)
		cc->tokens += n;
	return rc;
}

static int add_str(chat_count *cc, json_object *o)
{
	return add_text(cc, json_object_get_string(o), (size_t)json_object_get_string_len(o));
}

/* Content: a string, or an array of parts where text parts ({"type":"text","text"}) count
 * and the rest (images, audio, tool results without text) are noted as skipped. */
static int add_content(chat_count *cc, json_object *content)
{
	size_t i, n;
	int rc;
	if (json_object_is_type(content, json_type_string))
		return add_str(cc, content);
	if (!json_object_is_type(content, json_type_array)) {
		if (!json_object_is_type(content, json_type_null))
			cc->skipped++;
		return LC_OK;
	}
	n = json_object_array_length(content);
	for (i = 0; i < n; i++) {
		json_object *part = json_object_array_get_idx(content, i), *text;
		if (json_object_is_type(part, json_type_string)) {
			if ((rc = add_str(cc, part)) != LC_OK)
				return rc;
		} else if (json_object_object_get_ex(part, "text", &text) &&
			   json_object_is_type(text, json_type_string)) {
			if ((rc = add_str(cc, text)) != LC_OK)
				return rc;
		} else if (json_object_object_get_ex(part, "content", &text)) {
			if ((rc = add_content(cc, text)) != LC_OK) /* tool_result blocks */
				return rc;
		} else {
			cc->skipped++;
		}
	}
	return LC_OK;
}

/* One message: per-message overhead plus every string field (role, content, name...),
 * as the cookbook counts them. */
static int add_message(chat_count *cc, json_object *msg, size_t index)
{
	int rc;
	if (!json_object_is_type(msg, json_type_object))
		return lc_error_set(cc->err, LC_PARSE, "messages[%zu] is not an object", index);
	cc->tokens += (size_t)cc->m->per_message;
	json_object_object_foreach(msg, key, val)
	{
		if (strcmp(key, "content") == 0)
			rc = add_content(cc, val);
		else if (json_object_is_type(val, json_type_string))
			rc = add_str(cc, val);
		else {
			cc->skipped++; /* tool_calls, function_call: not counted */
			rc = LC_OK;
		}
		if (rc != LC_OK)
			return lc_error_prefix(cc->err, "messages[%zu].%s: ", index, key);
		if (strcmp(key, "name") == 0)
			cc->tokens += (size_t)cc->m->per_name; /* may be -1 (gpt-3.5-turbo-0301) */
	}
	return LC_OK;
}

#define CHAT_MAX_DEPTH 64

int lc_tok_count_chat(const lc_tok_model *m, const char *body, size_t len, size_t *tokens,
		      size_t *skipped, lc_error *err)
{
	chat_count cc = {m, 0, 0, err};
	struct json_tokener *tok = NULL;
	json_object *root = NULL, *msgs, *sys;
	size_t i, n;
	int rc = LC_OK;

	if (len > LC_TOK_MAX_INPUT || len > (size_t)INT32_MAX) {
		rc = lc_error_set(err, LC_LIMIT, "request body of %zu bytes is too large", len);
		goto out;
	}
	if (!(tok = json_tokener_new_ex(CHAT_MAX_DEPTH))) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, body, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) < len) {
		size_t end = json_tokener_get_parse_end(tok);
		while (end < len && strchr(" \t\r\n", body[end]) && body[end])
			end++;
		if (!root || end < len) {
			rc = lc_error_set(err, LC_PARSE, "request body: invalid JSON near byte %zu",
					  json_tokener_get_parse_end(tok));
			goto out;
		}
	}
	if (!json_object_object_get_ex(root, "messages", &msgs) ||
	    !json_object_is_type(msgs, json_type_array)) {
		rc = lc_error_set(err, LC_PARSE, "request body has no \"messages\" array");
		goto out;
	}
	/* Anthropic puts the system prompt beside the messages; count it as one more. */
	if (json_object_object_get_ex(root, "system", &sys)) {
		cc.tokens += (size_t)m->per_message;
		if ((rc = add_text(&cc, "system", 6)) != LC_OK || (rc = add_content(&cc, sys)) != LC_OK) {
			lc_error_prefix(err, "system: ");
			goto out;
		}
	}
	n = json_object_array_length(msgs);
	for (i = 0; i < n; i++)
		if ((rc = add_message(&cc, json_object_array_get_idx(msgs, i), i)) != LC_OK)
			goto out;
	if (json_object_object_get_ex(root, "tools", &sys) ||
	    json_object_object_get_ex(root, "functions", &sys))
		cc.skipped++;
	cc.tokens += (size_t)m->reply_priming;
	*tokens = lc_tok_model_scale(m, cc.tokens);
	if (skipped)
		*skipped = cc.skipped;
out:
	json_object_put(root);
	if (tok)
		json_tokener_free(tok);
	return rc;
}
