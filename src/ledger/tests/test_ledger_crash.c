/*
 * test_ledger_crash.c - the ledger under SIGKILL and under two writing processes.
 *
 * A child process commits one batch, then is killed with SIGKILL in the middle of a second,
 * large transaction (large enough that SQLite has already spilled pages into the WAL).
 * The parent checks that exactly the first batch is there, that the file is intact, and that
 * re-running the import completes it without duplicates.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ledger/tests/ledger_fixture.h"
#include "tests/harness.h"

static int count_cb(const lc_record *r, void *ctx)
{
	(void)r;
	++*(int64_t *)ctx;
	return 0;
}

/* Insert records [from, to) in one transaction; counts new ones into *added. */
static int put_range(lc_ledger *lg, int from, int to, int64_t *added)
{
	lc_record r;
	lc_error err = {0};
	int i, ins;

	if (lc_ledger_begin(lg, &err))
		return -1;
	for (i = from; i < to; i++) {
		lc_fixture_record(&r, i);
		if (lc_ledger_put(lg, &r, &ins, &err)) {
			lc_ledger_rollback(lg);
			return -1;
		}
		*added += ins;
	}
	return lc_ledger_commit(lg, &err) ? -1 : 0;
}

#define CRASH_BIG 30000

TEST(ledger_survives_kill9_mid_transaction)
{
	int fd[2];
	pid_t pid;
	char c;
	int status;
	int64_t n = 0, added = 0;
	lc_ledger *lg = NULL;
	lc_error err = {0};
	const char *path = lc_fixture_path("crash.db");
	char pathcopy[1024];

	snprintf(pathcopy, sizeof pathcopy, "%s", path);
	CHECK_INT(pipe(fd), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		lc_record r;
		int i;
		close(fd[0]);
		if (lc_ledger_open(pathcopy, &lg, &err) || put_range(lg, 0, 100, &added) ||
		    lc_ledger_begin(lg, &err))
			_exit(1);
		for (i = 100; i < 100 + CRASH_BIG; i++) {
			lc_fixture_record(&r, i);
			if (lc_ledger_put(lg, &r, NULL, &err))
				_exit(1);
		}
		if (write(fd[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause(); /* killed here, transaction open */
	}
	close(fd[1]);
	CHECK_INT(read(fd[0], &c, 1), 1);
	close(fd[0]);
	CHECK_INT(kill(pid, SIGKILL), 0);
	CHECK_INT(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	CHECK_INT(lc_ledger_open(pathcopy, &lg, &err), 0);
	CHECK_INT(lc_ledger_each(lg, NULL, count_cb, &n, &err), 0);
	CHECK_INT(n, 100); /* the committed batch, nothing of the killed one */
	/* the re-run completes it: only the missing records are new */
	CHECK_INT(put_range(lg, 0, 100 + CRASH_BIG, &added), 0);
	CHECK_INT(added, CRASH_BIG);
	n = 0;
	CHECK_INT(lc_ledger_each(lg, NULL, count_cb, &n, &err), 0);
	CHECK_INT(n, 100 + CRASH_BIG);
	lc_ledger_close(lg);
	CHECK_STR(lc_fixture_sql(pathcopy, "PRAGMA integrity_check"), "ok");
}

TEST(ledger_two_processes_write_at_once)
{
	pid_t pids[2];
	int k, status;
	int64_t n = 0;
	lc_ledger *lg = NULL;
	lc_error err = {0};
	char path[1024];

	snprintf(path, sizeof path, "%s", lc_fixture_path("two.db"));
	/* create the file first so both children find the same schema */
	CHECK_INT(lc_ledger_open(path, &lg, &err), 0);
	lc_ledger_close(lg);
	for (k = 0; k < 2; k++) {
		pids[k] = fork();
		CHECK(pids[k] >= 0);
		if (pids[k] == 0) {
			int64_t added = 0;
			int b;
			if (lc_ledger_open(path, &lg, &err))
				_exit(1);
			/* overlapping ranges: [0, 4000) and [2000, 6000) in batches of 200 */
			for (b = 0; b < 20; b++)
				if (put_range(lg, k * 2000 + b * 200, k * 2000 + (b + 1) * 200, &added))
					_exit(2);
			lc_ledger_close(lg);
			_exit(0);
		}
	}
	for (k = 0; k < 2; k++) {
		CHECK_INT(waitpid(pids[k], &status, 0), pids[k]);
		CHECK(WIFEXITED(status));
		CHECK_INT(WEXITSTATUS(status), 0);
	}
	CHECK_INT(lc_ledger_open(path, &lg, &err), 0);
	CHECK_INT(lc_ledger_each(lg, NULL, count_cb, &n, &err), 0);
	CHECK_INT(n, 6000);
	lc_ledger_close(lg);
}
