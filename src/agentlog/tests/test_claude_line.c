/*
 * test_claude_line.c - one Claude Code line at a time: what becomes a record, what is
 * skipped, and what is refused as malformed (FORMATS.md 2e and pitfall 7).
 */
#include <string.h>

#include "agentlog/agentlog_int.h"
#include "tests/harness.h"

#define LINE_HEAD "{\"type\":\"assistant\",\"timestamp\":\"2026-07-01T10:00:00.000Z\",\"sessionId\":\"s1\",\"cwd\":\"/home/u/my app/\","

static int parse(const char *line, lc_usage *u)
{
	return al_claude_line(line, strlen(line), "-home-u-x", u);
}

TEST(claude_line_record_with_split_cache)
{
	lc_usage u;
	const char *l = LINE_HEAD "\"requestId\":\"req_1\",\"message\":{\"id\":\"msg_1\",\"model\":"
			"\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":3,\"output_tokens\":7,"
			"\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":50,"
			"\"cache_creation\":{\"ephemeral_5m_input_tokens\":20,\"ephemeral_1h_input_tokens\":30}}}}";
	CHECK_INT(parse(l, &u), AL_REC);
	CHECK_STR(u.id, "cc:msg_1:req_1");
	CHECK_STR(u.provider, "anthropic");
	CHECK_STR(u.model, "claude-sonnet-4-5");
	CHECK_STR(u.session, "s1");
	CHECK_STR(lc_usage_get_tag(&u, "project"), "my app");
	CHECK_INT(u.input_tokens, 3);
	CHECK_INT(u.output_tokens, 7);
	CHECK_INT(u.cache_read_tokens, 100);
	CHECK_INT(u.cache_write_5m_tokens, 20);
	CHECK_INT(u.cache_write_1h_tokens, 30);
	CHECK_INT(u.time, 1782900000000LL);
}

TEST(claude_line_cache_total_only_counts_as_5m)
{
	lc_usage u;
	const char *l = LINE_HEAD "\"message\":{\"id\":\"msg_2\",\"model\":\"m\",\"usage\":{"
			"\"input_tokens\":1,\"output_tokens\":1,\"cache_creation_input_tokens\":40,"
			"\"speed\":\"fast\"}},\"isSidechain\":true}";
	CHECK_INT(parse(l, &u), AL_REC);
	CHECK_STR(u.id, "cc:msg_2"); /* no requestId: message.id alone */
	CHECK_INT(u.cache_write_5m_tokens, 40);
	CHECK_INT(u.cache_write_1h_tokens, 0);
	CHECK(u.flags & LC_USAGE_FAST);
	CHECK(u.flags & LC_USAGE_SIDECHAIN);
}

TEST(claude_line_split_smaller_than_total_keeps_remainder)
{
	lc_usage u;
	const char *l = LINE_HEAD "\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":1,"
			"\"output_tokens\":1,\"cache_creation_input_tokens\":100,\"cache_creation\":"
			"{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":70}}}}";
	CHECK_INT(parse(l, &u), AL_REC);
	CHECK_INT(u.cache_write_1h_tokens, 70);
	CHECK_INT(u.cache_write_5m_tokens, 30);
	CHECK_STR(u.model, "unknown");
}

TEST(claude_line_skips_synthetic_errors_and_users)
{
	lc_usage u;
	CHECK_INT(parse(LINE_HEAD "\"message\":{\"id\":\"m\",\"model\":\"<synthetic>\",\"usage\":"
			"{\"input_tokens\":0,\"output_tokens\":0}}}", &u), AL_SKIP);
	CHECK_INT(parse(LINE_HEAD "\"isApiErrorMessage\":true,\"message\":{\"id\":\"m\",\"model\":"
			"\"x\",\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}", &u), AL_SKIP);
	CHECK_INT(parse("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"\\\"usage\\\"\"}}", &u),
		  AL_SKIP);
	CHECK_INT(parse("{\"type\":\"user\",\"message\":\"plain\",\"usage\":null}", &u), AL_SKIP);
	CHECK_INT(parse("{\"type\":\"summary\",\"summary\":\"usage\"}", &u), AL_SKIP);
}

TEST(claude_line_refuses_malformed)
{
	static const char *bad[] = {
		"{\"type\":\"assistant\",\"message\":{\"usage\":{\"input_tokens\":1",
		LINE_HEAD "\"message\":{\"usage\":{\"input_tokens\":-1,\"output_tokens\":1}}}",
		LINE_HEAD "\"message\":{\"usage\":{\"input_tokens\":1.5,\"output_tokens\":1}}}",
		LINE_HEAD "\"message\":{\"usage\":{\"input_tokens\":1e3,\"output_tokens\":1}}}",
		LINE_HEAD "\"message\":{\"usage\":{\"input_tokens\":99999999999999999999,\"output_tokens\":1}}}",
		LINE_HEAD "\"message\":{\"usage\":{\"output_tokens\":1}}}",
		"{\"type\":\"assistant\",\"timestamp\":\"2026-07-01T10:00:00\",\"message\":{\"usage\":"
		"{\"input_tokens\":1,\"output_tokens\":1}}}",
		"{\"type\":\"assistant\",\"message\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}",
		LINE_HEAD "\"message\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}} trailing",
		LINE_HEAD "\"message\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1]}}",
		"{\"type\":\"assistant\",\"bad\":\"\\x\"}",
		"",
		"\x00\x01",
		"[1,2,3]",
	};
	size_t i;
	lc_usage u;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (parse(bad[i], &u) != AL_BAD) {
			lc_test_fail(__FILE__, __LINE__, "case %zu accepted: %s", i, bad[i]);
			return;
		}
}

TEST(claude_line_accepts_crlf_escapes_and_integral_floats)
{
	lc_usage u;
	const char *l = LINE_HEAD "\"requestId\":\"r\\u00e9q\",\"message\":{\"id\":\"m\\/1\","
			"\"model\":\"claude-haiku-4-5\",\"content\":[{\"t\":[[{}],{\"a\":[]}]}],"
			"\"usage\":{\"input_tokens\":2.0,\"output_tokens\":4}},\"costUSD\":0.0125}\r";
	CHECK_INT(parse(l, &u), AL_REC);
	CHECK_STR(u.id, "cc:m/1:r\xc3\xa9q");
	CHECK_INT(u.input_tokens, 2);
	CHECK(u.has_source_cost);
	CHECK_MONEY(u.source_cost, "0.0125");
}

TEST(claude_line_long_ids_are_hashed_stably)
{
	char l[2048], id1[LC_ID_MAX];
	lc_usage u;
	char longid[400];
	memset(longid, 'a', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	snprintf(l, sizeof l, LINE_HEAD "\"requestId\":\"%s\",\"message\":{\"id\":\"m\",\"usage\":"
		 "{\"input_tokens\":1,\"output_tokens\":1}}}", longid);
	CHECK_INT(parse(l, &u), AL_REC);
	CHECK(strncmp(u.id, "cc:", 3) == 0);
	snprintf(id1, sizeof id1, "%s", u.id);
	CHECK_INT(parse(l, &u), AL_REC);
	CHECK_STR(u.id, id1);
}

TEST(jscan_skips_deep_nesting_without_overflow)
{
	char buf[4096];
	lc_js s;
	size_t i;
	for (i = 0; i < 2000; i++)
		buf[i] = '[';
	buf[i] = '\0';
	s.p = buf;
	s.end = buf + i;
	CHECK_INT(lc_js_skip(&s), -1);
}

TEST(find_usage_key_agrees_with_memmem)
{
	/* hits at every offset and alignment, near-misses around them, every length */
	static const char *fill[] = {"\"u\"", "\"usag\"", "usage", "\"usage", "\"usagE\"", "x"};
	char buf[300];
	size_t len, at, i;
	uint64_t r = 88172645463325252ULL;
	for (len = 0; len < sizeof buf; len += 7) {
		for (at = 0; at + 7 <= len + 7; at += 5) {
			size_t n = 0;
			while (n < len) {
				const char *f = fill[(r ^= r << 13, r ^= r >> 7, r ^= r << 17) % 6];
				size_t k = strlen(f);
				if (n + k > len)
					k = len - n;
				memcpy(buf + n, f, k);
				n += k;
			}
			if (at + 7 <= len)
				memcpy(buf + at, "\"usage\"", 7);
			for (i = 0; i < 3; i++) {
				const char *want = memmem(buf + i, len > i ? len - i : 0, "\"usage\"", 7);
				const char *got = lc_js_find_usage_key(buf + i, len > i ? len - i : 0);
				if (want != got) {
					lc_test_fail(__FILE__, __LINE__, "len %zu at %zu skip %zu", len, at, i);
					return;
				}
			}
		}
	}
}
