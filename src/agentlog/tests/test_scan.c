/*
 * test_scan.c - whole scans into an in-memory sink: the fixture trees under
 * tests/fixtures/claude-code and tests/fixtures/codex (duplicates, synthetic and API-error
 * lines, malformed and truncated lines, a resumed session), and incremental re-runs
 * (nothing new read twice, appended lines picked up, rewritten or shrunk files re-read
 * without double counting).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agentlog/agentlog_int.h"
#include "agentlog/lines.h"
#include "memsink.h"

#define AL_LINE_MAX_TEST AL_LINE_MAX
#include "tests/harness.h"

static int scan(memsink *m, lc_agent a, const char *path, lc_scan_stats *st)
{
	al_sink s;
	lc_error err;
	char *paths[2];
	lc_scan_opts o = {0};
	int rc;
	paths[0] = (char *)path;
	paths[1] = NULL;
	memsink_bind(m, &s);
	rc = al_scan(&s, a, paths, &o, st, &err);
	if (rc)
		fprintf(stderr, "scan: %s\n", err.msg);
	return rc;
}

static void copy_file(const char *from, const char *to)
{
	char *data;
	size_t len;
	FILE *f;
	if (lc_read_file(from, 1 << 20, &data, &len, NULL) != 0)
		return;
	f = fopen(to, "wb");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
	free(data);
}

static void append(const char *path, const char *text)
{
	FILE *f = fopen(path, "ab");
	fputs(text, f);
	fclose(f);
}

/* Make the next write visibly change mtime even on coarse clocks. */
static void touch_later(const char *path, int secs)
{
	struct timespec ts[2];
	struct stat sb;
	stat(path, &sb);
	ts[0] = sb.st_atim;
	ts[1] = sb.st_mtim;
	ts[1].tv_sec += secs;
	utimensat(AT_FDCWD, path, ts, 0);
}

TEST(scan_claude_fixture_tree)
{
	static memsink m;
	lc_scan_stats st;
	const lc_usage *u;

	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, lc_test_path("tests/fixtures/claude-code/projects"), &st), 0);
	CHECK_INT(st.files, 2);
	CHECK_INT(st.records_new, 4);   /* msg_A, msg_C, msg_D, msg_F */
	CHECK_INT(st.records_dup, 3);   /* A split, C without requestId, A copied by resume */
	CHECK_INT(st.lines_truncated, 3); /* cut-off line, negative count, unterminated last */
	CHECK_INT(m.nrec, 4);
	CHECK_INT(MS_SUM(&m, input_tokens), 10 + 3 + 1 + 20);
	CHECK_INT(MS_SUM(&m, output_tokens), 5 + 7 + 2 + 10);
	CHECK_INT(MS_SUM(&m, cache_read_tokens), 1000);
	CHECK_INT(MS_SUM(&m, cache_write_5m_tokens), 60 + 50);
	CHECK_INT(MS_SUM(&m, cache_write_1h_tokens), 40);
	CHECK((u = memsink_find(&m, "cc:msg_A:req_1")) != NULL);
	CHECK_STR(u->session, "sess-a"); /* the original session keeps it, not the resume */
	CHECK_STR(lc_usage_get_tag(u, "project"), "app");
	CHECK((u = memsink_find(&m, "cc:msg_C")) != NULL);
	CHECK(u->flags & LC_USAGE_FAST);
	CHECK((u = memsink_find(&m, "cc:msg_D:req_4")) != NULL);
	CHECK(u->flags & LC_USAGE_SIDECHAIN);
	CHECK(memsink_find(&m, "cc:msg_B:req_2") == NULL); /* <synthetic> */
	CHECK(memsink_find(&m, "cc:msg_X:req_x") == NULL); /* API error */
	CHECK_INT(m.commits, 1);
}

TEST(scan_claude_incremental_reads_only_new_bytes)
{
	static memsink m;
	lc_scan_stats st;
	char dir[512], file[600];
	const char *line = "{\"type\":\"assistant\",\"timestamp\":\"2026-07-04T00:00:00Z\","
			   "\"requestId\":\"req_9\",\"message\":{\"id\":\"msg_9\",\"model\":\"claude-haiku-4-5\","
			   "\"usage\":{\"input_tokens\":9,\"output_tokens\":9}}}\n";

	snprintf(dir, sizeof dir, "%s/projects/p", lc_test_tmpdir());
	snprintf(file, sizeof file, "%s/projects", lc_test_tmpdir());
	mkdir(file, 0755);
	mkdir(dir, 0755);
	snprintf(file, sizeof file, "%s/s.jsonl", dir);
	copy_file(lc_test_path("tests/fixtures/claude-code/projects/-home-u-app/sess-b.jsonl"), file);
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, dir, &st), 0);
	CHECK_INT(st.records_new, 2);

	/* nothing new: the file is not even opened */
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, dir, &st), 0);
	CHECK_INT(st.files_unchanged, 1);
	CHECK_INT(st.bytes_read, 0);
	CHECK_INT(st.records_new, 0);

	/* appended lines: only they are read */
	append(file, line);
	touch_later(file, 2);
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, dir, &st), 0);
	CHECK_INT(st.bytes_read, (int64_t)strlen(line));
	CHECK_INT(st.records_new, 1);
	CHECK_INT(m.nrec, 3);
}

TEST(scan_claude_unterminated_line_is_read_again_when_completed)
{
	static memsink m;
	lc_scan_stats st;
	char file[600];
	const char *head = "{\"type\":\"assistant\",\"timestamp\":\"2026-07-04T00:00:00Z\","
			   "\"requestId\":\"r\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":5,";
	snprintf(file, sizeof file, "%s/a.jsonl", lc_test_tmpdir());
	append(file, head);
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, file, &st), 0);
	CHECK_INT(st.lines_truncated, 1);
	CHECK_INT(m.nrec, 0);
	CHECK_INT(m.cur[0].offset, 0);
	append(file, "\"output_tokens\":6}}}\n");
	touch_later(file, 2);
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, file, &st), 0);
	CHECK_INT(st.lines_truncated, 0);
	CHECK_INT(st.records_new, 1);
	CHECK_INT(m.rec[0].output_tokens, 6);
}

TEST(scan_claude_rewritten_or_shrunk_file_is_reread_safely)
{
	static memsink m;
	lc_scan_stats st;
	char dir[512], file[600];
	snprintf(dir, sizeof dir, "%s", lc_test_tmpdir());
	snprintf(file, sizeof file, "%s/s.jsonl", dir);
	copy_file(lc_test_path("tests/fixtures/claude-code/projects/-home-u-app/sess-a.jsonl"), file);
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, dir, &st), 0);
	CHECK_INT(st.records_new, 3);
	/* shrink: replaced by a shorter file with one old and one new message */
	copy_file(lc_test_path("tests/fixtures/claude-code/projects/-home-u-app/sess-b.jsonl"), file);
	touch_later(file, 3);
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, dir, &st), 0);
	CHECK_INT(st.records_new, 1); /* msg_F */
	CHECK_INT(st.records_dup, 1); /* msg_A, already stored */
	CHECK_INT(m.nrec, 4);
	/* rewritten in place with the same size: another file's bytes (its head differs) */
	{
		char *data;
		size_t len;
		FILE *f;
		CHECK_INT(lc_read_file(file, 1 << 20, &data, &len, NULL), 0);
		memcpy(strstr(data, "sess-b"), "sess-c", 6);
		memcpy(strstr(data, "msg_F"), "msg_G", 5);
		f = fopen(file, "wb");
		fwrite(data, 1, len, f);
		fclose(f);
		free(data);
	}
	touch_later(file, 5);
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, dir, &st), 0);
	CHECK_INT(st.bytes_read > 0, 1);
	CHECK(memsink_find(&m, "cc:msg_G:req_6") != NULL);
}

TEST(scan_codex_fixture_deltas_and_resume)
{
	static memsink m;
	lc_scan_stats st;
	const lc_usage *u;
	CHECK_INT(scan(&m, LC_AGENT_CODEX, lc_test_path("tests/fixtures/codex/sessions"), &st), 0);
	CHECK_INT(st.files, 2);
	CHECK_INT(st.records_new, 3);
	CHECK_INT(st.lines_truncated, 1); /* the negative total */
	/* 1000 (200 cached) + 2000 (1000 cached) + 500: cached is a subset of input */
	CHECK_INT(MS_SUM(&m, input_tokens), 800 + 1000 + 500);
	CHECK_INT(MS_SUM(&m, cache_read_tokens), 200 + 1000);
	CHECK_INT(MS_SUM(&m, output_tokens), 100 + 50 + 30);
	CHECK_INT(MS_SUM(&m, reasoning_tokens), 40);
	CHECK((u = &m.rec[0]) != NULL);
	CHECK_STR(u->provider, "openai");
	CHECK_STR(u->model, "gpt-5-codex");
	CHECK_STR(u->session, "cx-1");
	CHECK_STR(lc_usage_get_tag(u, "project"), "tool");
	CHECK_STR(m.rec[2].model, "gpt-5");
}

TEST(scan_codex_incremental_keeps_session_totals)
{
	static memsink m;
	lc_scan_stats st;
	char file[600];
	const char *more = "{\"timestamp\":\"2026-07-03T20:00:00.000Z\",\"type\":\"event_msg\",\"payload\":"
			   "{\"type\":\"token_count\",\"info\":{\"total_token_usage\":{\"input_tokens\":4000,"
			   "\"cached_input_tokens\":1500,\"output_tokens\":200,\"reasoning_output_tokens\":40,"
			   "\"total_tokens\":4200}}}}\n";
	snprintf(file, sizeof file, "%s/rollout-x.jsonl", lc_test_tmpdir());
	copy_file(lc_test_path("tests/fixtures/codex/sessions/2026/07/03/rollout-2026-07-03T18-00-00-cx-1.jsonl"), file);
	CHECK_INT(scan(&m, LC_AGENT_CODEX, lc_test_tmpdir(), &st), 0);
	CHECK_INT(st.records_new, 2);
	append(file, more);
	touch_later(file, 2);
	CHECK_INT(scan(&m, LC_AGENT_CODEX, lc_test_tmpdir(), &st), 0);
	CHECK_INT(st.bytes_read, (int64_t)strlen(more));
	CHECK_INT(st.records_new, 1);
	/* billed against the stored totals (3000/1200/150), not from zero */
	CHECK_INT(m.rec[2].input_tokens, 1000 - 300);
	CHECK_INT(m.rec[2].cache_read_tokens, 300);
	CHECK_INT(m.rec[2].output_tokens, 50);
	CHECK_STR(m.rec[2].model, "gpt-5-codex");
}

TEST(codex_state_roundtrip)
{
	al_codex_sess a, b;
	char buf[512];
	memset(&a, 0, sizeof a);
	snprintf(a.session, sizeof a.session, "s\t1");
	snprintf(a.model, sizeof a.model, "gpt-5");
	a.seen.input = 10;
	a.seen.cached = 2;
	a.seen.output = 3;
	a.seen.reasoning = 1;
	CHECK_INT(al_codex_state_put(&a, buf, sizeof buf), 0);
	CHECK_INT(al_codex_state_get(buf, &b), 0);
	CHECK_STR(b.session, "s 1");
	CHECK_STR(b.model, "gpt-5");
	CHECK_INT(b.seen.input, 10);
	CHECK_INT(b.seen.reasoning, 1);
	CHECK_INT(al_codex_state_get("garbage", &b), LC_PARSE);
}

TEST(roots_honour_env)
{
	char **v = NULL;
	setenv("CLAUDE_CONFIG_DIR", "/a, /b/", 1);
	CHECK_INT(lc_agentlog_roots(LC_AGENT_CLAUDE_CODE, &v, NULL), 0);
	CHECK_STR(v[0], "/a/projects");
	CHECK_STR(v[1], "/b//projects");
	CHECK(v[2] == NULL);
	lc_strv_free(v);
	setenv("CODEX_HOME", "/c", 1);
	CHECK_INT(lc_agentlog_roots(LC_AGENT_CODEX, &v, NULL), 0);
	CHECK_STR(v[0], "/c/sessions");
	lc_strv_free(v);
}

TEST(scan_failure_rolls_back_records_and_cursors)
{
	static memsink m;
	lc_scan_stats st;
	al_sink s;
	lc_error err;
	char *paths[2];
	lc_scan_opts o = {0, 2};

	m.fail_after = 2;
	paths[0] = (char *)lc_test_path("tests/fixtures/claude-code/projects");
	paths[1] = NULL;
	memsink_bind(&m, &s);
	CHECK_INT(al_scan(&s, LC_AGENT_CLAUDE_CODE, paths, &o, &st, &err), LC_DB);
	CHECK(strstr(err.msg, "injected") != NULL);
	CHECK_INT(m.commits, 0);
	CHECK_INT(m.nrec, 0);
	CHECK_INT(m.ncur, 0);
	/* the re-run completes it */
	m.fail_after = 0;
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, paths[0], &st), 0);
	CHECK_INT(m.nrec, 4);
	CHECK_INT(m.ncur, 2);
}

TEST(scan_many_files_threads_are_deterministic)
{
	/* 40 copies of the fixture session in 40 files: the same ids everywhere, so the first
	 * file in path order must keep every call, whatever order the readers finish in */
	static memsink m;
	lc_scan_stats st;
	char dir[512], file[600];
	int i;
	const lc_usage *u;
	snprintf(dir, sizeof dir, "%s/p", lc_test_tmpdir());
	mkdir(dir, 0755);
	for (i = 0; i < 40; i++) {
		snprintf(file, sizeof file, "%s/s%02d.jsonl", dir, i);
		copy_file(lc_test_path("tests/fixtures/claude-code/projects/-home-u-app/sess-a.jsonl"), file);
	}
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, dir, &st), 0);
	CHECK_INT(st.files, 40);
	CHECK_INT(st.records_new, 3);
	CHECK_INT(st.records_dup, 40 * 2 + 39 * 3);
	CHECK_INT(st.lines_truncated, 40 * 3);
	CHECK((u = memsink_find(&m, "cc:msg_A:req_1")) != NULL);
	CHECK(strstr(m.src[0], "/s00.jsonl") != NULL);
	CHECK_INT(m.ncur, 40);
}

TEST(scan_claude_bom_crlf_and_an_overlong_line)
{
	static memsink m;
	lc_scan_stats st;
	char file[600];
	const char *rec = "{\"type\":\"assistant\",\"timestamp\":\"2026-07-04T00:00:00Z\",\"requestId\":\"r%d\","
			  "\"message\":{\"id\":\"m%d\",\"usage\":{\"input_tokens\":%d,\"output_tokens\":1}}}\r\n";
	char line[512];
	FILE *f;
	size_t i;

	snprintf(file, sizeof file, "%s/b.jsonl", lc_test_tmpdir());
	f = fopen(file, "wb");
	fputs("\xEF\xBB\xBF", f);
	snprintf(line, sizeof line, rec, 1, 1, 10);
	fputs(line, f);
	/* a user line longer than the reader's cap (a huge tool result, with "usage" in it) */
	fputs("{\"type\":\"user\",\"message\":{\"usage\":{},\"content\":\"", f);
	for (i = 0; i < (AL_LINE_MAX_TEST >> 10) + 1; i++) {
		static char kb[1024];
		memset(kb, 'x', sizeof kb);
		fwrite(kb, 1, sizeof kb, f);
	}
	fputs("\"}}\r\n", f);
	snprintf(line, sizeof line, rec, 2, 2, 20);
	fputs(line, f);
	fclose(f);
	CHECK_INT(scan(&m, LC_AGENT_CLAUDE_CODE, file, &st), 0);
	CHECK_INT(st.records_new, 2);
	CHECK_INT(st.lines_truncated, 1);
	CHECK_INT(MS_SUM(&m, input_tokens), 30);
	CHECK_INT(m.cur[0].offset, st.bytes_read);
}

/* Pricing in the reader threads (al_sink.price): every stored record comes with its cost,
 * and a pricing error fails the scan with its own message, nothing stored. */
static const al_sink *priced_inner;
static int price_calls, priced_records, price_fail_on;

static int test_price(void *ctx, const lc_usage *u, lc_cost *out, lc_error *err)
{
	int n = __atomic_add_fetch(&price_calls, 1, __ATOMIC_SEQ_CST);
	(void)ctx;
	memset(out, 0, sizeof *out);
	if (n == price_fail_on)
		return lc_error_set(err, LC_RANGE, "injected price failure");
	out->priced = 1;
	memcpy(out->currency, "USD", 4);
	snprintf(out->price_id, sizeof out->price_id, "row-%.100s", u->model);
	out->total.atto = (lc_i128)u->input_tokens;
	return LC_OK;
}

static int test_record_priced(void *ctx, const lc_usage *u, const lc_cost *cost, int price_rc,
			      const char *source, int *inserted, lc_error *err)
{
	char want[160];
	snprintf(want, sizeof want, "row-%.100s", u->model);
	if (price_rc != LC_OK || !cost->priced || cost->total.atto != (lc_i128)u->input_tokens ||
	    strcmp(cost->price_id, want) != 0)
		return lc_error_set(err, LC_INVAL, "record %s arrived with the wrong cost", u->id);
	priced_records++;
	return priced_inner->record(ctx, u, source, inserted, err);
}

TEST(scan_claude_prices_in_the_readers)
{
	static memsink m, m2;
	lc_scan_stats st;
	al_sink s;
	lc_error err;
	char *paths[2];
	lc_scan_opts o = {0, 2};

	paths[0] = (char *)lc_test_path("tests/fixtures/claude-code/projects");
	paths[1] = NULL;
	memsink_bind(&m, &s);
	priced_inner = &s;
	s.price = test_price;
	s.record_priced = test_record_priced;
	CHECK_INT(al_scan(&s, LC_AGENT_CLAUDE_CODE, paths, &o, &st, &err), 0);
	CHECK_INT(m.nrec, 4);
	CHECK_INT(priced_records, 5); /* one call is in two files: the sink keeps the first */

	memsink_bind(&m2, &s);
	s.price = test_price;
	s.record_priced = test_record_priced;
	price_calls = 0;
	price_fail_on = 1;
	CHECK_INT(al_scan(&s, LC_AGENT_CLAUDE_CODE, paths, &o, &st, &err), LC_RANGE);
	CHECK(strstr(err.msg, "injected price failure") != NULL);
	CHECK(strstr(err.msg, ".jsonl: ") != NULL);
	CHECK_INT(m2.nrec, 0);
	CHECK_INT(m2.commits, 0);
}
