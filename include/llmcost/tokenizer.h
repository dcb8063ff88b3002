/*
 * llmcost/tokenizer.h - exact token counts for OpenAI's BPE encodings (o200k_base,
 * cl100k_base), the model-to-encoding map, chat-message overhead, and labelled estimates
 * for models whose tokenizer is not public.
 *
 * The ids are exactly those of OpenAI's tiktoken: the same pre-tokenization patterns
 * (implemented by hand over a Unicode table generated at build time) and the same
 * byte-pair merges by rank. The vocabularies are compiled into the library (their sha256
 * is checked at build time), so there is nothing to load and no file to find.
 *
 * Text is UTF-8. Invalid UTF-8 is refused with LC_PARSE and the byte offset of the first
 * bad byte; lc_utf8_replace_invalid() turns such text into what a decoder with
 * replacement would see (each maximal invalid subpart -> U+FFFD), for callers that prefer
 * a count to an error. Special tokens such as "<|endoftext|>" are ordinary text here.
 *
 * Everything in this header is thread-safe; encodings are immutable singletons.
 */
#ifndef LLMCOST_TOKENIZER_H
#define LLMCOST_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "llmcost/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lc_encoding lc_encoding;

/* Largest text the tokenizer accepts in one call (LC_LIMIT beyond). */
#define LC_TOK_MAX_INPUT ((size_t)1 << 30)

/* The encoding called name ("o200k_base", "cl100k_base"), or LC_NOTFOUND with a message
 * listing the known names. The pointer is static; never free it. */
int lc_encoding_find(const char *name, const lc_encoding **out, lc_error *err);
const char *lc_encoding_name(const lc_encoding *enc);
/* Number of ids in the vocabulary, ordinary tokens only (o200k_base: 199998). */
uint32_t lc_encoding_vocab_size(const lc_encoding *enc);
/* "o200k_base, cl100k_base": for messages and --help. */
const char *lc_encoding_list(void);

/* Count the tokens of text[0..len). */
int lc_tok_count(const lc_encoding *enc, const char *text, size_t len, size_t *count,
		 lc_error *err);

/* A growable array of token ids; zero-initialise, free with lc_tokens_free. */
typedef struct lc_tokens {
	uint32_t *ids;
	size_t n, cap;
} lc_tokens;
void lc_tokens_free(lc_tokens *t);

/* Append the ids of text[0..len) to *out (which may already hold ids). */
int lc_tok_encode(const lc_encoding *enc, const char *text, size_t len, lc_tokens *out,
		  lc_error *err);

/* Append the bytes of ids to *out. Unknown ids give LC_RANGE; the ids of special tokens
 * decode to their text ("<|endoftext|>"). */
int lc_tok_decode(const lc_encoding *enc, const uint32_t *ids, size_t n, lc_buf *out,
		  lc_error *err);

/* The byte offset of the first invalid UTF-8 sequence in s[0..len), or len if none.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid. */
size_t lc_utf8_invalid_at(const char *s, size_t len);

/* Copy s[0..len) into a new buffer (caller frees *out with free()), replacing each
 * maximal invalid subpart with U+FFFD as the WHATWG/Unicode decoders do. */
int lc_utf8_replace_invalid(const char *s, size_t len, char **out, size_t *outlen);

/* ------------------------------------------------------------------ models */

/*
 * How llmcost counts the input tokens of a model.
 *   exact: the model's encoding is public and known (enc != NULL); counts are tiktoken's.
 *   otherwise: an estimate: enc is the encoding counted with, scaled by
 *   ratio_num/ratio_den (rounded up); `basis` says how that ratio was chosen.
 * Chat overhead per OpenAI's published recipe (the openai-cookbook "How to count tokens
 * with tiktoken"): each message costs per_message tokens plus its strings, a "name" field
 * per_name more, and every reply is primed with reply_priming tokens.
 */
typedef struct lc_tok_model {
	const char *family;   /* the map entry that matched: "gpt-4o", "claude", ... */
	const lc_encoding *enc;
	int exact;
	int ratio_num, ratio_den;
	int per_message, per_name, reply_priming;
	const char *basis;    /* one line: why these numbers */
} lc_tok_model;

/* Look a model id up in the map ("gpt-4o-mini-2024-07-18", "openai/gpt-4.1",
 * "claude-sonnet-4-5"). Provider prefixes "xxx/" are ignored. LC_NOTFOUND with a message
 * listing the known families when nothing matches. */
int lc_tok_model_find(const char *model, lc_tok_model *out, lc_error *err);
/* "gpt-5, gpt-4.1, ...": the families of the map, for messages. */
const char *lc_tok_model_list(void);

/* Apply a model's estimate ratio to a count from its encoding (identity when exact). */
size_t lc_tok_model_scale(const lc_tok_model *m, size_t count);

/*
 * Count the input tokens of a request body for model m. body is JSON: an OpenAI chat
 * request ({"messages": [{"role", "content", "name"?}]}, content a string or an array of
 * {"type":"text","text"} parts) or an Anthropic one (optional "system" string or blocks,
 * "messages" with string or block content). Non-text parts (images, tool schemas) are
 * not counted; *skipped receives how many such parts were seen (may be NULL).
 * Returns LC_PARSE for JSON that is not one of these shapes.
 */
int lc_tok_count_chat(const lc_tok_model *m, const char *body, size_t len, size_t *tokens,
		      size_t *skipped, lc_error *err);

#ifdef __cplusplus
}
#endif
#endif
