/*
 * test_body.c - the request-body scanner (src/gateway/body.c) against the json-c reference:
 * wherever the scanner answers, both readers must give the same verdict and fields. Tricky
 * bodies (duplicates, escapes, nesting, numbers, whitespace, control characters) one by one,
 * then thousands of deterministic mutations of them. Also: the scanner must answer for the
 * ordinary bodies (a fast path that always falls back would pass the differential check).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/body.h"
#include "tests/harness.h"

/* 1 when the scanner answered, -1 when it disagreed with the reference, 0 when unsure. */
static int diff(const char *p, size_t n, gw_body *fast)
{
	gw_body ref;
	json_object *tree = NULL;
	json_tokener *tok = json_tokener_new_ex(64);
	int rc = 0;
	if (!tok)
		return -1;
	gw_body_ref(tok, p, n, &ref, &tree);
	if (gw_body_fast(p, n, fast))
		rc = gw_body_same(fast, &ref) ? 1 : -1;
	if (rc < 0)
		fprintf(stderr, "disagree on <%.*s>: fast %d %s %d %lld/%lld/%lld iu %d, ref %d %s %d "
				"%lld/%lld/%lld iu %d\n",
			(int)n, p, fast->verdict, fast->model, fast->stream,
			(long long)fast->max_completion_tokens, (long long)fast->max_tokens,
			(long long)fast->max_output_tokens, fast->include_usage, ref.verdict, ref.model,
			ref.stream, (long long)ref.max_completion_tokens, (long long)ref.max_tokens,
			(long long)ref.max_output_tokens, ref.include_usage);
	json_object_put(tree);
	json_tokener_free(tok);
	return rc;
}

/* Bodies the scanner must answer, with what it must read. */
static const struct {
	const char *body;
	int verdict;
	const char *model;
	int stream, iu;
	long long mct, mt, mot;
} SURE[] = {
	{"{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the "
	 "benchmark.\"}],\"max_tokens\":16}",
	 GW_BODY_OK, "gpt-4o-mini", 0, 0, -1, 16, -1},
	{" {\n\t\"model\" : \"m\" ,\r\n \"stream\" : true , \"max_completion_tokens\" : 5 }",
	 GW_BODY_OK, "m", 1, 0, 5, -1, -1},
	{"{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}", GW_BODY_OK,
	 "m", 1, 1, -1, -1, -1},
	{"{\"model\":\"m\",\"stream_options\":{\"include_usage\":0}}", GW_BODY_OK, "m", 0, 0, -1, -1,
	 -1},
	{"{\"model\":\"m\",\"stream\":\"\"}", GW_BODY_OK, "m", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"stream\":\"no\"}", GW_BODY_OK, "m", 1, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"stream\":0.0}", GW_BODY_OK, "m", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"stream\":0.5}", GW_BODY_OK, "m", 1, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"stream\":2}", GW_BODY_OK, "m", 1, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"stream\":null}", GW_BODY_OK, "m", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"stream\":[1]}", GW_BODY_OK, "m", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"max_tokens\":16.0}", GW_BODY_OK, "m", 0, 0, -1, -2, -1},
	{"{\"model\":\"m\",\"max_tokens\":-5}", GW_BODY_OK, "m", 0, 0, -1, -2, -1},
	{"{\"model\":\"m\",\"max_tokens\":null}", GW_BODY_OK, "m", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"max_tokens\":true}", GW_BODY_OK, "m", 0, 0, -1, -2, -1},
	{"{\"model\":\"m\",\"max_tokens\":[16]}", GW_BODY_OK, "m", 0, 0, -1, -2, -1},
	{"{\"model\":\"m\",\"max_tokens\":0}", GW_BODY_OK, "m", 0, 0, -1, 0, -1},
	{"{\"model\":\"m\",\"max_tokens\":\"16\"}", GW_BODY_OK, "m", 0, 0, -1, -2, -1},
	{"{\"model\":\"m\",\"max_output_tokens\":123456789012345678}", GW_BODY_OK, "m", 0, 0, -1,
	 -1, 123456789012345678LL},
	{"{\"messages\":[{\"model\":\"inner\"}],\"model\":\"outer\"}", GW_BODY_OK, "outer", 0, 0,
	 -1, -1, -1},
	{"{\"model\":\"m\",\"messages\":[{\"content\":\"caf\\u00e9 \\\"q\\\" \\n\\t\\/\"}]}",
	 GW_BODY_OK, "m", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"messages\":[{\"content\":\"caf\xc3\xa9\"}]}", GW_BODY_OK, "m", 0, 0, -1,
	 -1, -1},
	{"{\"model\":\"m\",\"user\":\"u-1\",\"metadata\":{\"a\":[\"b\",{\"c\":\"d\"}]}}",
	 GW_BODY_OK, "m", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"user\":\"a\x7f\"}", GW_BODY_CTL, "", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\x7f\"}", GW_BODY_CTL, "", 0, 0, -1, -1, -1},
	{"{\"model\":\"m\",\"metadata\":{\"k\x7f\":1}}", GW_BODY_CTL, "", 0, 0, -1, -1, -1},
	{"{\"model\":\"\"}", GW_BODY_BAD_MODEL, "", 0, 0, -1, -1, -1},
	{"{\"model\":7}", GW_BODY_BAD_MODEL, "", 0, 0, -1, -1, -1},
	{"{\"messages\":[]}", GW_BODY_BAD_MODEL, "", 0, 0, -1, -1, -1},
	{"{}", GW_BODY_BAD_MODEL, "", 0, 0, -1, -1, -1},
};

/* Bodies where the scanner may answer or not; if it does it must agree. */
static const char *const TRICKY[] = {
	"{\"model\":\"a\",\"model\":\"b\"}",
	"{\"model\":\"a\",\"max_tokens\":1,\"max_tokens\":2}",
	"{\"model\":\"m\",\"metadata\":{\"a\":\"\\n\",\"a\":\"x\"}}",
	"{\"model\":\"m\",\"stream_options\":{\"include_usage\":true,\"include_usage\":false}}",
	"{\"mod\\u0065l\":\"m\"}",
	"{\"model\":\"\\u0067pt\"}",
	"{\"model\":\"a\\u0000b\"}",
	"{\"model\":\"a\\nb\"}",
	"{\"model\":\"m\",\"user\":\"\\u0001\"}",
	"{\"model\":\"m\",\"user\":\"\\u007f\"}",
	"{\"model\":\"m\",\"user\":\"a\nb\"}",
	"{\"model\":\"m\",\"messages\":\"\\ud83d\\ude00\"}",
	"{\"model\":\"m\",\"messages\":\"\\ud83d\"}",
	"{\"model\":\"m\",\"max_tokens\":1e3}",
	"{\"model\":\"m\",\"max_tokens\":1E3}",
	"{\"model\":\"m\",\"max_tokens\":-0}",
	"{\"model\":\"m\",\"max_tokens\":-0.0}",
	"{\"model\":\"m\",\"max_tokens\":016}",
	"{\"model\":\"m\",\"max_tokens\":+16}",
	"{\"model\":\"m\",\"max_tokens\":.5}",
	"{\"model\":\"m\",\"max_tokens\":5.}",
	"{\"model\":\"m\",\"max_tokens\":99999999999999999999}",
	"{\"model\":\"m\",\"max_tokens\":-99999999999999999999}",
	"{\"model\":\"m\",\"max_tokens\":9223372036854775807}",
	"{\"model\":\"m\",\"max_tokens\":NaN}",
	"{\"model\":\"m\",\"stream\":1e-400}",
	"{\"model\":\"m\",\"stream\":True}",
	"{\"model\":\"m\",\"stream\":tru}",
	"{\"model\":\"m\"} ",
	"{\"model\":\"m\"}\n",
	"{\"model\":\"m\"}x",
	"{\"model\":\"m\"}{}",
	"\v{\"model\":\"m\"}",
	"{\"model\":\"m\",}",
	"{\"model\":'m'}",
	"{model:\"m\"}",
	"{\"model\":\"m\" /* c */}",
	"{\"model\":\"m\",\"x\":[1,2,]}",
	"[{\"model\":\"m\"}]",
	"\"model\"",
	"",
	"{",
	"{\"model\":\"m\",\"x\":\"\\x\"}",
	"{\"model\":\"m\",\"x\":\"\\u12\"}",
	"{\"model\":\"m\",\"x\":\"\\uzzzz\"}",
	"{\"model\":\"m\",\"x\":\"\t\"}",
	"{\"model\":\"m\",\"stream_options\":true,\"stream\":true}",
	"{\"model\":\"m\",\"stream_options\":{\"include_usage\":\"yes\"}}",
	"{\"model\":\"m\",\"stream_options\":{\"x\":{\"include_usage\":true}}}",
	"{\"model\":\"m\",\"x\":{\"stream\":true,\"max_tokens\":3}}",
	"{\"model\":\"m\",\"metadata\":null,\"user\":null}",
	"{\"model\":\"m\",\"metadata\":[\"\\\\\"]}",
	"{\"model\":\"m\",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	"{\"model\":\"0123456789012345678901234567890123456789012345678901234567890123456789"
	"0123456789012345678901234567890123456789012345678901234567\"}",
	"{\"model\":\"0123456789012345678901234567890123456789012345678901234567890123456789"
	"012345678901234567890123456789012345678901234567890123456\"}",
};

TEST(gw_body_sure)
{
	for (size_t i = 0; i < sizeof SURE / sizeof SURE[0]; i++) {
		gw_body b;
		const char *s = SURE[i].body;
		int rc = diff(s, strlen(s), &b);
		if (rc != 1)
			fprintf(stderr, "case %zu: %s\n", i, s);
		CHECK_INT(rc, 1);
		CHECK_INT(b.verdict, SURE[i].verdict);
		if (b.verdict != GW_BODY_OK)
			continue;
		CHECK_STR(b.model, SURE[i].model);
		CHECK_INT(b.stream, SURE[i].stream);
		CHECK_INT(b.include_usage, SURE[i].iu);
		CHECK_INT(b.max_completion_tokens, SURE[i].mct);
		CHECK_INT(b.max_tokens, SURE[i].mt);
		CHECK_INT(b.max_output_tokens, SURE[i].mot);
	}
}

/* n, background and the fields that bring stored input, read alike by both readers. */
TEST(gw_body_n_background_server_input)
{
	static const struct {
		const char *body;
		long long n;
		int background, server_input;
	} C[] = {
		{"{\"model\":\"m\"}", -1, 0, 0},
		{"{\"model\":\"m\",\"n\":3}", 3, 0, 0},
		{"{\"model\":\"m\",\"n\":\"3\"}", -2, 0, 0},
		{"{\"model\":\"m\",\"n\":3.0}", -2, 0, 0},
		{"{\"model\":\"m\",\"n\":null}", -1, 0, 0},
		{"{\"model\":\"m\",\"background\":true}", -1, 1, 0},
		{"{\"model\":\"m\",\"background\":false}", -1, 0, 0},
		{"{\"model\":\"m\",\"previous_response_id\":\"resp_1\"}", -1, 0, 1},
		{"{\"model\":\"m\",\"previous_response_id\":null}", -1, 0, 0},
		{"{\"model\":\"m\",\"conversation\":{\"id\":\"c\"}}", -1, 0, 1},
		{"{\"model\":\"m\",\"prompt\":{\"id\":\"p\",\"version\":\"2\"}}", -1, 0, 1},
	};
	for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
		gw_body b;
		CHECK_INT(diff(C[i].body, strlen(C[i].body), &b), 1);
		CHECK_INT(b.n, C[i].n);
		CHECK_INT(b.background, C[i].background);
		CHECK_INT(b.server_input, C[i].server_input);
	}
}

TEST(gw_body_tricky)
{
	for (size_t i = 0; i < sizeof TRICKY / sizeof TRICKY[0]; i++) {
		gw_body b;
		CHECK(diff(TRICKY[i], strlen(TRICKY[i]), &b) >= 0);
	}
	/* duplicates are never guessed: json-c keeps the last one */
	{
		gw_body b;
		CHECK(!gw_body_fast(TRICKY[0], strlen(TRICKY[0]), &b));
		CHECK(!gw_body_fast(TRICKY[2], strlen(TRICKY[2]), &b));
	}
}

/* A body with a NUL inside: the scanner must not answer, whatever surrounds it. */
TEST(gw_body_nul)
{
	static const char body[] = "{\"model\":\"m\",\"x\":\"a\0b\"}";
	gw_body b;
	CHECK_INT(diff(body, sizeof body - 1, &b), 0);
}

/* Deterministic mutations of every body above: flip, insert, delete, duplicate a span. */
TEST(gw_body_mutations)
{
	static const char alphabet[] = "{}[]\",:\\ \t\n0123456789-+.eEtrufalsn\x7f\x01uU\xc3";
	uint64_t x = 0x9e3779b97f4a7c15ull;
	char buf[512];
	int answered = 0;
	for (int round = 0; round < 20000; round++) {
		const char *seed;
		size_t n, cnt = sizeof SURE / sizeof SURE[0] + sizeof TRICKY / sizeof TRICKY[0];
		size_t pick;
		gw_body b;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		pick = x % cnt;
		seed = pick < sizeof SURE / sizeof SURE[0] ? SURE[pick].body
							   : TRICKY[pick - sizeof SURE / sizeof SURE[0]];
		n = strlen(seed);
		if (n >= sizeof buf / 2)
			continue;
		memcpy(buf, seed, n);
		for (int m = 0; m < 1 + (int)(x >> 60) % 3; m++) {
			size_t at;
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			at = n ? (size_t)(x >> 8) % n : 0;
			switch ((x >> 4) % 4) {
			case 0:
				if (n)
					buf[at] = alphabet[(x >> 32) % (sizeof alphabet - 1)];
				break;
			case 1:
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = alphabet[(x >> 32) % (sizeof alphabet - 1)];
				n++;
				break;
			case 2:
				if (n) {
					memmove(buf + at, buf + at + 1, n - at - 1);
					n--;
				}
				break;
			default: {
				size_t len = (size_t)(x >> 40) % 16;
				if (at + len <= n && n + len < sizeof buf / 2 + 16 * 3) {
					memmove(buf + at + len, buf + at, n - at);
					n += len;
				}
			}
			}
		}
		{
			int rc = diff(buf, n, &b);
			CHECK(rc >= 0);
			if (rc < 0)
				return;
			answered += rc;
		}
	}
	/* most mutations break the JSON; enough must survive for the check to mean much */
	CHECK(answered > 1000);
}
