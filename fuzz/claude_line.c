/*
 * claude_line.c - fuzz target for the Claude Code line reader (src/agentlog/claude.c) and
 * the JSON scanner under it: any bytes must give AL_REC, AL_SKIP or AL_BAD, never a crash,
 * a read past the input or a record with negative counts. The input is split at newlines
 * as the scan does, and the usage-key prefilter is run over it too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agentlog/agentlog_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy, so a read one byte past the end is caught by ASan */
	char *buf = malloc(size ? size : 1);
	const char *p, *end;
	lc_usage u;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	p = buf;
	end = buf + size;
	(void)lc_js_find_usage_key(buf, size);
	while (p <= end) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((le ? le : end) - p);
		int r = al_claude_line(p, n, "proj", &u);
		if (r == AL_REC && (u.input_tokens < 0 || u.output_tokens < 0 ||
				    u.cache_read_tokens < 0 || u.cache_write_5m_tokens < 0 ||
				    u.cache_write_1h_tokens < 0 || !u.id[0]))
			abort();
		if (!le)
			break;
		p = le + 1;
	}
	free(buf);
	return 0;
}
