/*
 * Unit tests for the incremental SSE parser and the stream usage accumulator: field rules,
 * line ends, caps, and the property that matters to the gateway - feeding a stream split at
 * any byte gives exactly the same events and the same usage as feeding it whole.
 */
#include "src/usage/tests/fixture.h"

typedef struct collect {
	lc_buf out; /* "type|data|id|line\n" per event */
} collect;

static int on_ev(const lc_sse_event *ev, void *ctx)
{
	collect *c = ctx;
	return lc_buf_printf(&c->out, "%s|%s|%s|%lld\n", ev->type, ev->data, ev->id,
			     (long long)ev->line);
}

/* Parse text in pieces of size step (0 = whole); returns the collected dump. */
static int sse_dump(const char *text, size_t len, size_t step, lc_buf *out, int *truncated)
{
	lc_sse p;
	collect c;
	lc_error err;
	size_t i;
	int rc = 0;

	lc_buf_init(&c.out, 0);
	lc_buf_puts(&c.out, "");
	lc_sse_init(&p, 0, 0);
	if (step == 0)
		step = len ? len : 1;
	for (i = 0; i < len && rc == 0; i += step)
		rc = lc_sse_feed(&p, text + i, len - i < step ? len - i : step, on_ev, &c, &err);
	if (rc == 0)
		rc = lc_sse_finish(&p, on_ev, &c, &err);
	*truncated = p.truncated;
	lc_sse_free(&p);
	*out = c.out;
	return rc;
}

TEST(sse_fields_and_line_ends)
{
	static const char s[] = ": keep-alive\r\n"
				"event: message_start\r\n"
				"id: 7\r\n"
				"data: {\"a\":\r\n"
				"data:1}\r\n"
				"retry: 1000\r\n"
				"\r\n"
				"data: two\rdata: lines\r\r"
				"event: no-data\n\n"
				"data\n\n"
				"data: last without blank line\n";
	lc_buf out;
	int tr;
	CHECK_INT(sse_dump(s, sizeof s - 1, 0, &out, &tr), 0);
	CHECK_STR(out.data, "message_start|{\"a\":\n1}|7|2\n"
			    "|two\nlines|7|8\n"
			    "||7|13\n"
			    "|last without blank line|7|15\n");
	CHECK_INT(tr, 0);
	lc_buf_free(&out);
}

TEST(sse_every_split_gives_same_events)
{
	static const char s[] = "event: a\r\ndata: 1\r\n\r\ndata: x\ry\n\n:c\ndata: 2\r\n\r\n";
	lc_buf whole, part;
	size_t step;
	int tr;
	CHECK_INT(sse_dump(s, sizeof s - 1, 0, &whole, &tr), 0);
	for (step = 1; step < sizeof s; step++) {
		CHECK_INT(sse_dump(s, sizeof s - 1, step, &part, &tr), 0);
		CHECK_STR(part.data, whole.data);
		lc_buf_free(&part);
	}
	lc_buf_free(&whole);
}

TEST(sse_unterminated_last_line_is_dropped)
{
	static const char s[] = "data: {\"done\":1}\n\ndata: {\"cut";
	lc_buf out;
	int tr;
	CHECK_INT(sse_dump(s, sizeof s - 1, 0, &out, &tr), 0);
	CHECK_STR(out.data, "|{\"done\":1}||1\n");
	CHECK_INT(tr, 1);
	lc_buf_free(&out);
}

TEST(sse_caps)
{
	lc_sse p;
	lc_error err;
	char *big = malloc(4096);
	CHECK(big);
	memset(big, 'x', 4096);
	lc_sse_init(&p, 1024, 2048);
	CHECK_INT(lc_sse_feed(&p, "data: ", 6, NULL, NULL, &err), 0);
	CHECK_INT(lc_sse_feed(&p, big, 2000, NULL, NULL, &err), LC_LIMIT);
	CHECK(strstr(err.msg, "line 1: SSE line longer than 1024 bytes"));
	lc_sse_free(&p);
	/* many short data lines: the event cap */
	lc_sse_init(&p, 1024, 2048);
	{
		int i, rc = 0;
		for (i = 0; i < 300 && rc == 0; i++)
			rc = lc_sse_feed(&p, "data: 0123456789\n", 17, NULL, NULL, &err);
		CHECK_INT(rc, LC_LIMIT);
		CHECK(strstr(err.msg, "SSE event larger than 2048 bytes"));
	}
	lc_sse_free(&p);
	free(big);
}

/* Usage of fixture rel fed in pieces of `step` bytes. */
static int stream_usage(const char *text, size_t len, size_t step, lc_usage *u, lc_error *err)
{
	lc_stream_usage s;
	size_t i;
	int rc = 0;

	lc_stream_usage_init(&s, LC_SHAPE_AUTO, NULL, "t");
	for (i = 0; i < len && rc == 0; i += step)
		rc = lc_stream_usage_feed(&s, text + i, len - i < step ? len - i : step, err);
	if (rc == 0)
		rc = lc_stream_usage_finish(&s, u, err);
	lc_stream_usage_free(&s);
	return rc;
}

TEST(stream_usage_every_byte_split_matches_whole)
{
	static const char *const files[] = {
		"openai/chat-stream.sse",     "openai/chat-stream-nousage.sse",
		"openai/chat-stream-cut.sse", "openai/responses-stream.sse",
		"anthropic/stream.sse",       "anthropic/stream-cut.sse",
		"gemini/stream.sse",          "groq/stream.sse",
	};
	size_t f;
	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		size_t len, step;
		char *text = fixture_load(files[f], &len);
		lc_usage whole, part;
		lc_error err;
		CHECK(text);
		CHECK_INT(stream_usage(text, len, len, &whole, &err), 0);
		for (step = 1; step <= 7; step++) {
			CHECK_INT(stream_usage(text, len, step, &part, &err), 0);
			CHECK(memcmp(&whole, &part, sizeof whole) == 0);
		}
		/* and split once at every offset, the way two TCP reads would */
		for (step = 1; step < len; step++) {
			lc_stream_usage s;
			lc_stream_usage_init(&s, LC_SHAPE_AUTO, NULL, "t");
			CHECK_INT(lc_stream_usage_feed(&s, text, step, &err), 0);
			CHECK_INT(lc_stream_usage_feed(&s, text + step, len - step, &err), 0);
			CHECK_INT(lc_stream_usage_finish(&s, &part, &err), 0);
			lc_stream_usage_free(&s);
			CHECK(memcmp(&whole, &part, sizeof whole) == 0);
		}
		free(text);
	}
}

TEST(stream_usage_forced_shape_and_hint)
{
	static const char s[] = "data: {\"id\":\"c9\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
				"\"completion_tokens\":4}}\n\ndata: [DONE]\n\n";
	lc_stream_usage st;
	lc_usage u;
	lc_error err;
	lc_stream_usage_init(&st, LC_SHAPE_OPENAI_CHAT, "Mistral", NULL);
	CHECK_INT(lc_stream_usage_feed(&st, s, sizeof s - 1, &err), 0);
	CHECK_INT(lc_stream_usage_finish(&st, &u, &err), 0);
	lc_stream_usage_free(&st);
	CHECK_STR(u.provider, "mistral");
	CHECK_STR(u.id, "mistral:c9");
	CHECK_INT(u.input_tokens, 3);
	CHECK_INT(u.output_tokens, 4);
	CHECK_INT(u.flags, 0);
	lc_stream_usage_free(NULL);
	lc_sse_free(NULL);
}

TEST(stream_usage_skips_only_what_cannot_matter)
{
	/* usage with odd spacing after many skippable chunks; a chunk whose text mentions
	 * "usage" is parsed (conservatively) and changes nothing */
	static const char s[] =
		"data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[],\"usage\":null}\n\n"
		"data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":"
		"\"the \\\"usage\\\" field\"}}]}\n\n"
		"data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"delta\":{}}],\"usage\" : "
		"null}\n\n"
		"data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[],\"usage\" :\n"
		"data: {\"prompt_tokens\":9,\"completion_tokens\":4}}\n\n"
		"data: [DONE]\n\n";
	static const char a[] =
		"data: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"c\","
		"\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
		"data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"text\":\"x\"}}\n\n"
		"data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":7}}\n\n"
		"data: {\"type\":\"message_stop\"}\n\n";
	lc_usage u;
	lc_error err;
	CHECK_INT(lc_usage_from_text("s", s, sizeof s - 1, LC_SHAPE_AUTO, NULL, &u, &err), 0);
	CHECK_INT(u.input_tokens, 9);
	CHECK_INT(u.output_tokens, 4);
	CHECK_INT(u.flags, 0);
	CHECK_INT(lc_usage_from_text("a", a, sizeof a - 1, LC_SHAPE_AUTO, NULL, &u, &err), 0);
	CHECK_INT(u.input_tokens, 3);
	CHECK_INT(u.output_tokens, 7);
	CHECK_INT(u.flags, 0);
}
