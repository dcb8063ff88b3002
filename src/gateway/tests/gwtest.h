/*
 * gwtest.h - the black-box rig for gateway tests: a mock upstream and a gateway, each on its
 * own thread and event loop, on ephemeral loopback ports, with a fresh ledger in the test's
 * scratch folder; and a tiny blocking HTTP client. Every test runs in its own process
 * (tests/harness.c), so nothing outlives it.
 */
#ifndef LC_GW_TEST_H
#define LC_GW_TEST_H

#include <pthread.h>

#include "gateway/mock.h"
#include "llmcost.h"

typedef struct rig {
	gw_mock *mock;
	lc_gateway *gw;
	pthread_t mt, gt;
	int mport, port;
	char dir[512];
	char ledger[600];
	char mock_log[600];
	char access_log[600];
	char key[LC_KEY_SECRET_MAX];     /* a plain key, no limits */
	char key_id[LC_KEY_ID_MAX];
} rig;

typedef struct resp {
	int status;
	char head[4096];
	lc_buf body;                     /* de-chunked */
	int complete;                    /* the message ended properly */
} resp;

/* The upstream client the rig's providers use: "tcp" (default) or "curl". */
extern const char *rig_client;

/* Start mock + gateway with extra YAML appended to the base config (providers openai and
 * anthropic on the mock, the ledger, the access log, admin key "admin-secret-0000").
 * Creates one plain key. Returns 0 on success. */
int rig_start(rig *r, const char *extra_yaml);
/* Stop both, flushing the ledger. */
void rig_stop(rig *r);
/* Create a key with the given options; fills secret and id. */
int rig_key(rig *r, lc_key_info *k, char *secret);

/* Send raw bytes on a new connection, read one response (or until the peer closes).
 * Returns 0, or -1 when no response came. */
/* A blocking loopback connection to port (5 s receive timeout); -1 on failure. */
int gw_dial(int port);
int http_raw(int port, const char *req, size_t len, resp *out);
/* POST json to path with the key (NULL = none) and extra header lines ("X: y\r\n"). */
int http_post(int port, const char *path, const char *key, const char *extra, const char *json,
	      resp *out);
void resp_free(resp *r);
/* Value of header name in the response head ("" when absent); a per-thread static buffer. */
const char *resp_header(const resp *r, const char *name);

/* Ledger rows of the rig, in time order (caller frees). */
int rig_rows(rig *r, lc_record **rows, int *n);
/* Lines of the mock log that contain needle. */
int mock_count(rig *r, const char *needle);
/* The price of every request the mock logged (prompt and completion tokens of model at
 * provider, today's prices), computed apart from the gateway. */
int mock_spend(rig *r, const char *provider, const char *model, lc_money *out);
/* Does the file contain needle anywhere? */
int file_has(const char *path, const char *needle);
/* The price of (in, out) tokens of provider/model at today's prices ($0 when unpriced). */
lc_money price_at(const char *provider, const char *model, int64_t in, int64_t out);
/* One request to path on a rig started with yaml (NULL = none), by a key whose hard day
 * budget is `budget`: its status, and the summed cost of the rig's rows in *spent. */
int one_request_at(const char *yaml, const char *path, const char *body, lc_money budget,
		   int *status, lc_money *spent);

/* The price of (in, out) tokens of gpt-4o-mini at openai, today. */
lc_money price_mini(int64_t in, int64_t out);

/* One POST of body to /v1/chat/completions with key and extra header lines, for a thread
 * (pthread_create(..., gw_shot_one, &shot)): status is the answer's, -1 for none. */
typedef struct gw_shot {
	rig *r;
	const char *key;
	const char *extra;
	const char *body;
	int status;
} gw_shot;
void *gw_shot_one(void *arg);

typedef struct rawup {
	int lfd, port;
	const char *reply;
	size_t send_n;
	int delay_ms;            /* wait before answering */
	int served;              /* requests read */
	pthread_t t;
} rawup;

int rawup_start(rawup *u, const char *reply, size_t send_n);
void rawup_stop(rawup *u);

#endif
