/*
 * cmd_import.c - `llmcost import [--format F] [--provider P] [--csv-map M] [--tag k=v]...
 * [--skip-invalid] PATH...`:
 * read usage files (provider responses and streams, batch output, usage/cost exports, OTel
 * spans, CSV; folders are walked), price every record, and store it in the ledger.
 *
 * Each file is one transaction together with its cursor (size, mtime, and the options that
 * shape its records): an error anywhere in a file leaves nothing of it in the ledger, and a
 * file unchanged since its last import is not read again - unless it was read with other
 * options, which is an error naming them (--rescan reads it again). Files are mapped, not read into memory: a 1 GiB line costs page cache,
 * not heap, and is refused by the record cap with its position (docs/bad-input.md). A file
 * truncated by another process while mapped would raise SIGBUS: mapguard.c turns that into
 * an error for the file (nothing of it stored), not a crash. Agent logs (--format claude-code|codex) go to lc_agentlog_import, which
 * keeps its own per-file cursors and reads only new bytes. See docs/import.md.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "mapguard.h"

#define IMPORT_FILE_MAX ((int64_t)16 << 30) /* 16 GiB: a bigger file is refused unread */
#define IMPORT_DEPTH_MAX 64

typedef struct importer {
	lc_ledger *lg;
	lc_catalog *cat;
	int have_format;
	lc_format format;
	lc_tag tags[LC_TAGS_MAX];
	int ntags;
	int skip_invalid;
	int rescan; /* --rescan: read files even when their cursor says unchanged */
	const char *provider; /* --provider: OpenAI-compatible files' provider (hint_provider) */
	const char *csv_map;  /* --csv-map: COLUMN=FIELD,... for CSV files */
	/* counts */
	int64_t files, files_unchanged, files_unknown;
	int64_t records, added, dups, skipped, unpriced;
	/* progress on stderr: shown when the import has run a second, on a terminal */
	int progress;
	lc_time_ms started, shown;
	/* per file */
	char source[LC_SOURCE_MAX];
	lc_time_ms file_mtime; /* the time of records whose source carries none */
	lc_error err;
} importer;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: llmcost import [--format F] [--provider P] [--csv-map MAPPING]\n"
		"                      [--tag KEY=VALUE]... [--skip-invalid] PATH...\n"
		"\n"
		"Import usage records from files and folders (walked recursively) into the ledger.\n"
		"  --format F      openai, anthropic, gemini, openai-batch, anthropic-batch,\n"
		"                  openai-usage, openai-costs, anthropic-usage, anthropic-costs,\n"
		"                  otel, csv, claude-code, codex (default: detected per file)\n"
		"  --provider P    the provider of OpenAI-compatible files (deepseek, groq, xai,\n"
		"                  mistral, ...) and of CSV rows without a provider column\n"
		"  --csv-map M     CSV columns to fields: COLUMN=FIELD,... (docs/formats/csv.md)\n"
		"  --tag K=V       attach a tag to every imported record (repeatable)\n"
		"  --skip-invalid  skip malformed records (counted) instead of failing the file\n"
		"  --rescan        read files again even if unchanged (needed after a change of\n"
		"                  --format, --provider or --csv-map for a file already imported)\n"
		"A file is imported whole or not at all; importing twice adds nothing.\n");
}

/* ------------------------------------------------------------------ one record */

static int on_record(const lc_usage *u, int64_t line, void *ctx)
{
	importer *im = ctx;
	lc_record r;
	int i, rc, ins = 0;

	(void)line;
	memset(&r, 0, sizeof r);
	r.usage = *u;
	for (i = 0; i < im->ntags; i++) {
		rc = lc_usage_set_tag(&r.usage, im->tags[i].key, im->tags[i].val);
		if (rc)
			return lc_error_set(&im->err, rc, "%s: record %s: too many tags", im->source,
					    u->id);
	}
	memcpy(r.source, im->source, sizeof r.source);
	/* A saved Anthropic or Gemini response has no timestamp: it was saved when it
	 * arrived, so the file's modification time is the best instant there is. */
	if (r.usage.time == 0)
		r.usage.time = im->file_mtime;
	rc = lc_price_usage(im->cat, &r.usage, &r.cost, &im->err);
	if (rc != LC_OK && rc != LC_UNPRICED)
		return rc;
	if (rc == LC_UNPRICED)
		r.cost.priced = 0;
	rc = lc_ledger_put(im->lg, &r, &ins, &im->err);
	if (rc)
		return rc;
	im->records++;
	if (ins) {
		im->added++;
		im->unpriced += !r.cost.priced;
	} else {
		im->dups++;
	}
	return 0;
}

/* ------------------------------------------------------------------ one file */

/* Map a regular file read-only (an empty one gives a static ""): the parsers take a byte
 * range, and the kernel pages it in and out, so memory stays bounded whatever the size. */
static int map_file(importer *im, const char *path, int64_t size, char **data, size_t *len)
{
	int fd;
	void *p;

	*data = NULL;
	*len = 0;
	if (size > IMPORT_FILE_MAX)
		return lc_error_set(&im->err, LC_LIMIT,
				    "%s: file too large (%" PRId64 " bytes, limit %" PRId64 ")", path,
				    size, IMPORT_FILE_MAX);
	if (size == 0) {
		*data = (char *)"";
		return LC_OK;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_error_set(&im->err, errno == ENOENT ? LC_NOTFOUND : LC_IO, "%s: %s", path,
				    strerror(errno));
	p = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return lc_error_set(&im->err, LC_IO, "%s: %s", path, strerror(errno));
	madvise(p, (size_t)size, MADV_SEQUENTIAL);
	map_guard_set(p, (size_t)size);
	*data = p;
	*len = (size_t)size;
	return LC_OK;
}

static void unmap_file(char *data, size_t len)
{
	if (len) {
		map_guard_set(NULL, 0);
		munmap(data, len);
	}
}

/* The file lost bytes we had mapped while it was read: what was parsed is not the file. */
static int shrank(importer *im, const char *path)
{
	return lc_error_set(&im->err, LC_IO,
			    "%s: the file shrank while it was read (truncated by another program?);"
			    " nothing of it was imported",
			    path);
}

/* ------------------------------------------------------------------ options fingerprint */

/* The options that decide what a file's records are (--format, --provider, --csv-map) go
 * into its cursor's state as "import/1 format=F provider=P csv-map=H" (P "-" when not
 * given, H a hash of the mapping or "-"), so that an unchanged file asked for with other
 * options is not skipped in silence. --tag and --skip-invalid are not in it: a record
 * read again with other tags is a duplicate whatever its tags, and a skipped record is
 * not stored. */
#define OPTS_TAG "import/1 "

static uint64_t hash64(const char *s)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void opts_state(const importer *im, lc_format fmt, char *out, size_t cap)
{
	char prov[LC_PROVIDER_MAX] = "-", map[17] = "-";

	if (im->provider)
		lc_provider_normalize(im->provider, prov); /* checked when parsing argv */
	if (im->csv_map)
		snprintf(map, sizeof map, "%016" PRIx64, hash64(im->csv_map));
	snprintf(out, cap, OPTS_TAG "format=%s provider=%s csv-map=%s", lc_format_name(fmt), prov,
		 map);
}

/* The value of "key=" in a state string, copied into out ("" when absent). */
static void opts_field(const char *state, const char *key, char *out, size_t cap)
{
	const char *p = strstr(state, key), *e;
	size_t n;

	out[0] = '\0';
	if (!p)
		return;
	p += strlen(key);
	e = strchr(p, ' ');
	n = e ? (size_t)(e - p) : strlen(p);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* LC_INVAL with a message naming the first option that differs from the one the file was
 * imported with; LC_OK when they agree, or the cursor predates fingerprints (empty state)
 * and so cannot tell. Without --format the format is not compared: detection gives an
 * unchanged file the format it gave it before. */
static int opts_check(importer *im, const char *path, const char *stored)
{
	char now[LC_CURSOR_STATE_MAX], was[LC_PROVIDER_MAX + 8], is[LC_PROVIDER_MAX + 8];
	static const char hint[] = "; add --rescan to read it again with these options";

	if (strncmp(stored, OPTS_TAG, strlen(OPTS_TAG)) != 0)
		return LC_OK;
	opts_state(im, im->format, now, sizeof now);
	opts_field(stored, "format=", was, sizeof was);
	opts_field(now, "format=", is, sizeof is);
	if (im->have_format && strcmp(was, is) != 0)
		return lc_error_set(&im->err, LC_INVAL,
				    "%s: already imported as --format %s, not %s%s", path, was, is,
				    hint);
	opts_field(stored, "provider=", was, sizeof was);
	opts_field(now, "provider=", is, sizeof is);
	if (strcmp(was, is) != 0)
		return lc_error_set(&im->err, LC_INVAL,
				    "%s: already imported with %s%s, now %s%s%s", path,
				    strcmp(was, "-") ? "--provider " : "no --provider",
				    strcmp(was, "-") ? was : "",
				    strcmp(is, "-") ? "--provider " : "no --provider",
				    strcmp(is, "-") ? is : "", hint);
	opts_field(stored, "csv-map=", was, sizeof was);
	opts_field(now, "csv-map=", is, sizeof is);
	if (strcmp(was, is) != 0)
		return lc_error_set(&im->err, LC_INVAL, "%s: already imported with %s%s", path,
				    strcmp(was, "-") ? "another --csv-map" : "no --csv-map", hint);
	return LC_OK;
}

/* Import one file in one transaction. explicit: named on the command line (an unknown
 * format is then an error; inside a walked folder it is skipped and counted). */
static int import_file(importer *im, const char *path, int explicit)
{
	char abs[PATH_MAX];
	struct stat sb;
	lc_cursor cur;
	lc_parse_opts po;
	lc_format fmt;
	char *data = NULL;
	size_t len = 0;
	int64_t nskipped = 0, before_records = im->records, before_added = im->added;
	int64_t before_dups = im->dups, before_unpriced = im->unpriced;
	int rc, in_tx = 0;

	if (!realpath(path, abs) || stat(abs, &sb) != 0)
		return lc_error_set(&im->err, LC_NOTFOUND, "%s: %s", path, strerror(errno));
	im->files++;
	rc = lc_ledger_cursor_get(im->lg, abs, &cur, &im->err);
	if (rc == LC_OK && !im->rescan && cur.size == (int64_t)sb.st_size &&
	    cur.mtime_ns == (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec &&
	    cur.offset == cur.size) {
		rc = opts_check(im, path, cur.state);
		if (rc == LC_OK)
			im->files_unchanged++;
		return rc;
	}
	if (rc != LC_OK && rc != LC_NOTFOUND)
		return rc;
	if (!S_ISREG(sb.st_mode)) {
		rc = lc_error_set(&im->err, LC_IO, "%s: not a regular file", path);
		goto out;
	}
	rc = map_file(im, abs, (int64_t)sb.st_size, &data, &len);
	if (rc)
		goto out;
	fmt = im->format;
	if (!im->have_format && lc_format_detect(path, data, len, &fmt) != LC_OK) {
		if (map_guard_faulted()) {
			rc = shrank(im, path);
			goto out;
		}
		if (!explicit) {
			im->files--;
			im->files_unknown++;
			rc = LC_OK;
			goto out;
		}
		rc = lc_error_set(&im->err, LC_PARSE,
				  "%s: cannot tell the format of this file (use --format)", path);
		goto out;
	}
	{
		const char *fname = lc_format_name(fmt);
		size_t fl = strlen(fname), al = strlen(abs);
		if (fl + 1 + al >= sizeof im->source) {
			rc = lc_error_set(&im->err, LC_LIMIT, "%s: path too long for the ledger", path);
			goto out;
		}
		memcpy(im->source, fname, fl);
		im->source[fl] = ':';
		memcpy(im->source + fl + 1, abs, al + 1);
	}
	im->file_mtime = (lc_time_ms)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
	memset(&po, 0, sizeof po);
	po.source_name = abs;
	po.skip_invalid = im->skip_invalid;
	po.hint_provider = im->provider;
	po.csv_mapping = im->csv_map;
	po.nskipped = &nskipped;
	rc = lc_ledger_begin(im->lg, &im->err);
	if (rc)
		goto out;
	in_tx = 1;
	rc = lc_usage_parse_file(data, len, fmt, &po, on_record, im, &im->err);
	if (map_guard_faulted()) /* whatever the parser made of the zeros, it goes */
		rc = shrank(im, path);
	if (rc)
		goto out;
	memset(&cur, 0, sizeof cur);
	memcpy(cur.path, abs, strlen(abs) + 1); /* shorter than source, checked above */
	cur.size = (int64_t)sb.st_size;
	cur.mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	cur.offset = cur.size;
	opts_state(im, fmt, cur.state, sizeof cur.state);
	rc = lc_ledger_cursor_put(im->lg, &cur, &im->err);
	if (rc)
		goto out;
	rc = lc_ledger_commit(im->lg, &im->err);
	in_tx = 0;
	if (rc == LC_OK)
		im->skipped += nskipped;
out:
	if (in_tx)
		lc_ledger_rollback(im->lg);
	if (rc) { /* nothing of this file was stored: its counts go too */
		im->records = before_records;
		im->added = before_added;
		im->dups = before_dups;
		im->unpriced = before_unpriced;
	}
	unmap_file(data, len);
	return rc;
}

/* Redraw the progress line, at most ten times a second. */
static void progress(importer *im, int last)
{
	lc_time_ms now;
	if (!im->progress)
		return;
	now = lc_time_now();
	if (!last && (now - im->started < 1000 || now - im->shown < 100))
		return;
	if (last && !im->shown)
		return; /* never drawn: nothing to clear */
	im->shown = now;
	if (last)
		fprintf(stderr, "\r\033[K");
	else
		fprintf(stderr, "\rimporting: %" PRId64 " files, %" PRId64 " records", im->files,
			im->records);
	fflush(stderr);
}

/* In a walked folder, only files named like usage data are read: a README or a script
 * beside the data is not an error, and content sniffing alone can mistake prose for CSV. */
static int usage_file_name(const char *name)
{
	static const char *const ext[] = {".json", ".jsonl", ".ndjson", ".sse", ".csv"};
	size_t i, n = strlen(name), k;
	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		k = strlen(ext[i]);
		if (n > k && strcasecmp(name + n - k, ext[i]) == 0)
			return 1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walk a folder in name order (deterministic counts and messages), skipping dot files. */
static int import_dir(importer *im, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, cap = 0, i;
	int rc = LC_OK;
	struct stat sb;

	if (depth > IMPORT_DEPTH_MAX)
		return lc_error_set(&im->err, LC_LIMIT, "%s: folders nested too deep", dir);
	d = opendir(dir);
	if (!d)
		return lc_error_set(&im->err, LC_IO, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
			if (!nn) {
				rc = lc_error_set(&im->err, LC_NOMEM, "out of memory");
				goto out;
			}
			names = nn;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = lc_error_set(&im->err, LC_NOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	if (n) /* an empty folder has no array: qsort's pointer must not be NULL */
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n && rc == LC_OK; i++) {
		int w = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (w < 0 || (size_t)w >= sizeof path) {
			rc = lc_error_set(&im->err, LC_LIMIT, "%s/%s: path too long", dir, names[i]);
			break;
		}
		if (stat(path, &sb) != 0)
			continue; /* a dangling link: nothing to read */
		if (S_ISDIR(sb.st_mode))
			rc = import_dir(im, path, depth + 1);
		else if (S_ISREG(sb.st_mode) && usage_file_name(names[i]))
			rc = import_file(im, path, 0);
		else if (S_ISREG(sb.st_mode))
			im->files_unknown++;
		progress(im, 0);
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* ------------------------------------------------------------------ agent logs */

static int import_agent(importer *im, lc_agent agent, char **paths)
{
	lc_scan_stats st;
	lc_scan_opts so;
	int rc;

	memset(&st, 0, sizeof st);
	memset(&so, 0, sizeof so);
	so.progress = cli_color(stderr);
	rc = lc_agentlog_import(im->lg, im->cat, agent, paths, &so, &st, &im->err);
	im->files += st.files;
	im->files_unchanged += st.files_unchanged;
	im->added += st.records_new;
	im->dups += st.records_dup;
	im->records += st.records_new + st.records_dup;
	im->skipped += st.lines_truncated;
	im->unpriced += st.records_unpriced;
	return rc;
}

/* ------------------------------------------------------------------ command */

static int parse_tag(importer *im, const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t kl = eq ? (size_t)(eq - kv) : 0;
	if (!eq || kl == 0 || kl >= LC_TAG_KEY_MAX || strlen(eq + 1) >= LC_TAG_VAL_MAX ||
	    im->ntags == LC_TAGS_MAX)
		return -1;
	memcpy(im->tags[im->ntags].key, kv, kl);
	im->tags[im->ntags].key[kl] = '\0';
	memcpy(im->tags[im->ntags].val, eq + 1, strlen(eq + 1) + 1);
	im->ntags++;
	return 0;
}

int cmd_import(int argc, char **argv); /* called from main.c's command table */
int cmd_import(int argc, char **argv)
{
	importer im;
	char **paths;
	const char *format = NULL;
	int i, np = 0, rc = LC_OK, agent = -1;
	struct stat sb;

	memset(&im, 0, sizeof im);
	paths = calloc((size_t)argc + 1, sizeof *paths);
	if (!paths)
		return cli_fail("import", LC_NOMEM, NULL);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			free(paths);
			return 0;
		} else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
			format = argv[++i];
		} else if (strcmp(a, "--tag") == 0 && i + 1 < argc) {
			if (parse_tag(&im, argv[++i])) {
				free(paths);
				return cli_usage("import", "--tag wants KEY=VALUE (at most %d tags): '%s'",
						 LC_TAGS_MAX, argv[i]);
			}
		} else if (strcmp(a, "--provider") == 0 && i + 1 < argc) {
			char canon[LC_PROVIDER_MAX];
			im.provider = argv[++i];
			if (lc_provider_normalize(im.provider, canon) != LC_OK) {
				free(paths);
				return cli_usage("import", "bad --provider '%s'", im.provider);
			}
		} else if (strcmp(a, "--csv-map") == 0 && i + 1 < argc) {
			im.csv_map = argv[++i];
			if (!*im.csv_map || !strchr(im.csv_map, '=')) {
				free(paths);
				return cli_usage("import", "--csv-map wants COLUMN=FIELD,...: '%s'",
						 im.csv_map);
			}
		} else if (strcmp(a, "--skip-invalid") == 0) {
			im.skip_invalid = 1;
		} else if (strcmp(a, "--rescan") == 0) {
			im.rescan = 1;
		} else if (strcmp(a, "--") == 0) {
			while (++i < argc)
				paths[np++] = argv[i];
		} else if (a[0] == '-' && a[1]) {
			free(paths);
			return cli_usage("import", "unknown option or missing value: '%s'", a);
		} else {
			paths[np++] = argv[i];
		}
	}
	if (np == 0) {
		free(paths);
		return cli_usage("import", "which files? give one or more PATHs");
	}
	for (i = 0; i < np; i++) {
		if (stat(paths[i], &sb) != 0) {
			fprintf(stderr, "llmcost import: %s: %s\n", paths[i], strerror(errno));
			free(paths);
			return EXIT_NOTFOUND;
		}
	}
	if (format && strcmp(format, "claude-code") == 0) {
		agent = LC_AGENT_CLAUDE_CODE;
	} else if (format && strcmp(format, "codex") == 0) {
		agent = LC_AGENT_CODEX;
	} else if (format) {
		if (lc_format_parse(format, &im.format) != LC_OK || im.format == LC_FMT_AUTO) {
			free(paths);
			return cli_usage("import", "unknown format '%s'", format);
		}
		im.have_format = 1;
	}
	rc = lc_catalog_open_default(&im.cat, &im.err);
	if (rc)
		goto out;
	rc = lc_ledger_open(NULL, &im.lg, &im.err);
	if (rc)
		goto out;
	if (agent >= 0) {
		rc = import_agent(&im, (lc_agent)agent, paths);
		goto out;
	}
	if (map_guard_install() != 0) {
		rc = lc_error_set(&im.err, LC_IO, "cannot install the SIGBUS handler: %s",
				  strerror(errno));
		goto out;
	}
	im.progress = cli_color(stderr);
	im.started = lc_time_now();
	for (i = 0; i < np && rc == LC_OK; i++) {
		stat(paths[i], &sb);
		rc = S_ISDIR(sb.st_mode) ? import_dir(&im, paths[i], 0) : import_file(&im, paths[i], 1);
	}
out:
	progress(&im, 1);
	if (im.files || rc == LC_OK) {
		printf("%" PRId64 " file%s", im.files, im.files == 1 ? "" : "s");
		if (im.files_unchanged)
			printf(" (%" PRId64 " unchanged)", im.files_unchanged);
		printf(": %" PRId64 " new, %" PRId64 " duplicate%s, %" PRId64 " skipped, %" PRId64
		       " unpriced\n",
		       im.added, im.dups, im.dups == 1 ? "" : "s", im.skipped, im.unpriced);
		if (im.files_unknown)
			printf("%" PRId64 " other file%s ignored (not usage data)\n", im.files_unknown,
			       im.files_unknown == 1 ? "" : "s");
	}
	lc_ledger_close(im.lg);
	if (im.cat)
		lc_catalog_free(im.cat);
	free(paths);
	if (rc)
		return cli_fail("import", rc, im.err.msg);
	return 0;
}
