/*
 * mock.h - the deterministic mock upstream (private to src/gateway; tools/mock-upstream.c is
 * its command-line shell). OpenAI chat/responses/embeddings/models and Anthropic messages,
 * JSON and SSE, usage in every response unless told otherwise. Faults are asked for inside
 * the request body, so they pass through any proxy unchanged:
 *   [mock:status=429]   answer with that error status (429 carries Retry-After: 1)
 *   [mock:fail_once=ID] answer 500 the first time ID is seen, normally afterwards
 *   [mock:usage=P/C]    prompt and completion tokens (default: body bytes / 4 + 1, and
 *                       min(max tokens, 16))
 *   [mock:cache=R/W]    cache-read and cache-write input tokens
 *   [mock:events=N]     content events in a stream (default 4)
 *   [mock:cut=K]        close the connection after K content events, before any usage
 *   [mock:nousage]      never report usage
 *   [mock:delay=MS]     wait before answering; [mock:drip=MS] between stream events
 *   [mock:split=A,B,..] send the response (head and body) in pieces ending at byte offsets
 *                       A, B, ... (at most 16), one timer tick apart: chunk-boundary tests
 * Every request served is logged as one line: id (x-llmcost-request-id), path, model,
 * status, stream, tokens, whether usage was sent and the stream cut, and the bytes sent.
 */
#ifndef LC_GW_MOCK_H
#define LC_GW_MOCK_H

#include "llmcost/core.h"

typedef struct gw_mock gw_mock;

/* Bind host:port (port 0 = any free port). log_path may be NULL (no log) or "-" (stdout). */
int gw_mock_new(const char *host, int port, const char *log_path, gw_mock **out, lc_error *err);
int gw_mock_port(const gw_mock *m);
/* Serve until gw_mock_stop (callable from any thread or a signal handler). */
void gw_mock_run(gw_mock *m);
void gw_mock_stop(gw_mock *m);
void gw_mock_free(gw_mock *m);
/* Requests answered so far (any status). */
long gw_mock_served(const gw_mock *m);

#endif
