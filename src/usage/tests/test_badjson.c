/*
 * Unit tests for bad input to the response normalizers (issue section 7): every case is
 * refused with a one-line "name:line:column: message" and the right code.
 */
#include "tests/harness.h"

/* Normalize body, expect code and a message containing want (and, if pos, starting with it). */
static int bad(const char *body, size_t len, int code, const char *pos, const char *want)
{
	lc_usage u;
	lc_error err = {0, ""};
	int rc = lc_usage_from_text("x.json", body, len, LC_SHAPE_AUTO, NULL, &u, &err);

	if (rc != code) {
		lc_test_fail(__FILE__, __LINE__, "code %d, want %d (%s)", rc, code, err.msg);
		return 0;
	}
	if (pos && strncmp(err.msg, pos, strlen(pos)) != 0) {
		lc_test_fail(__FILE__, __LINE__, "message '%s' does not start with '%s'", err.msg,
			     pos);
		return 0;
	}
	if (!strstr(err.msg, want)) {
		lc_test_fail(__FILE__, __LINE__, "message '%s' lacks '%s'", err.msg, want);
		return 0;
	}
	if (strchr(err.msg, '\n')) {
		lc_test_fail(__FILE__, __LINE__, "message spans lines: '%s'", err.msg);
		return 0;
	}
	return 1;
}
#define BAD(s, code, pos, want) CHECK(bad(s, sizeof(s) - 1, code, pos, want))

TEST(usage_bad_negative_fraction_type_absurd)
{
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":-5,\"completion_tokens\":1}}",
	    LC_PARSE, "x.json:1:38: ", "negative count -5");
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":12.5}}", LC_PARSE,
	    "x.json:1:38: ", "whole number, got 12.5");
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":1e3}}", LC_PARSE, NULL,
	    "whole number");
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":\"12\"}}", LC_PARSE, NULL,
	    "expected an integer, got a string");
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":true}}", LC_PARSE, NULL,
	    "got a boolean");
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":100000000000000}}",
	    LC_RANGE, NULL, "absurd count 100000000000000");
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":99999999999999999999999}}",
	    LC_RANGE, NULL, "number too large");
	BAD("{\"object\":\"chat.completion\",\"usage\":\"lots\"}", LC_PARSE, NULL,
	    "expected an object");
	BAD("{\"object\":\"chat.completion\",\"model\":7,\"usage\":{\"prompt_tokens\":1}}", LC_PARSE,
	    NULL, "'model': expected a string");
}

TEST(usage_bad_missing_and_inconsistent)
{
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"completion_tokens\":1}}", LC_PARSE, NULL,
	    "missing field 'prompt_tokens'");
	BAD("{\"object\":\"response\",\"usage\":{\"input_tokens\":5}}", LC_PARSE, NULL,
	    "missing field 'output_tokens'");
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1,"
	    "\"prompt_tokens_details\":{\"cached_tokens\":11}}}",
	    LC_PARSE, NULL, "exceed 'prompt_tokens'");
	BAD("{\"usageMetadata\":{\"promptTokenCount\":10,\"cachedContentTokenCount\":11}}", LC_PARSE,
	    NULL, "exceeds promptTokenCount");
	BAD("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}", LC_PARSE,
	    "x.json:1:2: ", "API error response carries no usage: Rate limit reached");
	BAD("{\"hello\":1}", LC_PARSE, "x.json:1:1: ", "not a response of a known provider API");
	BAD("[]", LC_PARSE, NULL, "empty array");
	BAD("  \n ", LC_PARSE, NULL, "empty input");
}

TEST(usage_bad_syntax_positions)
{
	BAD("{\"object\":\"chat.completion\",\n \"usage\":{\"prompt_tokens\":1,}}", LC_PARSE,
	    "x.json:2:29: ", "malformed JSON");
	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":1", LC_PARSE,
	    "x.json:1:55: ", "unexpected end of input");
	BAD("{\"object\":\"chat.completion\"} trailing", LC_PARSE, "x.json:1:30: ",
	    "malformed JSON");
	BAD("{\"object\":\"chat\xff\"}", LC_PARSE, "x.json:1:", "invalid utf-8");
	BAD("{\"object\":\"chat\0\"}", LC_PARSE, "x.json:1:16: ", "NUL byte");
	BAD("{\"a\":1}\xEF\xBB\xBF", LC_PARSE, NULL, "malformed JSON");
	/* a CRLF body parses; positions count lines */
	BAD("{\"object\":\"chat.completion\",\r\n\r\n\"usage\":{\"prompt_tokens\":-1}}", LC_PARSE,
	    "x.json:3:10: ", "negative");
}

TEST(usage_bom_at_start_is_accepted)
{
	static const char body[] = "\xEF\xBB\xBF{\"object\":\"chat.completion\",\"id\":\"c1\",\"usage\":"
				   "{\"prompt_tokens\":7,\"completion_tokens\":2}}";
	lc_usage u;
	lc_error err;
	CHECK_INT(lc_usage_from_response(body, sizeof body - 1, LC_SHAPE_AUTO, NULL, &u, &err), 0);
	CHECK_INT(u.input_tokens, 7);
	CHECK_INT(u.output_tokens, 2);
}

TEST(usage_bad_stream_event_position)
{
	static const char sse[] = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[]}\n\n"
				  "data: {\"object\":\"chat.completion.chunk\",\"usage\":{\"prompt_tokens\":-2}}\n\n";
	CHECK(bad(sse, sizeof sse - 1, LC_PARSE, "x.json:3:", "negative count -2"));
	CHECK(bad("data: {\"a\":\n\n", 13, LC_PARSE, "x.json:1:", "unexpected end of input"));
	CHECK(bad(": just a comment\n\n", 18, LC_PARSE, "x.json: ", "no server-sent events"));
	CHECK(bad("data: {\"hello\":1}\n\n", 19, LC_PARSE, "x.json: ", "not a stream of a known"));
}

/* json-c keeps the last of two equal keys; another reader keeps the first: refused, at the
 * second one. Equal keys in different objects, and a key-like string value, are fine. */
TEST(usage_bad_duplicate_key)
{
	lc_usage u;
	lc_error err = {0, ""};
	static const char ok[] = "{\"object\":\"chat.completion\",\"model\":\"m\",\"x\":\"y:\","
				 "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2},"
				 "\"z\":{\"prompt_tokens\":3}}";

	BAD("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":100,\"prompt_tokens\":5}}",
	    LC_PARSE, "x.json:1:58:", "the key \"prompt_tokens\" twice");
	BAD("{\"a\":1,\n \"b\":{\"c\":1},\n \"a\":2}", LC_PARSE, "x.json:3:2:", "\"a\" twice");
	CHECK_INT(lc_usage_from_text("x.json", ok, sizeof ok - 1, LC_SHAPE_AUTO, NULL, &u, &err),
		  LC_OK);
	CHECK_INT(u.input_tokens, 1);
}

/* The error points at the bad value's key, not the first key of that name in the record
 * (a usage page repeats "output_tokens" in every result). */
TEST(usage_bad_position_of_the_bad_one)
{
	BAD("{\"object\":\"chat.completion\",\"x\":{\"prompt_tokens\":5},\n"
	    " \"usage\":{\"prompt_tokens\":-5}}",
	    LC_PARSE, "x.json:2:11:", "negative count -5");
}
