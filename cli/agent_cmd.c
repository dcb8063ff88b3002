/*
 * agent_cmd.c - the zero-setup agent reports, `llmcost claude` and `llmcost codex`
 * (docs/claude.md, docs/codex.md): like ccusage, they need no configuration. They find the
 * agent's log folders (CLAUDE_CONFIG_DIR / CODEX_HOME respected), import what is new since
 * the last run into a cache ledger ($XDG_CACHE_HOME/llmcost/claude.db or codex.db, unless
 * --ledger or LLMCOST_LEDGER names one), and print the same report `llmcost report` prints,
 * filtered to that agent's records.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent_cmd.h"

static const char *name_of(lc_agent a)
{
	return a == LC_AGENT_CODEX ? "codex" : "claude";
}

static void usage(lc_agent a, FILE *f)
{
	const char *n = name_of(a);
	fprintf(f,
		"usage: llmcost %s [daily|weekly|monthly|session] [options]\n"
		"\n"
		"Import %s usage from its local logs (only what is new since the last run)\n"
		"and report it. Logs: %s.\n"
		"\n"
		"options:\n"
		"  --since DATE     first day to include (YYYY-MM-DD or YYYYMMDD)\n"
		"  --until DATE     last day to include\n"
		"  --tz ZONE        time zone for days, weeks and months (default: local)\n"
		"  --breakdown      a row per model inside each group\n"
		"  --json, --csv    machine-readable output\n"
		"  --path DIR       read logs from DIR instead of the default folders (repeatable)\n"
		"  --offline        accepted for ccusage compatibility (prices are always local)\n"
		"  --ledger URL     ledger to import into (default: $XDG_CACHE_HOME/llmcost/%s.db)\n",
		n, a == LC_AGENT_CODEX ? "Codex CLI" : "Claude Code",
		a == LC_AGENT_CODEX ? "$CODEX_HOME/sessions, else ~/.codex/sessions"
				    : "each of $CLAUDE_CONFIG_DIR (comma-separated)/projects, else "
				      "~/.config/claude/projects and ~/.claude/projects",
		n);
}

/* YYYY-MM-DD or YYYYMMDD -> a civil date. */
static int parse_day(const char *s, lc_date *d)
{
	char *end;
	long y, m, dd;
	if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {
		long v = strtol(s, &end, 10);
		y = v / 10000, m = v / 100 % 100, dd = v % 100;
	} else if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		y = strtol(s, &end, 10);
		if (end != s + 4)
			return -1;
		m = strtol(s + 5, &end, 10);
		if (end != s + 7)
			return -1;
		dd = strtol(s + 8, &end, 10);
		if (end != s + 10)
			return -1;
	} else {
		return -1;
	}
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || dd < 1 || dd > 31)
		return -1;
	memset(d, 0, sizeof *d);
	d->year = (int)y, d->month = (int)m, d->day = (int)dd;
	return 0;
}

/* The day after d (for an inclusive --until). */
static void next_day(lc_date *d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0;
	int last = mdays[d->month - 1] + (d->month == 2 && leap);
	if (++d->day > last) {
		d->day = 1;
		if (++d->month > 12)
			d->month = 1, d->year++;
	}
}

static int mkdir_p(char *path)
{
	char *p;
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

/* The cache ledger path when neither --ledger nor LLMCOST_LEDGER names one. */
static int cache_ledger(lc_agent a, char *out, size_t cap)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char dir[4096];
	int n;
	if (xdg && *xdg)
		n = snprintf(dir, sizeof dir, "%s/llmcost", xdg);
	else if (home && *home)
		n = snprintf(dir, sizeof dir, "%s/.cache/llmcost", home);
	else
		return -1;
	if (n < 0 || (size_t)n >= sizeof dir || mkdir_p(dir) < 0)
		return -1;
	n = snprintf(out, cap, "%s/%s.db", dir, name_of(a));
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int agent_cmd_run(lc_agent a, int argc, char **argv)
{
	const char *cmd = name_of(a), *since = NULL, *until = NULL;
	char ledger_path[4200], **roots = NULL, **paths = NULL;
	const char *url = NULL;
	lc_report_opts ro;
	lc_scan_opts so;
	lc_scan_stats st;
	lc_ledger *lg = NULL;
	lc_catalog *cat = NULL;
	lc_error err;
	int npaths = 0, i, rc, ex = EXIT_OK_;
	lc_time_ms t0;

	memset(&ro, 0, sizeof ro);
	memset(&so, 0, sizeof so);
	memset(&err, 0, sizeof err);
	ro.group = LC_GROUP_DAY;
	ro.filter.source_prefix = a == LC_AGENT_CODEX ? "codex:" : "claude-code:";
	if (!(paths = calloc((size_t)argc + 1, sizeof *paths)))
		return cli_fail(cmd, LC_NOMEM, NULL);
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
			usage(a, stdout);
			goto out;
		} else if (strcmp(s, "--json") == 0) {
			ro.output = LC_OUT_JSON;
		} else if (strcmp(s, "--csv") == 0) {
			ro.output = LC_OUT_CSV;
		} else if (strcmp(s, "--breakdown") == 0 || strcmp(s, "-b") == 0) {
			ro.breakdown = 1;
		} else if (strcmp(s, "--offline") == 0 || strcmp(s, "-O") == 0) {
			/* prices are bundled; nothing is fetched either way */
		} else if ((strcmp(s, "--since") == 0 || strcmp(s, "-s") == 0) && i + 1 < argc) {
			since = argv[++i];
		} else if ((strcmp(s, "--until") == 0 || strcmp(s, "-u") == 0) && i + 1 < argc) {
			until = argv[++i];
		} else if ((strcmp(s, "--tz") == 0 || strcmp(s, "-z") == 0) && i + 1 < argc) {
			ro.tz = argv[++i];
		} else if (strcmp(s, "--path") == 0 && i + 1 < argc) {
			paths[npaths++] = argv[++i];
		} else if (s[0] != '-' && i == 1) {
			const char *key;
			if (lc_group_parse(s, &ro.group, &key) != LC_OK ||
			    (ro.group != LC_GROUP_DAY && ro.group != LC_GROUP_WEEK &&
			     ro.group != LC_GROUP_MONTH && ro.group != LC_GROUP_SESSION)) {
				ex = cli_usage(cmd, "unknown report '%s' (daily, weekly, monthly, session)", s);
				goto out;
			}
		} else {
			ex = cli_usage(cmd, "unknown or incomplete option '%s'", s);
			goto out;
		}
	}
	if (since || until) {
		lc_date ds, du;
		if ((since && parse_day(since, &ds) < 0) || (until && parse_day(until, &du) < 0)) {
			ex = cli_usage(cmd, "dates are YYYY-MM-DD or YYYYMMDD");
			goto out;
		}
		if (until)
			next_day(&du); /* --until names the last day included */
		if ((since && lc_date_to_time(&ds, ro.tz, &ro.filter.since) != LC_OK) ||
		    (until && lc_date_to_time(&du, ro.tz, &ro.filter.until) != LC_OK)) {
			ex = cli_usage(cmd, "unknown time zone '%s'", ro.tz ? ro.tz : "");
			goto out;
		}
	}

	/* the ledger: --ledger (exported by main) or LLMCOST_LEDGER, else the cache */
	if (!getenv("LLMCOST_LEDGER") || !*getenv("LLMCOST_LEDGER")) {
		if (cache_ledger(a, ledger_path, sizeof ledger_path) < 0) {
			ex = cli_fail(cmd, LC_IO, "cannot create the cache folder (set XDG_CACHE_HOME or --ledger)");
			goto out;
		}
		url = ledger_path;
	}
	/* the default ledger is a cache of the logs: no fsync (LC_LEDGER_CACHE) */
	if ((rc = lc_ledger_open_flags(url, url ? LC_LEDGER_CACHE : 0, &lg, &err)) != LC_OK) {
		ex = cli_fail(cmd, rc, err.msg);
		goto out;
	}
	if ((rc = lc_catalog_open_default(&cat, &err)) != LC_OK) {
		ex = cli_fail(cmd, rc, err.msg);
		goto out;
	}
	if (!npaths) {
		if ((rc = lc_agentlog_roots(a, &roots, &err)) != LC_OK) {
			ex = cli_fail(cmd, rc, err.msg);
			goto out;
		}
	}
	so.progress = isatty(2);
	if ((rc = lc_agentlog_import(lg, cat, a, npaths ? paths : roots, &so, &st, &err)) != LC_OK) {
		ex = cli_fail(cmd, rc, err.msg);
		goto out;
	}
	if (st.lines_truncated)
		fprintf(stderr, "llmcost %s: skipped %lld malformed or truncated line%s\n", cmd,
			(long long)st.lines_truncated, st.lines_truncated == 1 ? "" : "s");
	ro.color = ro.output == LC_OUT_TABLE && cli_color(stdout);
	t0 = lc_time_now();
	if ((rc = lc_report_run(lg, &ro, stdout, &err)) != LC_OK)
		ex = cli_fail(cmd, rc, err.msg);
	if (getenv("LLMCOST_TIMING")) /* for bench/claude: where the time goes */
		fprintf(stderr,
			"llmcost %s: %lld files (%lld unchanged), %lld MB read, %lld new records; "
			"read %.3f s, store %.3f s, report %.3f s\n",
			cmd, (long long)st.files, (long long)st.files_unchanged,
			(long long)(st.bytes_read >> 20), (long long)st.records_new,
			(double)st.read_ns / 1e9, (double)st.store_ns / 1e9,
			(double)(lc_time_now() - t0) / 1e3);
out:
	lc_catalog_free(cat);
	lc_ledger_close(lg);
	lc_strv_free(roots);
	free(paths);
	return ex;
}
