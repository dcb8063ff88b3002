/*
 * codex_line.c - fuzz target for the Codex rollout reader (src/agentlog/codex.c): lines
 * become events, events are billed against one session's running totals. Any bytes must
 * be handled without a crash, and a bill is never negative.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agentlog/agentlog_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1), state[LC_CURSOR_STATE_MAX];
	const char *p, *end;
	al_codex_sess s, back;
	al_codex_ev ev;
	lc_usage u;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&s, 0, sizeof s);
	p = buf;
	end = buf + size;
	while (p <= end) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((le ? le : end) - p);
		if (al_codex_line(p, n, &ev) == AL_REC) {
			if (ev.kind == AL_CX_CONTEXT && ev.model[0])
				memcpy(s.model, ev.model, sizeof s.model);
			if (ev.kind == AL_CX_TOKENS && al_codex_bill(&s, &ev, &u) == AL_REC &&
			    (u.input_tokens < 0 || u.output_tokens < 0 || u.cache_read_tokens < 0))
				abort();
		}
		if (!le)
			break;
		p = le + 1;
	}
	if (al_codex_state_put(&s, state, sizeof state) == LC_OK)
		(void)al_codex_state_get(state, &back);
	/* the state text itself is outside input too (it comes from the ledger) */
	if (size < sizeof state) {
		memcpy(state, data, size);
		state[size] = '\0';
		(void)al_codex_state_get(state, &back);
	}
	free(buf);
	return 0;
}
