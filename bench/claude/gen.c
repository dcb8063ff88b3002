/*
 * gen.c - a generator of realistic Claude Code and Codex CLI log trees, deterministic by
 * seed, for bench/claude and for anyone who wants to try llmcost on a big tree.
 *
 *   gen claude OUTDIR [--seed N] [--mb 300] [--files 1320]
 *       writes OUTDIR/projects/<project>/<session>.jsonl and OUTDIR/manifest.json
 *   gen codex OUTDIR [--seed N] [--mb 20] [--files 200]
 *       writes OUTDIR/sessions/YYYY/MM/DD/rollout-*.jsonl and OUTDIR/manifest.json
 *
 * What a real tree has and this one too: user lines carrying large tool results (most of
 * the bytes; some mention "usage" in their text), assistant lines with usage, one line
 * per content block of a message (same message.id and requestId, same usage), sidechain
 * (sub-agent) messages, some without requestId, resumed sessions that copy earlier history
 * into a new file, <synthetic> and API-error lines with zero usage, summary lines, a
 * heavy-tailed (Pareto) file size distribution, and truncated last lines.
 *
 * manifest.json holds the ground truth the benchmark checks answers against: token totals
 * with duplicates removed by message.id + requestId, falling back to message.id ("dedup"),
 * and the totals a reader that dedups only lines having both ids gets ("pair_only", what
 * ccusage 18 and 20 count). Codex: the sum of positive deltas of cumulative totals.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ------------------------------------------------------------------ randomness */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64: tiny, fast, and the same on every machine */
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double unif(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static int64_t range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static int chance(double p)
{
	return unif() < p;
}

/* Log-uniform between lo and hi: many small values, a long tail of large ones. */
static int64_t logu(double lo, double hi)
{
	return (int64_t)exp(log(lo) + unif() * (log(hi) - log(lo)));
}

static void ident(char *out, size_t n, const char *prefix)
{
	static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	size_t k = strlen(prefix), i;
	memcpy(out, prefix, k);
	for (i = k; i + 1 < n; i++)
		out[i] = b62[rnd() % 62];
	out[n - 1] = '\0';
}

static void uuid(char *out)
{
	snprintf(out, 37, "%08x-%04x-4%03x-a%03x-%012" PRIx64, (unsigned)rnd(),
		 (unsigned)(rnd() & 0xffff), (unsigned)(rnd() & 0xfff), (unsigned)(rnd() & 0xfff),
		 (uint64_t)(rnd() & 0xffffffffffffULL));
}

static void iso(char out[80], int64_t ms)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	snprintf(out, 80, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

static void mkdirs(const char *path)
{
	char tmp[4096];
	size_t i, n = strlen(path);
	if (n >= sizeof tmp)
		exit(2);
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++)
		if (tmp[i] == '/' || tmp[i] == '\0') {
			char c = tmp[i];
			tmp[i] = '\0';
			if (mkdir(tmp, 0755) < 0 && errno != EEXIST) {
				perror(tmp);
				exit(2);
			}
			tmp[i] = c;
		}
}

/* Random prose with the escapes real tool output has (newlines, quotes, tabs, unicode). */
static void prose(FILE *f, int64_t n)
{
	static const char *words[] = {"the", "function", "return", "const", "error", "value",
				      "import", "test", "file", "line", "build", "make", "if",
				      "struct", "user", "data", "path", "usage", "config"};
	int64_t w = 0;
	while (w < n) {
		const char *x = words[rnd() % (sizeof words / sizeof words[0])];
		int r = (int)(rnd() % 40);
		fputs(x, f);
		w += (int64_t)strlen(x) + 1;
		if (r == 0)
			fputs("\\n", f), w += 2;
		else if (r == 1)
			fputs(" \\\"usage\\\": ", f), w += 14;
		else if (r == 2)
			fputs("\\t", f), w += 2;
		else if (r == 3)
			fputs(" caf\\u00e9 ", f), w += 11;
		else
			fputc(' ', f);
	}
}

/* ------------------------------------------------------------------ Claude Code */

typedef struct totals {
	int64_t input, output, cache_create, cache_read, messages;
} totals;

typedef struct amsg {
	char mid[32], req[40];
	int has_req, sidechain, fast, blocks;
	int64_t in, out, cr, c5, c1;
	int64_t ms;
	int model;
} amsg;

static const char *models[] = {"claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805",
			       "claude-haiku-4-5-20251001", "claude-opus-4-6",
			       "claude-sonnet-4-6"};

/* Dedup sets for the truth: an open-addressing set of 64-bit key hashes. */
typedef struct set {
	uint64_t *v;
	size_t cap, n;
} set;

static int set_add(set *s, const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;
	const char *p;
	size_t i;
	for (p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ ':') * 1099511628211ULL;
	for (p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h |= 1;
	if (s->n * 2 >= s->cap) {
		set ns = {calloc(s->cap ? s->cap * 2 : 1024, 8), s->cap ? s->cap * 2 : 1024, 0};
		for (i = 0; i < s->cap; i++)
			if (s->v[i]) {
				size_t j = s->v[i] & (ns.cap - 1);
				while (ns.v[j])
					j = (j + 1) & (ns.cap - 1);
				ns.v[j] = s->v[i];
				ns.n++;
			}
		free(s->v);
		*s = ns;
	}
	i = h & (s->cap - 1);
	while (s->v[i]) {
		if (s->v[i] == h)
			return 0;
		i = (i + 1) & (s->cap - 1);
	}
	s->v[i] = h;
	s->n++;
	return 1;
}

static set seen_dedup, seen_pair, seen_side_file;
static totals t_dedup, t_pair, t_cc20;

static void count(totals *t, const amsg *m)
{
	t->input += m->in;
	t->output += m->out;
	t->cache_create += m->c5 + m->c1;
	t->cache_read += m->cr;
	t->messages++;
}

/* Account for one assistant line as each reader would. */
static void account(const amsg *m)
{
	int pair_new = m->has_req && set_add(&seen_pair, m->mid, m->req);
	if (set_add(&seen_dedup, m->mid, m->has_req ? m->req : ""))
		count(&t_dedup, m);
	if (!m->has_req || pair_new)
		count(&t_pair, m);
	/* ccusage 20 (observed, see bench/claude/README.md): it also dedups sidechain lines
	 * without requestId by message.id, but only within one file */
	if (m->has_req ? pair_new : (!m->sidechain || set_add(&seen_side_file, m->mid, "")))
		count(&t_cc20, m);
}

static void head(FILE *f, const char *type, const char *sess, const char *cwd, int side,
		 int64_t ms)
{
	char ts[80], u[40];
	iso(ts, ms);
	uuid(u);
	fprintf(f, "{\"parentUuid\":\"%s\",\"isSidechain\":%s,\"userType\":\"external\","
		   "\"cwd\":\"%s\",\"sessionId\":\"%s\",\"version\":\"2.0.28\",\"gitBranch\":\"main\","
		   "\"type\":\"%s\",\"timestamp\":\"%s\",",
		u, side ? "true" : "false", cwd, sess, type, ts);
}

static void assistant_line(FILE *f, const amsg *m, const char *sess, const char *cwd, int blk,
			   const char *model, int api_error)
{
	char u[40];
	head(f, "assistant", sess, cwd, m->sidechain, m->ms + blk);
	uuid(u);
	if (m->has_req)
		fprintf(f, "\"requestId\":\"%s\",", m->req);
	if (api_error)
		fputs("\"isApiErrorMessage\":true,", f);
	fprintf(f, "\"uuid\":\"%s\",\"message\":{\"model\":\"%s\",\"id\":\"%s\",\"type\":\"message\","
		   "\"role\":\"assistant\",\"content\":[",
		u, model, m->mid);
	if (blk % 2 == 0) {
		fputs("{\"type\":\"text\",\"text\":\"", f);
		prose(f, logu(20, 3000));
		fputs("\"}", f);
	} else {
		char tid[40];
		ident(tid, 32, "toolu_01");
		fprintf(f, "{\"type\":\"tool_use\",\"id\":\"%s\",\"name\":\"Bash\",\"input\":"
			   "{\"command\":\"make -j2 && ./run --flag\",\"description\":\"",
			tid);
		prose(f, logu(10, 300));
		fputs("\",\"opts\":[1,2,{\"a\":null,\"b\":false}]}}", f);
	}
	fprintf(f, "],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":%" PRId64
		   ",\"cache_creation_input_tokens\":%" PRId64 ",\"cache_read_input_tokens\":%" PRId64
		   ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":%" PRId64
		   ",\"ephemeral_1h_input_tokens\":%" PRId64 "},\"output_tokens\":%" PRId64
		   ",\"service_tier\":\"standard\"%s}}}\n",
		m->in, m->c5 + m->c1, m->cr, m->c5, m->c1, m->out, m->fast ? ",\"speed\":\"fast\"" : "");
}

static void user_line(FILE *f, const char *sess, const char *cwd, int side, int64_t ms)
{
	char tid[40];
	head(f, "user", sess, cwd, side, ms);
	ident(tid, 32, "toolu_01");
	fprintf(f, "\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"%s\","
		   "\"type\":\"tool_result\",\"content\":\"",
		tid);
	/* tool output: heavy-tailed, from a line of shell output to a whole file read */
	prose(f, logu(100, 40000));
	fputs("\",\"is_error\":false}]},\"toolUseResult\":{\"stdout\":\"ok\",\"stderr\":\"\"}}\n", f);
}

static void new_msg(amsg *m, int64_t ms, int side)
{
	memset(m, 0, sizeof *m);
	ident(m->mid, 31, "msg_01");
	ident(m->req, 37, "req_011C");
	m->sidechain = side;
	/* sub-agent calls through some gateways lose the requestId */
	m->has_req = side ? !chance(0.4) : !chance(0.02);
	m->fast = chance(0.02);
	m->blocks = (int)range(1, 3);
	m->model = (int)(rnd() % (sizeof models / sizeof models[0]));
	m->in = logu(1, 400);
	m->out = logu(5, 4000);
	m->cr = chance(0.9) ? logu(2000, 180000) : 0;
	if (chance(0.5)) {
		int64_t cc = logu(100, 20000);
		m->c1 = chance(0.75) ? cc : 0;
		m->c5 = cc - m->c1;
	}
	m->ms = ms;
}

typedef struct hist {
	amsg *v;
	size_t n, cap;
} hist;

static void hist_push(hist *h, const amsg *m)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = realloc(h->v, h->cap * sizeof *h->v);
		if (!h->v)
			exit(3);
	}
	h->v[h->n++] = *m;
}

static void emit_msg(FILE *f, const amsg *m, const char *sess, const char *cwd)
{
	int b;
	for (b = 0; b < m->blocks; b++) {
		assistant_line(f, m, sess, cwd, b, models[m->model], 0);
		account(m);
	}
}

static int gen_claude(const char *out, double mb, int nfiles)
{
	double *w = calloc((size_t)nfiles, sizeof *w), wsum = 0;
	hist *last = calloc(64, sizeof *last); /* the previous session of each project */
	int64_t base_ms = 1788220800000LL;     /* 2026-09-01T00:00:00Z */
	int nproj = 37, i;
	char path[4096];
	FILE *mf;

	if (!w || !last)
		return 3;
	for (i = 0; i < nfiles; i++) {
		/* Pareto(alpha 1.1), capped: a few huge sessions, many small ones */
		w[i] = pow(1.0 - unif(), -1.0 / 1.1);
		if (w[i] > 400)
			w[i] = 400;
		wsum += w[i];
	}
	for (i = 0; i < nfiles; i++) {
		int p = (int)(rnd() % (uint64_t)nproj);
		int64_t target = (int64_t)(mb * 1048576.0 * w[i] / wsum), written;
		int64_t ms = base_ms + range(0, 60LL * 86400 * 1000);
		char sess[40], cwd[64];
		hist cur = {0};
		FILE *f;
		size_t k;

		uuid(sess);
		free(seen_side_file.v);
		memset(&seen_side_file, 0, sizeof seen_side_file);
		snprintf(cwd, sizeof cwd, "/home/dev/work/proj%02d", p);
		snprintf(path, sizeof path, "%s/projects/-home-dev-work-proj%02d", out, p);
		mkdirs(path);
		snprintf(path, sizeof path, "%s/projects/-home-dev-work-proj%02d/%s.jsonl", out, p, sess);
		if (!(f = fopen(path, "wb")))
			return perror(path), 2;
		fprintf(f, "{\"type\":\"summary\",\"summary\":\"Refactor the usage parser\",\"leafUuid\":\"x\"}\n");
		/* a resumed session starts with a copy of the project's previous one */
		if (last[p].n && chance(0.12)) {
			size_t n = last[p].n < 200 ? last[p].n : 200;
			for (k = 0; k < n; k++) {
				emit_msg(f, &last[p].v[k], sess, cwd);
				hist_push(&cur, &last[p].v[k]);
			}
		}
		written = ftell(f);
		while (written < target) {
			amsg m;
			int side = chance(0.08);
			ms += range(2000, 90000);
			user_line(f, sess, cwd, side, ms);
			if (chance(0.02)) {
				new_msg(&m, ms + 1, 0);
				m.in = m.out = m.cr = m.c5 = m.c1 = 0;
				m.blocks = 1;
				assistant_line(f, &m, sess, cwd, 0, "<synthetic>", 0);
				account(&m);
			} else if (chance(0.01)) {
				new_msg(&m, ms + 1, 0);
				m.in = m.out = m.cr = m.c5 = m.c1 = 0;
				m.blocks = 1;
				assistant_line(f, &m, sess, cwd, 0, models[m.model], 1);
				account(&m);
			} else {
				new_msg(&m, ms + 1, side);
				emit_msg(f, &m, sess, cwd);
				hist_push(&cur, &m);
			}
			written = ftell(f);
		}
		if (chance(0.03)) {
			/* killed mid-write: half a line, no newline */
			fputs("{\"parentUuid\":null,\"type\":\"assistant\",\"timestamp\":\"2026-10-01T00:00:00.000Z\","
			      "\"message\":{\"id\":\"msg_cut\",\"usage\":{\"input_tokens\":12,\"output_t", f);
		}
		fclose(f);
		free(last[p].v);
		last[p] = cur;
	}
	for (i = 0; i < 64; i++)
		free(last[i].v);
	free(last);
	free(w);
	snprintf(path, sizeof path, "%s/manifest.json", out);
	if (!(mf = fopen(path, "w")))
		return perror(path), 2;
	fprintf(mf, "{\"files\":%d,\n", nfiles);
	fprintf(mf, " \"dedup\":{\"input_tokens\":%" PRId64 ",\"output_tokens\":%" PRId64
		    ",\"cache_creation_tokens\":%" PRId64 ",\"cache_read_tokens\":%" PRId64
		    ",\"lines\":%" PRId64 "},\n",
		t_dedup.input, t_dedup.output, t_dedup.cache_create, t_dedup.cache_read, t_dedup.messages);
	fprintf(mf, " \"pair_only\":{\"input_tokens\":%" PRId64 ",\"output_tokens\":%" PRId64
		    ",\"cache_creation_tokens\":%" PRId64 ",\"cache_read_tokens\":%" PRId64
		    ",\"lines\":%" PRId64 "},\n",
		t_pair.input, t_pair.output, t_pair.cache_create, t_pair.cache_read, t_pair.messages);
	fprintf(mf, " \"ccusage20\":{\"input_tokens\":%" PRId64 ",\"output_tokens\":%" PRId64
		    ",\"cache_creation_tokens\":%" PRId64 ",\"cache_read_tokens\":%" PRId64
		    ",\"lines\":%" PRId64 "}}\n",
		t_cc20.input, t_cc20.output, t_cc20.cache_create, t_cc20.cache_read, t_cc20.messages);
	fclose(mf);
	return 0;
}

/* ------------------------------------------------------------------ Codex */

static int gen_codex(const char *out, double mb, int nfiles)
{
	int64_t base_ms = 1788220800000LL, tin = 0, tcached = 0, tout = 0, treason = 0;
	char path[4096], ts[80];
	FILE *mf;
	int i;
	/* the last session, for resumes */
	char psess[40] = "";
	int64_t pin = 0, pc = 0, po = 0, pr = 0;

	for (i = 0; i < nfiles; i++) {
		int64_t ms = base_ms + (int64_t)i * 3600 * 1000 * 8, target = (int64_t)(mb * 1048576 / nfiles);
		int64_t in = 0, cached = 0, o = 0, r = 0;
		char sess[40], day[48];
		FILE *f;
		time_t s = (time_t)(ms / 1000);
		struct tm tm;
		int resumed = psess[0] && chance(0.15);

		gmtime_r(&s, &tm);
		if (resumed) {
			memcpy(sess, psess, sizeof sess);
			in = pin, cached = pc, o = po, r = pr;
		} else {
			uuid(sess);
		}
		snprintf(day, sizeof day, "%04d/%02d/%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		snprintf(path, sizeof path, "%s/sessions/%s", out, day);
		mkdirs(path);
		snprintf(path, sizeof path, "%s/sessions/%s/rollout-%04d-%02d-%02dT%02d-%02d-%02d-%s.jsonl",
			 out, day, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec, sess);
		if (!(f = fopen(path, "wb")))
			return perror(path), 2;
		iso(ts, ms);
		fprintf(f, "{\"timestamp\":\"%s\",\"type\":\"session_meta\",\"payload\":{\"id\":\"%s\","
			   "\"timestamp\":\"%s\",\"cwd\":\"/home/dev/work/tool%d\",\"originator\":\"codex_cli_rs\","
			   "\"cli_version\":\"0.46.0\"}}\n",
			ts, sess, ts, i % 5);
		fprintf(f, "{\"timestamp\":\"%s\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/home/dev\","
			   "\"model\":\"%s\",\"effort\":\"medium\"}}\n",
			ts, chance(0.5) ? "gpt-5-codex" : "gpt-5");
		if (resumed) /* a resume replays the last totals first */
			fprintf(f, "{\"timestamp\":\"%s\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
				   "\"info\":{\"total_token_usage\":{\"input_tokens\":%" PRId64 ",\"cached_input_tokens\":%" PRId64
				   ",\"output_tokens\":%" PRId64 ",\"reasoning_output_tokens\":%" PRId64 ",\"total_tokens\":%" PRId64 "}}}}\n",
				ts, in, cached, o, r, in + o);
		while (ftell(f) < target) {
			int64_t di = logu(500, 60000), dc = di * (int64_t)range(0, 95) / 100, dout = logu(10, 3000);
			int64_t dr = dout * (int64_t)range(0, 60) / 100;
			ms += range(1000, 60000);
			iso(ts, ms);
			fprintf(f, "{\"timestamp\":\"%s\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
				   "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"", ts);
			prose(f, logu(100, 20000));
			fputs("\"}]}}\n", f);
			if (chance(0.1))
				fprintf(f, "{\"timestamp\":\"%s\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
					   "\"info\":null,\"rate_limits\":null}}\n", ts);
			in += di, cached += dc, o += dout, r += dr;
			tin += di, tcached += dc, tout += dout, treason += dr;
			fprintf(f, "{\"timestamp\":\"%s\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
				   "\"info\":{\"total_token_usage\":{\"input_tokens\":%" PRId64 ",\"cached_input_tokens\":%" PRId64
				   ",\"output_tokens\":%" PRId64 ",\"reasoning_output_tokens\":%" PRId64 ",\"total_tokens\":%" PRId64
				   "},\"last_token_usage\":{\"input_tokens\":%" PRId64 ",\"cached_input_tokens\":%" PRId64
				   ",\"output_tokens\":%" PRId64 ",\"reasoning_output_tokens\":%" PRId64 ",\"total_tokens\":%" PRId64
				   "},\"model_context_window\":258400},\"rate_limits\":{\"primary\":{\"used_percent\":1.0}}}}\n",
				ts, in, cached, o, r, in + o, di, dc, dout, dr, di + dout);
			if (chance(0.2)) /* a re-emit of the same totals */
				fprintf(f, "{\"timestamp\":\"%s\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
					   "\"info\":{\"total_token_usage\":{\"input_tokens\":%" PRId64 ",\"cached_input_tokens\":%" PRId64
					   ",\"output_tokens\":%" PRId64 ",\"reasoning_output_tokens\":%" PRId64 ",\"total_tokens\":%" PRId64
					   "}}}}\n", ts, in, cached, o, r, in + o);
		}
		fclose(f);
		memcpy(psess, sess, sizeof psess);
		pin = in, pc = cached, po = o, pr = r;
	}
	snprintf(path, sizeof path, "%s/manifest.json", out);
	if (!(mf = fopen(path, "w")))
		return perror(path), 2;
	fprintf(mf, "{\"files\":%d,\"input_tokens\":%" PRId64 ",\"cached_input_tokens\":%" PRId64
		    ",\"output_tokens\":%" PRId64 ",\"reasoning_output_tokens\":%" PRId64 "}\n",
		nfiles, tin, tcached, tout, treason);
	fclose(mf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *what, *out;
	double mb = -1;
	int files = -1, i;
	uint64_t seed = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: gen claude|codex OUTDIR [--seed N] [--mb MB] [--files N]\n");
		return 2;
	}
	what = argv[1];
	out = argv[2];
	for (i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--mb") == 0)
			mb = strtod(argv[i + 1], NULL);
		else if (strcmp(argv[i], "--files") == 0)
			files = (int)strtol(argv[i + 1], NULL, 10);
		else
			return fprintf(stderr, "gen: unknown option %s\n", argv[i]), 2;
	}
	rng_state = seed * 0x2545F4914F6CDD1DULL + 1;
	mkdirs(out);
	if (strcmp(what, "claude") == 0)
		return gen_claude(out, mb > 0 ? mb : 300, files > 0 ? files : 1320);
	if (strcmp(what, "codex") == 0)
		return gen_codex(out, mb > 0 ? mb : 20, files > 0 ? files : 200);
	fprintf(stderr, "gen: claude or codex, not '%s'\n", what);
	return 2;
}
