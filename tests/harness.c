/*
 * harness.c - runs every TEST() registered by the linked test files, each in a forked child
 * with its own scratch folder, and prints one line per test and a closing
 * "unit: N passed, N failed". Exit status 1 when any test failed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define MAX_TESTS 4096

static struct {
	const char *name, *file;
	lc_test_fn fn;
} tests[MAX_TESTS];
static int ntests;
static int failed;
static char tmpdir[256];
static char pathbuf[4096];

void lc_test_register(const char *name, const char *file, lc_test_fn fn)
{
	if (ntests < MAX_TESTS) {
		tests[ntests].name = name;
		tests[ntests].file = file;
		tests[ntests].fn = fn;
		ntests++;
	}
}

void lc_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "    %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failed = 1;
}

int lc_test_failed(void)
{
	return failed;
}

const char *lc_test_tmpdir(void)
{
	return tmpdir;
}

const char *lc_test_path(const char *rel)
{
	const char *root = getenv("LC_TEST_ROOT");
	snprintf(pathbuf, sizeof pathbuf, "%s/%s", root && *root ? root : ".", rel);
	return pathbuf;
}

static int run_one(int i)
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		char cmd[512];
		int rc;
		snprintf(tmpdir, sizeof tmpdir, "%s/lctest.XXXXXX",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			_exit(2);
		}
		tests[i].fn();
		rc = failed ? 1 : 0;
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "    could not remove %s\n", tmpdir);
		fflush(NULL);
		_exit(rc);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "    killed by signal %d\n", WTERMSIG(status));
		return 1;
	}
	return WEXITSTATUS(status) != 0;
}

int main(int argc, char **argv)
{
	int i, pass = 0, fail = 0;
	const char *filter = argc > 1 ? argv[1] : NULL;

	for (i = 0; i < ntests; i++) {
		if (filter && !strstr(tests[i].name, filter))
			continue;
		if (run_one(i)) {
			printf("FAIL %s (%s)\n", tests[i].name, tests[i].file);
			fail++;
		} else {
			printf("ok   %s\n", tests[i].name);
			pass++;
		}
	}
	printf("unit: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
