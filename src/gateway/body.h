/*
 * body.h - what the gateway reads from an LLM request body (body.c): the model, stream,
 * the output-token caps, stream_options.include_usage and the control-character verdict on
 * model/user/metadata. Two readers fill the same gw_body: a strict scanner that builds
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
	/* The caps as integers: -1 when absent or not an integer (json-c's int type). A
	 * negative value is kept: the caller treats any value < 0 as absent. */
	int64_t max_completion_tokens, max_tokens, max_output_tokens;
} gw_body;

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
