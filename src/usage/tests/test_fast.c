/*
 * test_fast.c - the usage fast path (src/usage/fast.c) against the json-c reader, its
 * reference: wherever the fast path answers, the record is the one lc_usage_from_text makes;
 * where it is unsure it says so, and lc_usage_from_response still answers through json-c.
 */
#include <dirent.h>
#include <string.h>

#include "src/usage/tests/fixture.h"
#include "usage/usage_int.h"

/* 1 fast path answered and agreed, 0 it was unsure, -1 it answered differently (or the
 * reference refused what the fast path accepted). */
static int diff(const char *data, size_t len, const char *hint)
{
	lc_usage fast, ref;
	lc_error err;
	if (!lcu_fast_openai_chat(data, len, hint, &fast))
		return 0;
	if (lc_usage_from_text(NULL, data, len, LC_SHAPE_OPENAI_CHAT, hint, &ref, &err) != LC_OK)
		return -1;
	return lcu_usage_same(&fast, &ref) ? 1 : -1;
}

static int diff_str(const char *s, const char *hint)
{
	return diff(s, strlen(s), hint);
}

TEST(fast_usage_agrees_on_fixtures)
{
	static const char *const files[] = {"openai/chat.json", "openai/chat-cache-write.json"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t len;
		char *d = fixture_load(files[i], &len);
		CHECK(d != NULL);
		CHECK_INT(diff(d, len, NULL), 1);
		CHECK_INT(diff(d, len, "deepseek"), 1);
		CHECK_INT(diff(d, len, "x-ai"), 1);
		free(d);
	}
}

TEST(fast_usage_reads_what_json_c_reads)
{
	/* the gateway mock's body, cache spellings, xAI reasoning beside output, tiers */
	CHECK_INT(diff_str("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
			   "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
			   "\"assistant\",\"content\":\"Hi \\\"there\\\"\\n\"},\"finish_reason\":\"stop\"}],"
			   "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}",
			   NULL),
		  1);
	CHECK_INT(diff_str("{\"usage\":{\"prompt_tokens\":100,\"prompt_cache_hit_tokens\":40,"
			   "\"cached_tokens\":7,\"completion_tokens\":3}}", "deepseek"), 1);
	CHECK_INT(diff_str("{\"usage\":{\"prompt_tokens\":100,\"prompt_tokens_details\":{\"cached_tokens\":0,"
			   "\"cache_write_tokens\":9},\"prompt_cache_hit_tokens\":40,\"completion_tokens\":3}}",
			   NULL), 1);
	CHECK_INT(diff_str("{\"model\":\"grok-4\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,"
			   "\"completion_tokens_details\":{\"reasoning_tokens\":0},\"reasoning_tokens\":50,"
			   "\"total_tokens\":63}}", NULL), 1);
	CHECK_INT(diff_str("{\"service_tier\":\"flex\",\"usage\":{\"prompt_tokens\":1}}", NULL), 1);
	CHECK_INT(diff_str("{\"service_tier\":\"weird\",\"usage\":{\"prompt_tokens\":1}}", NULL), 1);
	CHECK_INT(diff_str("{\"service_tier\":7,\"created\":1.5,\"usage\":null,\"model\":null}", NULL), 1);
	CHECK_INT(diff_str(" {\"id\":\"\",\"created\":-3,\"usage\":{\"prompt_tokens\":0,"
			   "\"prompt_tokens_details\":null}} \n", NULL), 1);
}

TEST(fast_usage_is_unsure_where_json_c_decides)
{
	lc_usage u;
	lc_error err;
	static const char *const unsure[] = {
		"{\"usage\":{\"prompt_tokens\":1,\"prompt_tokens\":2}}",      /* duplicate key */
		"{\"a\":{\"b\":1,\"b\":1},\"usage\":{\"prompt_tokens\":1}}", /* duplicate, nested */
		"{\"usage\":{\"prompt_tokens\":1.0}}",                        /* not an integer */
		"{\"usage\":{\"prompt_tokens\":-1}}",
		"{\"usage\":{\"completion_tokens\":1}}",                      /* prompt required */
		"{\"usage\":{\"prompt_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":2}}}",
		"{\"usage\":[1]}",
		"{\"error\":{\"message\":\"x\"}}",
		"{\"id\":5,\"usage\":{\"prompt_tokens\":1}}",
		"{\"model\":\"caf\xc3\xa9\",\"usage\":{\"prompt_tokens\":1}}", /* non-ASCII */
		"{\"model\":\"a\\u0000b\",\"usage\":{\"prompt_tokens\":1}}",
		"{\"x\":\"\\ud800\",\"usage\":{\"prompt_tokens\":1}}",
		"{\"x\":1e999,\"usage\":{\"prompt_tokens\":1}}",
		"{\"a\":1 \"usage\":{\"prompt_tokens\":1}}",                  /* missing comma */
		"{,\"usage\":{\"prompt_tokens\":1}}",
		"{\"usage\":{\"prompt_tokens\":1}} x",
		"[{\"usage\":{\"prompt_tokens\":1}}]",
		"{\"usage\":{\"prompt_tokens\":1}",
	};
	for (size_t i = 0; i < sizeof unsure / sizeof unsure[0]; i++) {
		CHECK_INT(lcu_fast_openai_chat(unsure[i], strlen(unsure[i]), NULL, &u), 0);
		/* the public entry point still answers exactly as json-c does */
		lc_usage ref;
		lc_error e2;
		int a = lc_usage_from_response(unsure[i], strlen(unsure[i]), LC_SHAPE_OPENAI_CHAT, NULL,
					       &u, &err);
		int b = lc_usage_from_text(NULL, unsure[i], strlen(unsure[i]), LC_SHAPE_OPENAI_CHAT,
					   NULL, &ref, &e2);
		CHECK_INT(a, b);
		if (a == LC_OK)
			CHECK(lcu_usage_same(&u, &ref));
		else
			CHECK_STR(err.msg, e2.msg);
	}
}

TEST(fast_usage_agrees_on_the_fuzz_corpora)
{
	static const char *const dirs[] = {"fuzz/corpus/usage_fast", "fuzz/corpus/usage_json"};
	int answered = 0;
	for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
		DIR *d = opendir(lc_test_path(dirs[k]));
		struct dirent *e;
		CHECK(d != NULL);
		while (d && (e = readdir(d))) {
			char rel[512], *data = NULL;
			size_t len;
			lc_error err;
			int r;
			if (e->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof rel, "%s/%s", dirs[k], e->d_name);
			if (lc_read_file(lc_test_path(rel), (size_t)1 << 24, &data, &len, &err) != LC_OK)
				continue;
			r = diff(data, len, NULL);
			if (r < 0)
				fprintf(stderr, "fast path disagrees on %s\n", rel);
			CHECK(r >= 0);
			answered += r == 1;
			free(data);
		}
		if (d)
			closedir(d);
	}
	CHECK(answered >= 5);
}
