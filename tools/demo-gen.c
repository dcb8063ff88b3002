/*
 * demo-gen.c - writes the sample dataset that `make run` imports (scripts/demo.sh): two
 * weeks of a small company's LLM traffic, as the files such a company really has.
 *
 *   search/anthropic/DAY.jsonl    saved Anthropic Messages responses (claude-sonnet-4-5,
 *                                 claude-haiku-4-5) with 5m and 1h cache writes; no
 *                                 timestamp inside, so each file's mtime is set to its day
 *   ads/openai/chat-DAY.jsonl     saved OpenAI chat completions (gpt-5, gpt-5-mini), cached
 *                                 input, reasoning tokens
 *   ads/openai/stream-N.sse       streamed chat completions with include_usage
 *   platform/batch/DAY.jsonl      OpenAI Batch API output (gpt-4o-mini, 50% tier)
 *   research/otel/DAY.json        OTLP JSON traces with GenAI spans (gemini-2.5-pro,
 *                                 claude-sonnet-4-5, and a self-hosted model with no price)
 *
 * Deterministic: a fixed seed and fixed dates (2025-11-03 .. 2025-11-16), so every run
 * writes the same bytes. Weekdays are busier than weekends; sizes are heavy-tailed.
 * usage: demo-gen OUTDIR
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define DAYS 14
#define DAY0 1762128000LL /* 2025-11-03T00:00:00Z, a Monday */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void) /* xorshift64* */
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static long uniform(long lo, long hi) { return lo + (long)(next() % (uint64_t)(hi - lo + 1)); }

/* Heavy-tailed size: mostly small, sometimes very large (a crude Pareto). */
static long heavy(long base, long cap)
{
	double u = (double)(next() >> 11) / 9007199254740992.0;
	double v = (double)base / (0.05 + 0.95 * u * u);
	return v > (double)cap ? cap : (long)v;
}

static void mkdirs(const char *path)
{
	char tmp[4096];
	size_t i, n = strlen(path);
	if (n >= sizeof tmp)
		exit(2);
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (tmp[i] == '/' || tmp[i] == '\0') {
			char c = tmp[i];
			tmp[i] = '\0';
			if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
				perror(tmp);
				exit(1);
			}
			tmp[i] = c;
		}
	}
}

static FILE *open_out(const char *dir, const char *sub, const char *name)
{
	char d[4096], p[4096];
	FILE *f;
	snprintf(d, sizeof d, "%s/%s", dir, sub);
	mkdirs(d);
	snprintf(p, sizeof p, "%s/%s", d, name);
	f = fopen(p, "w");
	if (!f) {
		perror(p);
		exit(1);
	}
	return f;
}

static void set_mtime(const char *dir, const char *sub, const char *name, long long t)
{
	char p[4096];
	struct timespec ts[2];
	snprintf(p, sizeof p, "%s/%s/%s", dir, sub, name);
	ts[0].tv_sec = ts[1].tv_sec = (time_t)t;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	utimensat(AT_FDCWD, p, ts, 0);
}

static void day_name(int day, char *buf, size_t cap)
{
	time_t t = (time_t)(DAY0 + (long long)day * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%d", &tm);
}

static int weekend(int day) { return day % 7 >= 5; }

/* n-1 random characters of alphabet a (62 letters and digits, or 16 hex digits). */
static void randid(char *buf, size_t n, const char *a)
{
	size_t i, k = strlen(a);
	for (i = 0; i + 1 < n; i++)
		buf[i] = a[next() % k];
	buf[n - 1] = '\0';
}

static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char HEX[] = "0123456789abcdef";

/* ------------------------------------------------------------------ teams */

static void anthropic_day(const char *out, int day)
{
	char name[64], id[25], d[16];
	int i, n = weekend(day) ? (int)uniform(8, 15) : (int)uniform(45, 70);
	FILE *f;

	day_name(day, d, sizeof d);
	snprintf(name, sizeof name, "%s.jsonl", d);
	f = open_out(out, "search/anthropic", name);
	for (i = 0; i < n; i++) {
		int haiku = next() % 4 == 0;
		long in = uniform(1, 40), rd = heavy(8000, 180000), w5 = 0, w1 = 0;
		long outp = heavy(200, 8000);
		if (next() % 3 == 0)
			w5 = uniform(200, 6000);
		else if (next() % 5 == 0)
			w1 = uniform(1000, 20000);
		randid(id, sizeof id, ALNUM);
		fprintf(f,
			"{\"id\":\"msg_01%s\",\"type\":\"message\",\"role\":\"assistant\","
			"\"model\":\"%s\",\"content\":[{\"type\":\"text\",\"text\":\"...\"}],"
			"\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":%ld,"
			"\"cache_creation_input_tokens\":%ld,\"cache_read_input_tokens\":%ld,"
			"\"cache_creation\":{\"ephemeral_5m_input_tokens\":%ld,"
			"\"ephemeral_1h_input_tokens\":%ld},\"output_tokens\":%ld,"
			"\"service_tier\":\"standard\"}}\n",
			id, haiku ? "claude-haiku-4-5-20251001" : "claude-sonnet-4-5-20250929", in,
			w5 + w1, rd, w5, w1, outp);
	}
	fclose(f);
	set_mtime(out, "search/anthropic", name, DAY0 + (long long)day * 86400 + 17 * 3600);
}

static void openai_day(const char *out, int day)
{
	char name[64], id[30], d[16];
	int i, n = weekend(day) ? (int)uniform(10, 20) : (int)uniform(60, 100);
	FILE *f;

	day_name(day, d, sizeof d);
	snprintf(name, sizeof name, "chat-%s.jsonl", d);
	f = open_out(out, "ads/openai", name);
	for (i = 0; i < n; i++) {
		int mini = next() % 3 != 0;
		long prompt = heavy(1500, 60000), cached = (long)(prompt * (long)uniform(0, 90) / 100);
		long reasoning = uniform(0, 2000), completion = reasoning + heavy(150, 4000);
		long long t = DAY0 + (long long)day * 86400 + uniform(7 * 3600, 22 * 3600);
		randid(id, sizeof id, ALNUM);
		fprintf(f,
			"{\"id\":\"chatcmpl-%s\",\"object\":\"chat.completion\",\"created\":%lld,"
			"\"model\":\"%s\",\"service_tier\":\"default\",\"choices\":[{\"index\":0,"
			"\"message\":{\"role\":\"assistant\",\"content\":\"...\"},"
			"\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":%ld,"
			"\"completion_tokens\":%ld,\"total_tokens\":%ld,\"prompt_tokens_details\":"
			"{\"cached_tokens\":%ld,\"audio_tokens\":0},\"completion_tokens_details\":"
			"{\"reasoning_tokens\":%ld,\"audio_tokens\":0}}}\n",
			id, t, mini ? "gpt-5-mini-2025-08-07" : "gpt-5-2025-08-07", prompt, completion,
			prompt + completion, cached, reasoning);
	}
	fclose(f);
}

static void openai_streams(const char *out)
{
	char name[64], id[30];
	int i;
	for (i = 0; i < 6; i++) {
		long long t = DAY0 + (long long)(i * 2) * 86400 + 10 * 3600 + i * 60;
		long prompt = uniform(500, 9000), completion = uniform(50, 900);
		FILE *f;
		snprintf(name, sizeof name, "stream-%d.sse", i + 1);
		f = open_out(out, "ads/openai", name);
		randid(id, sizeof id, ALNUM);
		fprintf(f,
			"data: {\"id\":\"chatcmpl-%s\",\"object\":\"chat.completion.chunk\","
			"\"created\":%lld,\"model\":\"gpt-5-mini-2025-08-07\",\"choices\":[{\"index\":0,"
			"\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}],"
			"\"usage\":null}\n\n"
			"data: {\"id\":\"chatcmpl-%s\",\"object\":\"chat.completion.chunk\","
			"\"created\":%lld,\"model\":\"gpt-5-mini-2025-08-07\",\"choices\":[{\"index\":0,"
			"\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
			"data: {\"id\":\"chatcmpl-%s\",\"object\":\"chat.completion.chunk\","
			"\"created\":%lld,\"model\":\"gpt-5-mini-2025-08-07\",\"choices\":[],"
			"\"usage\":{\"prompt_tokens\":%ld,\"completion_tokens\":%ld,\"total_tokens\":%ld,"
			"\"prompt_tokens_details\":{\"cached_tokens\":0},"
			"\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
			"data: [DONE]\n\n",
			id, t, id, t, id, t, prompt, completion, prompt + completion);
		fclose(f);
	}
}

static void batch_day(const char *out, int day)
{
	char name[64], id[30], d[16];
	int i, n;
	FILE *f;

	if (weekend(day))
		return; /* the nightly batch runs on weekdays */
	n = (int)uniform(80, 120);
	day_name(day, d, sizeof d);
	snprintf(name, sizeof name, "batch-%s.jsonl", d);
	f = open_out(out, "platform/batch", name);
	for (i = 0; i < n; i++) {
		long prompt = heavy(400, 6000), completion = uniform(5, 300);
		long long t = DAY0 + (long long)day * 86400 + 2 * 3600 + i * 7;
		randid(id, sizeof id, ALNUM);
		fprintf(f,
			"{\"id\":\"batch_req_%s\",\"custom_id\":\"%s-doc-%d\",\"response\":"
			"{\"status_code\":200,\"request_id\":\"req_%s\",\"body\":{\"id\":"
			"\"chatcmpl-%s\",\"object\":\"chat.completion\",\"created\":%lld,\"model\":"
			"\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"batch\",\"choices\":[{\"index\":0,"
			"\"message\":{\"role\":\"assistant\",\"content\":\"...\"},\"finish_reason\":"
			"\"stop\"}],\"usage\":{\"prompt_tokens\":%ld,\"completion_tokens\":%ld,"
			"\"total_tokens\":%ld,\"prompt_tokens_details\":{\"cached_tokens\":0},"
			"\"completion_tokens_details\":{\"reasoning_tokens\":0}}}},\"error\":null}\n",
			id, d, i, id, id, t, prompt, completion, prompt + completion);
	}
	fclose(f);
}

static void otel_attr_s(FILE *f, const char *k, const char *v, int comma)
{
	fprintf(f, "%s{\"key\":\"%s\",\"value\":{\"stringValue\":\"%s\"}}", comma ? "," : "", k, v);
}

static void otel_attr_i(FILE *f, const char *k, long v)
{
	fprintf(f, ",{\"key\":\"%s\",\"value\":{\"intValue\":\"%ld\"}}", k, v);
}

static void otel_day(const char *out, int day)
{
	static const struct {
		const char *provider, *model;
	} models[] = {
		{"gcp.gemini", "gemini-2.5-pro"},
		{"anthropic", "claude-sonnet-4-5-20250929"},
		{"acme", "acme-coder-7b"}, /* self-hosted: no public price */
	};
	char name[64], d[16], trace[33], span[17];
	int i, n = weekend(day) ? 5 : (int)uniform(20, 35);
	FILE *f;

	day_name(day, d, sizeof d);
	snprintf(name, sizeof name, "traces-%s.json", d);
	f = open_out(out, "research/otel", name);
	fprintf(f, "{\"resourceSpans\":[{\"resource\":{\"attributes\":[");
	otel_attr_s(f, "service.name", "research-agent", 0);
	fprintf(f, "]},\"scopeSpans\":[{\"scope\":{\"name\":\"opentelemetry.instrumentation.genai\"},"
		   "\"spans\":[\n");
	for (i = 0; i < n; i++) {
		int m = (int)(next() % 10);
		long long start = (DAY0 + (long long)day * 86400 + uniform(8 * 3600, 20 * 3600)) *
				  1000000000LL;
		long in = heavy(3000, 400000), cr = m < 5 ? in * uniform(0, 60) / 100 : 0;
		long outp = heavy(300, 9000);
		m = m < 5 ? 0 : m < 9 ? 1 : 2;
		randid(trace, sizeof trace, HEX);
		randid(span, sizeof span, HEX);
		fprintf(f,
			"%s{\"traceId\":\"%s\",\"spanId\":\"%s\",\"name\":\"chat %s\",\"kind\":3,"
			"\"startTimeUnixNano\":\"%lld\",\"endTimeUnixNano\":\"%lld\",\"attributes\":[",
			i ? ",\n" : "", trace, span, models[m].model, start,
			start + uniform(500, 30000) * 1000000LL);
		otel_attr_s(f, "gen_ai.operation.name", "chat", 0);
		otel_attr_s(f, "gen_ai.provider.name", models[m].provider, 1);
		otel_attr_s(f, "gen_ai.request.model", models[m].model, 1);
		otel_attr_s(f, "gen_ai.response.model", models[m].model, 1);
		otel_attr_s(f, "gen_ai.response.id", span, 1);
		otel_attr_i(f, "gen_ai.usage.input_tokens", in);
		otel_attr_i(f, "gen_ai.usage.cache_read.input_tokens", cr);
		otel_attr_i(f, "gen_ai.usage.output_tokens", outp);
		fprintf(f, "]}");
	}
	fprintf(f, "\n]}]}]}\n");
	fclose(f);
}

int main(int argc, char **argv)
{
	int day;
	if (argc != 2) {
		fprintf(stderr, "usage: demo-gen OUTDIR\n");
		return 2;
	}
	for (day = 0; day < DAYS; day++) {
		anthropic_day(argv[1], day);
		openai_day(argv[1], day);
		batch_day(argv[1], day);
		otel_day(argv[1], day);
	}
	openai_streams(argv[1]);
	return 0;
}
