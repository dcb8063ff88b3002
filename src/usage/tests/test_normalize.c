/*
 * Unit tests for the per-provider normalizers, one per fixture, and the FORMATS.md pitfalls
 * and golden vectors on the token side (the money side is pricing's).
 */
#include "src/usage/tests/fixture.h"

TEST(usage_openai_chat_golden_gpt5)
{
	/* golden vector: prompt 2006, cached 1920, completion 300 (reasoning 128) */
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("openai/chat.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 86, 1920, 0, 0, 300, 128); /* pitfall 1: cached priced once */
	CHECK_STR(u.provider, "openai");
	CHECK_STR(u.model, "gpt-5-2025-08-07");
	CHECK_STR(u.id, "openai:chatcmpl-C1x9");
	CHECK_INT(u.time, INT64_C(1760000000000));
	CHECK_INT(u.tier, LC_TIER_STANDARD);
	CHECK_INT(u.flags, 0);
	CHECK_INT(lc_usage_input_total(&u), 2006);
}

TEST(usage_openai_chat_cache_write_subtracted)
{
	/* pitfall 2: cache_write_tokens are inside prompt_tokens too */
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("openai/chat-cache-write.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 1000, 1000, 3000, 0, 40, 0);
	CHECK_INT(u.tier, LC_TIER_FLEX);
}

TEST(usage_openai_chat_stream_with_usage)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("openai/chat-stream.sse", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 86, 1920, 0, 0, 300, 128);
	CHECK_STR(u.id, "openai:chatcmpl-S1");
	CHECK_INT(u.flags, 0);
}

TEST(usage_openai_chat_stream_without_usage_is_flagged)
{
	/* pitfall 10: no include_usage -> "usage missing", never a silent zero */
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("openai/chat-stream-nousage.sse", NULL, &u, &err), 0);
	CHECK_INT(u.flags, LC_USAGE_NO_USAGE);
	CHECK_STR(u.model, "gpt-4o-mini");
	CHECK_STR(u.id, "openai:chatcmpl-S2");
}

TEST(usage_openai_chat_stream_interrupted_is_partial)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("openai/chat-stream-cut.sse", NULL, &u, &err), 0);
	CHECK_INT(u.flags, LC_USAGE_NO_USAGE | LC_USAGE_PARTIAL);
	CHECK_STR(u.id, "openai:chatcmpl-S3");
}

TEST(usage_openai_responses_json)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("openai/responses.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 328, 0, 0, 0, 52, 0);
	CHECK_STR(u.id, "openai:resp_68a1");
	CHECK_STR(u.model, "gpt-5.5");
	CHECK_INT(u.time, INT64_C(1760000500000));
}

TEST(usage_openai_responses_stream)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("openai/responses-stream.sse", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 176, 1024, 0, 0, 700, 512); /* pitfall 4: reasoning inside output */
	CHECK_STR(u.model, "o4-mini-2025-04-16");
	CHECK_INT(u.tier, LC_TIER_STANDARD);
	CHECK_INT(u.flags, 0);
}

TEST(usage_openai_embeddings_get_body_hash_id)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("openai/embeddings.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 8, 0, 0, 0, 0, 0);
	CHECK_STR(u.model, "text-embedding-3-small");
	CHECK(strncmp(u.id, "openai:body-", 12) == 0);
}

TEST(usage_anthropic_message)
{
	/* pitfall 3: Anthropic input excludes cache: kinds stay as given */
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("anthropic/message.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 1, 88936, 406, 0, 55, 0);
	CHECK_INT(u.web_search_requests, 2);
	CHECK_STR(u.id, "anthropic:msg_01B2EwDuae6XL6zamo2fwgcc");
	CHECK_STR(u.provider, "anthropic");
	CHECK(lc_usage_get_tag(&u, "inference_geo") == NULL);
	CHECK_INT(lc_usage_input_total(&u), 89343);
}

TEST(usage_anthropic_golden_1h_long_context)
{
	/* golden vector 1 (token side) and pitfall 8: the 1h writes stay 1h */
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("anthropic/message-1h.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 1000, 250000, 0, 4000, 2000, 700);
	CHECK_INT(lc_usage_input_total(&u), 255000); /* > 200k: long-context tier */
	CHECK_INT(u.tier, LC_TIER_PRIORITY);
	CHECK(u.flags & LC_USAGE_FAST);
	CHECK_STR(lc_usage_get_tag(&u, "inference_geo"), "us");
}

TEST(usage_anthropic_golden_total_only_counts_as_5m)
{
	/* golden vector 2: only cache_creation_input_tokens -> 5m */
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("anthropic/message-total-only.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 1000, 50000, 4000, 0, 2000, 0);
	CHECK_INT(lc_usage_input_total(&u), 55000);
}

TEST(usage_anthropic_split_short_of_total_keeps_rest_as_5m)
{
	static const char body[] =
		"{\"type\":\"message\",\"id\":\"msg_x\",\"model\":\"claude-opus-4-1\",\"usage\":{"
		"\"input_tokens\":3,\"cache_creation_input_tokens\":500,\"cache_creation\":"
		"{\"ephemeral_1h_input_tokens\":300},\"output_tokens\":2}}";
	lc_usage u;
	lc_error err;
	CHECK_INT(lc_usage_from_response(body, sizeof body - 1, LC_SHAPE_AUTO, NULL, &u, &err), 0);
	CHECK_TOKENS(u, 3, 0, 200, 300, 2, 0);
}

TEST(usage_anthropic_stream_deltas_are_cumulative)
{
	/* pitfall 9: output is the last delta's 15, not 1 + 9 + 15; input and cache are not
	 * doubled, and the 5m/1h split from message_start survives a delta repeating the total */
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("anthropic/stream.sse", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 25, 3000, 200, 1000, 15, 0);
	CHECK_INT(u.web_search_requests, 1);
	CHECK_INT(u.flags, 0);
	CHECK_STR(u.model, "claude-sonnet-4-5-20250929");
	CHECK_STR(u.id, "anthropic:msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
}

TEST(usage_anthropic_stream_cut_is_partial)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("anthropic/stream-cut.sse", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 500, 0, 0, 0, 40, 0);
	CHECK_INT(u.flags, LC_USAGE_PARTIAL);
}

TEST(usage_gemini_golden)
{
	/* golden vector: prompt 55021 incl. 40000 cached; output = 923 + 785 thoughts */
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("gemini/response.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 15021, 40000, 0, 0, 1708, 785); /* pitfall 5 */
	CHECK_STR(u.provider, "google");
	CHECK_STR(u.model, "gemini-2.5-pro");
	CHECK_STR(u.id, "google:mJ1ZaKeRNvOPmNAP4tfJ8Qg");
}

TEST(usage_gemini_stream_tool_use_prompt_is_input)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("gemini/stream.sse", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 832, 0, 0, 0, 301, 264);
	CHECK_INT(u.flags, 0);
}

TEST(usage_gemini_rest_stream_array)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("gemini/stream-array.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 10, 0, 0, 0, 4, 0);
	CHECK_STR(u.model, "gemini-2.0-flash");
}

TEST(usage_deepseek_cache_hits)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("deepseek/chat.json", "deepseek", &u, &err), 0);
	CHECK_TOKENS(u, 176, 1024, 0, 0, 80, 0);
	CHECK_STR(u.provider, "deepseek");
	CHECK_STR(u.id, "deepseek:930c60df-bf64-41c9-a88e-3ec75f81e00e");
	CHECK_INT(fixture_usage("deepseek/chat-hit-only.json", "DeepSeek", &u, &err), 0);
	CHECK_TOKENS(u, 88, 512, 0, 0, 900, 850); /* reasoning inside: total = 600 + 900 */
}

TEST(usage_groq_stream_x_groq_usage)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("groq/stream.sse", "groq", &u, &err), 0);
	CHECK_TOKENS(u, 45, 0, 0, 0, 120, 0);
	CHECK_STR(u.provider, "groq");
	CHECK_INT(u.flags, 0);
}

TEST(usage_xai_reasoning_beside_completion)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("xai/chat.json", "xai", &u, &err), 0);
	CHECK_STR(u.provider, "x-ai");
	CHECK_TOKENS(u, 26, 6, 0, 0, 319, 310);
	/* without the hint the totals tell the same story: 351 = 32 + 9 + 310 */
	CHECK_INT(fixture_usage("xai/chat.json", NULL, &u, &err), 0);
	CHECK_TOKENS(u, 26, 6, 0, 0, 319, 310);
}

TEST(usage_moonshot_and_mistral)
{
	lc_usage u;
	lc_error err;
	CHECK_INT(fixture_usage("moonshot/chat.json", "moonshot", &u, &err), 0);
	CHECK_STR(u.provider, "moonshotai");
	CHECK_TOKENS(u, 952, 2048, 0, 0, 50, 0);
	CHECK_INT(fixture_usage("mistral/chat.json", "mistral", &u, &err), 0);
	CHECK_STR(u.provider, "mistral");
	CHECK_TOKENS(u, 16, 0, 0, 0, 34, 0);
}

TEST(usage_shape_forced_and_provider_aliases)
{
	char p[LC_PROVIDER_MAX];
	CHECK_INT(lc_provider_normalize("gcp.vertex_ai", p), 0);
	CHECK_STR(p, "google");
	CHECK_INT(lc_provider_normalize("Groq", p), 0);
	CHECK_STR(p, "groq");
	CHECK_INT(lc_provider_normalize("", p), LC_INVAL);
}

TEST(usage_anthropic_delta_nulls_keep_message_start)
{
	/* pitfall 9 (langchain #32524): a delta's input_tokens may be null */
	static const char sse[] =
		"event: message_start\n"
		"data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_n\",\"model\":\"claude-x\","
		"\"usage\":{\"input_tokens\":120,\"cache_read_input_tokens\":800,\"output_tokens\":1}}}\n\n"
		"event: message_delta\n"
		"data: {\"type\":\"message_delta\",\"usage\":{\"input_tokens\":null,"
		"\"cache_read_input_tokens\":null,\"output_tokens\":42}}\n\n"
		"event: message_stop\n"
		"data: {\"type\":\"message_stop\"}\n\n";
	lc_usage u;
	lc_error err;
	CHECK_INT(lc_usage_from_response(sse, sizeof sse - 1, LC_SHAPE_AUTO, NULL, &u, &err), 0);
	CHECK_TOKENS(u, 120, 800, 0, 0, 42, 0);
	CHECK_INT(u.flags, 0);
}

TEST(usage_service_tier_spellings)
{
	/* pitfall 14: the tier picks the price row; exports spell it several ways */
	static const char body[] = "{\"object\":\"chat.completion\",\"id\":\"t\",\"service_tier\":"
				   "\"incentivized-tier\",\"usage\":{\"prompt_tokens\":1}}";
	lc_tier t;
	lc_usage u;
	lc_error err;
	CHECK_INT(lc_tier_parse("flex-tier", &t), 0);
	CHECK_INT(t, LC_TIER_FLEX);
	CHECK_INT(lc_tier_parse("scale", &t), 0);
	CHECK_INT(t, LC_TIER_PRIORITY);
	CHECK_INT(lc_tier_parse("priority_on_demand", &t), 0);
	CHECK_INT(t, LC_TIER_PRIORITY);
	CHECK_INT(lc_tier_parse("cheapest", &t), LC_NOTFOUND);
	/* an unknown spelling is kept visible as a tag and priced as standard */
	CHECK_INT(lc_usage_from_response(body, sizeof body - 1, LC_SHAPE_AUTO, NULL, &u, &err), 0);
	CHECK_INT(u.tier, LC_TIER_STANDARD);
	CHECK_STR(lc_usage_get_tag(&u, "service_tier"), "incentivized-tier");
}

TEST(usage_openai_chat_litellm_cache_creation_subtracted)
{
	/* pitfall 2: a LiteLLM proxy answers for Claude in OpenAI shape, folding cache reads AND
	 * writes into prompt_tokens and naming the writes cache_creation_input_tokens; reading
	 * only cached_tokens billed the writes as plain input (1x, not 1.25x) */
	static const char body[] =
		"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"claude-sonnet-4-5\","
		"\"usage\":{\"prompt_tokens\":5250,\"completion_tokens\":100,\"total_tokens\":5350,"
		"\"prompt_tokens_details\":{\"cached_tokens\":4000},"
		"\"cache_creation_input_tokens\":250,\"cache_read_input_tokens\":4000}}";
	/* an older proxy left the writes out of prompt_tokens: then they are beside it */
	static const char beside[] =
		"{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"model\":\"claude-sonnet-4-5\","
		"\"usage\":{\"prompt_tokens\":4100,\"completion_tokens\":100,"
		"\"prompt_tokens_details\":{\"cached_tokens\":4000},"
		"\"cache_creation_input_tokens\":250}}";
	lc_usage u;
	lc_error err;
	CHECK_INT(lc_usage_from_text("l.json", body, sizeof body - 1, LC_SHAPE_AUTO, "anthropic", &u,
				     &err),
		  0);
	CHECK_TOKENS(u, 1000, 4000, 250, 0, 100, 0);
	CHECK_INT(lc_usage_from_text("l.json", beside, sizeof beside - 1, LC_SHAPE_AUTO, "anthropic",
				     &u, &err),
		  0);
	CHECK_TOKENS(u, 100, 4000, 250, 0, 100, 0);
}
