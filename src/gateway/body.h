/*
 * body.h - what the gateway reads from an LLM request body (body.c): the model, stream,
 * the output-token caps and n, background, server-side input, stream_options.include_usage
 * and the control-character verdict on model/user/metadata. Two readers fill the same gw_body: a strict scanner that builds
 * nothing (the hot path) and the json-c reference. Private to src/gateway.
 */
#ifndef LC_GW_BODY_H
#define LC_GW_BODY_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "llmcost/usage.h"

/* The verdict, in the order parse_body checks (the first failure wins). */
enum {
	GW_BODY_OK,
	GW_BODY_NOT_OBJECT,      /* not one JSON object (json-c's view of the bytes) */
	GW_BODY_BAD_MODEL,       /* "model" missing, not a string, empty or too long */
	GW_BODY_CTL              /* a control character in model, user or metadata */
};

typedef struct gw_body {
	int verdict;
	char model[LC_MODEL_MAX];
	int stream;              /* json_object_get_boolean of "stream" (0 when absent) */
	int include_usage;       /* stream_options.include_usage, the same way */
	/* The caps, and "n" (choices): the value when a non-negative integer (json-c's int
	 * type), GW_BODY_ABSENT when absent or null, GW_BODY_BAD for anything else (a string,
	 * a fraction, a negative number...: lenient servers may still read "16" as 16, so the
	 * gateway cannot reserve for it and refuses). */
	int64_t max_completion_tokens, max_tokens, max_output_tokens, n;
	int background;          /* json_object_get_boolean of "background" (Responses) */
	int server_input;        /* previous_response_id, conversation or prompt: not null */
} gw_body;

#define GW_BODY_ABSENT (-1)
#define GW_BODY_BAD (-2)

/* The scanner: 1 when it answered (out filled, verdict included), 0 when unsure - the caller
 * then asks the reference. It answers only for strict JSON whose every relevant detail it
 * understands: see body.c for what sends it back. */
int gw_body_fast(const char *p, size_t n, gw_body *out);

/* The reference: parses with json-c (tok is reset first) and fills out. *tree receives the
 * parsed object when the body is one (the caller puts it), else NULL. Returns 0. */
int gw_body_ref(json_tokener *tok, const char *p, size_t n, gw_body *out, json_object **tree);

/* Do two readings agree (every field when both are OK, else the verdict)? */
int gw_body_same(const gw_body *a, const gw_body *b);

#endif
