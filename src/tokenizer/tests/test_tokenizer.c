/*
 * test_tokenizer.c - the tokenizer against tiktoken's own ids (tests/tokenizer/refs/,
 * made by tests/tokenizer/gen-refs.sh from npm tiktoken 1.0.22), the two merge
 * strategies against each other, UTF-8 handling, decoding, the model map and chat counts.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/harness.h"
#include "tokenizer/internal.h"

static const char *const corpus[] = {
	"code", "combining", "contractions", "controls", "crlf", "emoji", "empty",
	"json", "lead", "longwords", "newline", "numbers", "prose-en", "prose-multi",
	"punct", "scripts", "short", "space", "specials", "unicode16", "whitespace", "zerowidth",
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])
static const char *const encs[] = {"o200k_base", "cl100k_base"};

static char *slurp(const char *rel, size_t *len)
{
	char *p = NULL;
	lc_error err;
	if (lc_read_file(lc_test_path(rel), (size_t)1 << 26, &p, len, &err) != LC_OK)
		return NULL;
	return p;
}

/* Parse "1 2 3\n" into ids; returns the count or -1. */
static long parse_ids(const char *s, uint32_t *ids, size_t cap)
{
	size_t n = 0;
	char *end;
	while (*s && *s != '\n') {
		unsigned long v = strtoul(s, &end, 10);
		if (end == s || n == cap)
			return -1;
		ids[n++] = (uint32_t)v;
		s = end;
		while (*s == ' ')
			s++;
	}
	return (long)n;
}

TEST(tok_ids_match_tiktoken_on_the_corpus)
{
	size_t i, k, j, checked = 0;
	static uint32_t want[1 << 16];
	for (k = 0; k < 2; k++) {
		const lc_encoding *e;
		CHECK_INT(lc_encoding_find(encs[k], &e, NULL), 0);
		for (i = 0; i < NCORPUS; i++) {
			char path[256], *text, *ref;
			size_t len, rlen;
			long nwant;
			lc_tokens got = {0};
			snprintf(path, sizeof path, "tests/tokenizer/corpus/%s.txt", corpus[i]);
			CHECK((text = slurp(path, &len)) != NULL);
			snprintf(path, sizeof path, "tests/tokenizer/refs/%s.%s.ids", corpus[i], encs[k]);
			CHECK((ref = slurp(path, &rlen)) != NULL);
			nwant = parse_ids(ref, want, sizeof want / sizeof want[0]);
			CHECK(nwant >= 0);
			CHECK_INT(lc_tok_encode(e, text, len, &got, NULL), 0);
			if (got.n != (size_t)nwant)
				lc_test_fail(__FILE__, __LINE__, "%s %s: %zu ids, want %ld", corpus[i],
					     encs[k], got.n, nwant);
			for (j = 0; j < got.n && j < (size_t)nwant; j++)
				if (got.ids[j] != want[j]) {
					lc_test_fail(__FILE__, __LINE__, "%s %s: id[%zu] = %u, want %u",
						     corpus[i], encs[k], j, got.ids[j], want[j]);
					break;
				}
			lc_tokens_free(&got);
			free(text);
			free(ref);
			checked++;
		}
	}
	CHECK_INT(checked, 2 * NCORPUS);
}

/* The heap merge (long pieces) and the scan (short ones) must agree everywhere. */
TEST(tok_heap_and_scan_merges_agree)
{
	static const char *const texts[] = {
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"abababababababababababababababababab aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"                                                                 x",
		"supercalifragilisticexpialidocious Donaudampfschifffahrtsgesellschaft",
		"日本語日本語日本語日本語日本語 ЁЁЁЁЁЁЁЁЁЁЁЁ 😀😀😀😀😀😀😀😀 !!!!!!!!!!!!!!!!!!!!!!",
	};
	size_t i, k, j;
	for (k = 0; k < 2; k++) {
		const lc_encoding *e;
		CHECK_INT(lc_encoding_find(encs[k], &e, NULL), 0);
		for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
			lc_tokens a = {0}, b = {0};
			lc_tok_sink sa = {&a, 0}, sb = {&b, 0};
			size_t len = strlen(texts[i]);
			CHECK_INT(lc_tok_encode_with(e, texts[i], len, 0, 0, &sa, NULL), 0);
			CHECK_INT(lc_tok_encode_with(e, texts[i], len, SIZE_MAX, 0, &sb, NULL), 0);
			CHECK_INT(a.n, b.n);
			for (j = 0; j < a.n; j++)
				CHECK_INT(a.ids[j], b.ids[j]);
			lc_tokens_free(&a);
			lc_tokens_free(&b);
		}
	}
}

/* The cache of merged pieces (used for long texts) must not change a single id: the
 * whole corpus, concatenated, encoded with and without it. */
TEST(tok_piece_cache_changes_nothing)
{
	lc_buf all;
	size_t i, k, j;
	lc_buf_init(&all, (size_t)1 << 22);
	for (k = 0; k < 4; k++)
		for (i = 0; i < NCORPUS; i++) {
			char path[256], *text;
			size_t len;
			snprintf(path, sizeof path, "tests/tokenizer/corpus/%s.txt", corpus[i]);
			CHECK((text = slurp(path, &len)) != NULL);
			CHECK_INT(lc_buf_append(&all, text, len), 0);
			free(text);
		}
	CHECK(all.len > LC_BPE_CACHE_FROM);
	for (k = 0; k < 2; k++) {
		const lc_encoding *e;
		lc_tokens a = {0}, b = {0};
		lc_tok_sink sa = {&a, 0}, sb = {&b, 0};
		CHECK_INT(lc_encoding_find(encs[k], &e, NULL), 0);
		CHECK_INT(lc_tok_encode_with(e, all.data, all.len, LC_BPE_HEAP_FROM, 1, &sa, NULL), 0);
		CHECK_INT(lc_tok_encode_with(e, all.data, all.len, LC_BPE_HEAP_FROM, 0, &sb, NULL), 0);
		CHECK_INT(a.n, b.n);
		for (j = 0; j < a.n; j++)
			CHECK_INT(a.ids[j], b.ids[j]);
		lc_tokens_free(&a);
		lc_tokens_free(&b);
	}
	lc_buf_free(&all);
}

/* 100,000 repeated letters: tiktoken says 12500 tokens (both encodings), and the
 * heap merge keeps it near-linear (a quadratic merge would take seconds here). */
TEST(tok_pathological_repeats)
{
	size_t n = 100000, count = 0, k;
	char *x = malloc(n);
	CHECK(x != NULL);
	memset(x, 'x', n);
	for (k = 0; k < 2; k++) {
		const lc_encoding *e;
		CHECK_INT(lc_encoding_find(encs[k], &e, NULL), 0);
		CHECK_INT(lc_tok_count(e, x, n, &count, NULL), 0);
		CHECK_INT(count, 12500);
	}
	/* 100,000 spaces: one pre-token of runs of up to 128 spaces (tiktoken: 782) */
	memset(x, ' ', n);
	for (k = 0; k < 2; k++) {
		const lc_encoding *e;
		CHECK_INT(lc_encoding_find(encs[k], &e, NULL), 0);
		CHECK_INT(lc_tok_count(e, x, n, &count, NULL), 0);
		CHECK_INT(count, 782);
	}
	free(x);
}

TEST(tok_roundtrip_and_specials_are_text)
{
	const lc_encoding *e;
	const char *s = "<|endoftext|> héllo wörld 👍🏽";
	lc_tokens t = {0};
	lc_buf b;
	uint32_t eot = 199999, bogus = 5000000;
	size_t i;
	lc_error err;
	CHECK_INT(lc_encoding_find("o200k_base", &e, NULL), 0);
	CHECK_INT(lc_tok_encode(e, s, strlen(s), &t, NULL), 0);
	for (i = 0; i < t.n; i++)
		CHECK(t.ids[i] != eot);
	lc_buf_init(&b, 1 << 16);
	CHECK_INT(lc_tok_decode(e, t.ids, t.n, &b, NULL), 0);
	CHECK_STR(b.data, s);
	lc_buf_reset(&b);
	CHECK_INT(lc_tok_decode(e, &eot, 1, &b, NULL), 0);
	CHECK_STR(b.data, "<|endoftext|>");
	CHECK_INT(lc_tok_decode(e, &bogus, 1, &b, &err), LC_RANGE);
	CHECK(strstr(err.msg, "5000000") != NULL);
	lc_buf_free(&b);
	lc_tokens_free(&t);
	CHECK_INT(lc_encoding_vocab_size(e), 199998);
}

TEST(tok_unknown_encoding_lists_known)
{
	const lc_encoding *e;
	lc_error err;
	CHECK_INT(lc_encoding_find("p50k_base", &e, &err), LC_NOTFOUND);
	CHECK(strstr(err.msg, "p50k_base") != NULL);
	CHECK(strstr(err.msg, "o200k_base, cl100k_base") != NULL);
}

TEST(tok_invalid_utf8_refused_with_offset)
{
	static const struct {
		const char *s;
		size_t len, at;
	} cases[] = {
		{"ok", 2, 2},
		{"ab\xff", 3, 2},             /* never valid */
		{"a\xc0\x80", 3, 1},          /* overlong NUL */
		{"xy\xed\xa0\x80", 5, 2},     /* surrogate */
		{"\xf4\x90\x80\x80", 4, 0},   /* above U+10FFFF */
		{"abcdefgh\xe2\x82", 10, 8},  /* truncated at the end */
		{"\xe2\x82\xac ok", 6, 6},    /* euro sign, valid */
		{"12345678\x80", 9, 8},       /* lone continuation after an ASCII block */
	};
	const lc_encoding *e;
	size_t i, n;
	lc_error err;
	CHECK_INT(lc_encoding_find("cl100k_base", &e, NULL), 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_INT(lc_utf8_invalid_at(cases[i].s, cases[i].len), cases[i].at);
	CHECK_INT(lc_tok_count(e, "ab\xff", 3, &n, &err), LC_PARSE);
	CHECK_STR(err.msg, "invalid UTF-8 at byte 2");
}

TEST(tok_replace_invalid_like_a_decoder)
{
	char *out;
	size_t len;
	CHECK_INT(lc_utf8_replace_invalid("a\xff" "b", 3, &out, &len), 0);
	CHECK_STR(out, "a\xEF\xBF\xBD" "b");
	free(out);
	/* a truncated 3-byte sequence is one maximal subpart: one U+FFFD */
	CHECK_INT(lc_utf8_replace_invalid("\xe2\x82!", 3, &out, &len), 0);
	CHECK_STR(out, "\xEF\xBF\xBD!");
	free(out);
	/* F0 80: F0 cannot be followed by 80, so two replacements */
	CHECK_INT(lc_utf8_replace_invalid("\xf0\x80", 2, &out, &len), 0);
	CHECK_STR(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK_INT(len, 6);
	free(out);
}

TEST(tok_model_map)
{
	lc_tok_model m;
	lc_error err;
	CHECK_INT(lc_tok_model_find("gpt-4o-mini-2024-07-18", &m, NULL), 0);
	CHECK_STR(lc_encoding_name(m.enc), "o200k_base");
	CHECK_STR(m.family, "gpt-4o");
	CHECK(m.exact);
	CHECK_INT(lc_tok_model_find("gpt-4-0613", &m, NULL), 0);
	CHECK_STR(lc_encoding_name(m.enc), "cl100k_base");
	CHECK_INT(lc_tok_model_find("openai/gpt-4.1-nano", &m, NULL), 0);
	CHECK_STR(m.family, "gpt-4.1");
	CHECK_INT(lc_tok_model_find("gpt-3.5-turbo-0301", &m, NULL), 0);
	CHECK_INT(m.per_message, 4);
	CHECK_INT(m.per_name, -1);
	CHECK_INT(lc_tok_model_find("claude-sonnet-4-5", &m, NULL), 0);
	CHECK(!m.exact);
	CHECK(strstr(m.basis, "estimate") != NULL);
	CHECK_INT(lc_tok_model_scale(&m, 100), 120);
	CHECK_INT(lc_tok_model_scale(&m, 1), 2); /* rounded up */
	CHECK_INT(lc_tok_model_find("gpt-4oops", &m, &err), LC_NOTFOUND);
	CHECK_INT(lc_tok_model_find("llama-3-70b", &m, &err), LC_NOTFOUND);
	CHECK(strstr(err.msg, "llama-3-70b") && strstr(err.msg, "gpt-4o"));
}

/* Expected counts computed with tiktoken: 3 per message + role + content, "name" +1,
 * 3 for the reply: the cookbook's num_tokens_from_messages() run over tiktoken's counts
 * gives 31 (o200k_base) and 32 (cl100k_base) for this body. */
TEST(tok_chat_openai_and_anthropic)
{
	static const char body[] =
		"{\"model\":\"gpt-4o\",\"messages\":["
		"{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
		"{\"role\":\"user\",\"name\":\"bob\",\"content\":\"What's the capital of France?\"},"
		"{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Paris.\"}]}]}";
	static const char anth[] =
		"{\"system\":\"You are a helpful assistant.\",\"messages\":["
		"{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},"
		"{\"type\":\"image\",\"source\":{}}]}]}";
	lc_tok_model m;
	size_t n, skipped;
	lc_error err;
	CHECK_INT(lc_tok_model_find("gpt-4o", &m, NULL), 0);
	CHECK_INT(lc_tok_count_chat(&m, body, strlen(body), &n, &skipped, NULL), 0);
	CHECK_INT(n, 31);
	CHECK_INT(skipped, 0);
	CHECK_INT(lc_tok_model_find("gpt-4", &m, NULL), 0);
	CHECK_INT(lc_tok_count_chat(&m, body, strlen(body), &n, NULL, NULL), 0);
	CHECK_INT(n, 32);
	/* system 3+1+6, user 3+1+1, priming 3 = 18 (o200k: "system"=1, "You are a helpful
	 * assistant."=6, "user"=1, "Hi"=1); the image is skipped */
	CHECK_INT(lc_tok_model_find("gpt-4o", &m, NULL), 0);
	CHECK_INT(lc_tok_count_chat(&m, anth, strlen(anth), &n, &skipped, NULL), 0);
	CHECK_INT(n, 18);
	CHECK_INT(skipped, 1);
	CHECK_INT(lc_tok_count_chat(&m, "{\"messages\": 3}", 15, &n, NULL, &err), LC_PARSE);
	CHECK_INT(lc_tok_count_chat(&m, "{\"messages\": [", 14, &n, NULL, &err), LC_PARSE);
	CHECK_INT(lc_tok_count_chat(&m, "{\"messages\":[1]}", 16, &n, NULL, &err), LC_PARSE);
	CHECK(strstr(err.msg, "messages[0]") != NULL);
}
