/*
 * hf_config.c - reads a Hugging Face config.json into an lc_model, so that any model can be
 * planned, not only the catalog's.
 *
 * config.json files name the same thing several ways across architectures (Llama's
 * num_hidden_layers, GPT-2's n_layer, T5's num_layers); each field below lists the names it
 * accepts, first match wins. Input is outside data: size-capped, nesting-capped (json-c
 * depth), every number range-checked before it is used, and errors name the field or give
 * file:line:column for malformed JSON.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"

#define CONFIG_MAX (1u << 20)
#define DEPTH_MAX 32

/* Line and column (1-based) of byte offset off in text. */
static void position(const char *text, size_t off, int *line, int *col)
{
	size_t i;
	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++; /* count characters, not UTF-8 continuation bytes */
		}
	}
}

static struct json_object *field(struct json_object *o, const char *const *names,
				 const char **found)
{
	struct json_object *v;
	for (; *names; names++)
		if (json_object_object_get_ex(o, *names, &v) && v) {
			*found = *names;
			return v;
		}
	return NULL;
}

/*
 * Read an integer field known by any of names into *out. Absent (or JSON null): *out = def
 * when def >= 0, else an error naming the first name. Present: must be an integer in
 * [lo, hi].
 */
static int get_int(struct json_object *o, const char *const *names, long long def, long long lo,
		   long long hi, const char *file, int *out, lc_error *err)
{
	const char *name = names[0];
	struct json_object *v = field(o, names, &name);
	long long x;

	if (!v) {
		if (def < 0)
			return lc_error_set(err, LC_PARSE, "%s: missing field '%s'", file, names[0]);
		*out = (int)def;
		return LC_OK;
	}
	if (json_object_get_type(v) != json_type_int)
		return lc_error_set(err, LC_PARSE, "%s: field '%s' must be an integer", file, name);
	x = (long long)json_object_get_int64(v);
	if (x < lo || x > hi)
		return lc_error_set(err, LC_RANGE, "%s: field '%s' is %lld, expected %lld..%lld",
				    file, name, x, lo, hi);
	*out = (int)x;
	return LC_OK;
}

static const char *get_str(struct json_object *o, const char *const *names)
{
	const char *name;
	struct json_object *v = field(o, names, &name);
	return v && json_object_get_type(v) == json_type_string ? json_object_get_string(v) : "";
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The shape of a decoder-only transformer from a config object. */
static int read_shape(struct json_object *o, const char *file, lc_model *m, lc_error *err)
{
	static const char *const gated_acts[] = {"silu", "swish", "swiglu", NULL};
	static const char *const gated_types[] = {"llama", "mistral", "mixtral", "qwen2",
		"qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2", "gemma3_text", "deepseek_v2",
		"deepseek_v3", "phi3", "olmo2", NULL};
	const char *type = get_str(o, NAMES("model_type"));
	const char *act = get_str(o, NAMES("hidden_act", "activation_function"));
	struct json_object *v;
	int rc, q_lora = 0, kv_lora = 0, rope = 0, nope = 0, vdim = 0, shared_width = 0;
	int gpt2_style = json_object_object_get_ex(o, "n_embd", &v);

	if ((rc = get_int(o, NAMES("num_hidden_layers", "n_layer", "num_layers", "n_layers"), -1,
			  1, 10000, file, &m->layers, err)) ||
	    (rc = get_int(o, NAMES("hidden_size", "n_embd", "d_model"), -1, 1, 1000000, file,
			  &m->hidden, err)) ||
	    (rc = get_int(o, NAMES("num_attention_heads", "n_head", "num_heads"), -1, 1, 100000,
			  file, &m->heads, err)) ||
	    (rc = get_int(o, NAMES("num_key_value_heads", "n_head_kv", "num_kv_heads"), m->heads,
			  1, m->heads, file, &m->kv_heads, err)) ||
	    (rc = get_int(o, NAMES("vocab_size"), -1, 1, 100000000, file, &m->vocab, err)))
		return rc;
	if (m->heads % m->kv_heads != 0)
		return lc_error_set(err, LC_RANGE, "%s: %d attention heads are not a multiple of "
				    "%d key-value heads", file, m->heads, m->kv_heads);
	if ((rc = get_int(o, NAMES("head_dim"), m->hidden / m->heads, 1, 100000, file,
			  &m->head_dim, err)) ||
	    (rc = get_int(o, NAMES("intermediate_size", "ffn_dim", "n_inner", "d_ff"),
			  gpt2_style ? 4LL * m->hidden : -1, 1, 10000000, file, &m->intermediate,
			  err)))
		return rc;
	if (m->head_dim == 0)
		return lc_error_set(err, LC_RANGE, "%s: hidden_size %d is smaller than the %d heads",
				    file, m->hidden, m->heads);
	m->gated_mlp = in_list(act, gated_acts) || in_list(type, gated_types);

	/* mixture of experts */
	if ((rc = get_int(o, NAMES("num_local_experts", "n_routed_experts", "num_experts"), 0, 0,
			  100000, file, &m->experts, err)))
		return rc;
	if (m->experts > 0) {
		if ((rc = get_int(o, NAMES("num_experts_per_tok", "moe_topk"), -1, 1, m->experts,
				  file, &m->experts_active, err)) ||
		    (rc = get_int(o, NAMES("moe_intermediate_size"), m->intermediate, 1, 10000000,
				  file, &m->moe_intermediate, err)) ||
		    (rc = get_int(o, NAMES("n_shared_experts"), 0, 0, 1000, file,
				  &m->shared_experts, err)) ||
		    (rc = get_int(o, NAMES("shared_expert_intermediate_size"), 0, 0, 10000000,
				  file, &shared_width, err)) ||
		    (rc = get_int(o, NAMES("first_k_dense_replace"), 0, 0, m->layers, file,
				  &m->dense_layers, err)))
			return rc;
		/* Qwen-MoE describes its shared expert by width: count it in expert units. */
		if (shared_width > 0 && m->shared_experts == 0)
			m->shared_experts = (shared_width + m->moe_intermediate / 2) /
					    m->moe_intermediate;
	}

	/* multi-head latent attention (DeepSeek-V2/V3): the cache holds a compressed latent */
	if ((rc = get_int(o, NAMES("kv_lora_rank"), 0, 0, 1000000, file, &kv_lora, err)))
		return rc;
	if (kv_lora > 0) {
		double h = m->hidden, n = m->heads;
		if ((rc = get_int(o, NAMES("q_lora_rank"), 0, 0, 1000000, file, &q_lora, err)) ||
		    (rc = get_int(o, NAMES("qk_rope_head_dim"), -1, 0, 100000, file, &rope, err)) ||
		    (rc = get_int(o, NAMES("qk_nope_head_dim"), -1, 0, 100000, file, &nope, err)) ||
		    (rc = get_int(o, NAMES("v_head_dim"), -1, 1, 100000, file, &vdim, err)))
			return rc;
		m->kv_latent = kv_lora + rope;
		m->head_dim = vdim; /* attention FLOPs: scores and values at v_head_dim width */
		m->attn_params = (q_lora > 0 ? h * q_lora + q_lora * n * (nope + rope) + q_lora
					     : h * n * (nope + rope)) +
				 h * (kv_lora + rope) + kv_lora * n * (nope + vdim) + kv_lora +
				 n * vdim * h;
	}

	if (json_object_object_get_ex(o, "tie_word_embeddings", &v) && v)
		m->tied_embeddings = json_object_get_boolean(v);
	else
		m->tied_embeddings = 1; /* the transformers default */
	return LC_OK;
}

int lc_model_from_hf_config(const char *text, size_t len, const char *name, lc_model *out,
			    lc_error *err)
{
	struct json_tokener *tok = NULL;
	struct json_object *root = NULL, *o, *tc;
	const char *file = name && *name ? name : "config.json";
	const char *label;
	size_t end;
	int rc, line, col;

	memset(out, 0, sizeof *out);
	if (len > CONFIG_MAX)
		return lc_error_set(err, LC_LIMIT, "%s: larger than %u bytes", file, CONFIG_MAX);
	if (!(tok = json_tokener_new_ex(DEPTH_MAX)))
		return lc_error_set(err, LC_NOMEM, "out of memory");
	root = json_tokener_parse_ex(tok, text, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		enum json_tokener_error je = json_tokener_get_error(tok);
		if (je == json_tokener_continue)
			end = len;
		position(text, end, &line, &col);
		rc = lc_error_set(err, LC_PARSE, "%s:%d:%d: invalid JSON: %s", file, line, col,
				  je == json_tokener_continue ? "unexpected end of input"
							      : json_tokener_error_desc(je));
		goto out;
	}
	while (end < len && strchr(" \t\r\n", text[end]) && text[end])
		end++;
	if (end < len) {
		position(text, end, &line, &col);
		rc = lc_error_set(err, LC_PARSE, "%s:%d:%d: invalid JSON: text after the object",
				  file, line, col);
		goto out;
	}
	if (json_object_get_type(root) != json_type_object) {
		rc = lc_error_set(err, LC_PARSE, "%s:1:1: expected a JSON object", file);
		goto out;
	}
	o = root;
	if (!json_object_object_get_ex(o, "num_hidden_layers", NULL) &&
	    json_object_object_get_ex(o, "text_config", &tc) &&
	    json_object_get_type(tc) == json_type_object)
		o = tc;
	if ((rc = read_shape(o, file, out, err)))
		goto out;
	lc_model_count_params(out);
	if (out->params_total > LC_PLAN_MAX_PARAMS) {
		rc = lc_error_set(err, LC_RANGE, "%s: %.3g parameters is beyond any real model",
				  file, out->params_total);
		goto out;
	}
	label = get_str(root, NAMES("_name_or_path"));
	if (!*label)
		label = get_str(o, NAMES("model_type"));
	snprintf(out->id, sizeof out->id, "config.json");
	snprintf(out->name, sizeof out->name, "%s", *label ? label : file);
	out->source = "config.json";
	rc = LC_OK;
out:
	json_object_put(root);
	json_tokener_free(tok);
	return rc;
}
