/*
 * files.c - where agent logs live: the default roots of each agent and the walk that
 * lists their *.jsonl files (sorted by path, so that every scan visits them in the same
 * order and merges its results deterministically).
 *
 * Claude Code: each folder of $CLAUDE_CONFIG_DIR (a comma-separated list) + "/projects",
 * else ~/.config/claude/projects and ~/.claude/projects (both, when both exist, as
 * ccusage). Codex: $CODEX_HOME/sessions, else ~/.codex/sessions.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agentlog/files.h"

void lc_strv_free(char **v)
{
	char **p;
	if (!v)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

static int strv_push(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 2) * sizeof **v);
	if (!nv)
		return LC_NOMEM;
	*v = nv;
	if (!(nv[*n] = strdup(s)))
		return LC_NOMEM;
	nv[++*n] = NULL;
	return LC_OK;
}

static int is_dir(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int lc_agentlog_roots(lc_agent a, char ***out, lc_error *err)
{
	char **v = NULL, path[4096];
	size_t n = 0;
	const char *home = getenv("HOME"), *env;
	int rc = LC_OK;

	if (!(v = calloc(1, sizeof *v)))
		return lc_error_set(err, LC_NOMEM, "out of memory");
	if (a == LC_AGENT_CLAUDE_CODE) {
		env = getenv("CLAUDE_CONFIG_DIR");
		if (env && *env) {
			const char *p = env;
			while (*p && rc == LC_OK) {
				const char *c = strchr(p, ',');
				size_t len = c ? (size_t)(c - p) : strlen(p);
				while (len && (*p == ' ')) p++, len--;
				while (len && p[len - 1] == ' ') len--;
				if (len && snprintf(path, sizeof path, "%.*s/projects", (int)len, p) <
						   (int)sizeof path)
					rc = strv_push(&v, &n, path);
				p = c ? c + 1 : p + strlen(p);
			}
		} else if (home) {
			const char *xdg = getenv("XDG_CONFIG_HOME");
			if (xdg && *xdg)
				snprintf(path, sizeof path, "%s/claude/projects", xdg);
			else
				snprintf(path, sizeof path, "%s/.config/claude/projects", home);
			if (is_dir(path))
				rc = strv_push(&v, &n, path);
			snprintf(path, sizeof path, "%s/.claude/projects", home);
			if (rc == LC_OK && (is_dir(path) || n == 0))
				rc = strv_push(&v, &n, path);
		}
	} else {
		env = getenv("CODEX_HOME");
		if (env && *env)
			snprintf(path, sizeof path, "%s/sessions", env);
		else
			snprintf(path, sizeof path, "%s/.codex/sessions", home ? home : ".");
		rc = strv_push(&v, &n, path);
	}
	if (rc != LC_OK) {
		lc_strv_free(v);
		return lc_error_set(err, rc, "out of memory");
	}
	*out = v;
	return LC_OK;
}

/* ------------------------------------------------------------------ the walk */

static int add_file(al_filelist *fl, const char *path, const struct stat *sb, const char *proj)
{
	al_file *f, *nf;
	size_t n = strlen(path);
	if (n >= LC_SOURCE_MAX - 16) {
		fl->skipped++; /* a cursor could not name it */
		return LC_OK;
	}
	if (!(nf = al_grow(fl->v, fl->n, &fl->cap, sizeof *fl->v, 256)))
		return LC_NOMEM;
	fl->v = nf;
	f = &fl->v[fl->n++];
	memset(f, 0, sizeof *f);
	memcpy(f->path, path, n + 1);
	f->size = (int64_t)sb->st_size;
	f->mtime_ns = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
	snprintf(f->project_dir, sizeof f->project_dir, "%s", proj ? proj : "");
	return LC_OK;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* Depth-first walk; `proj` is the name of the first folder below the root (Claude
 * Code's per-project folder). Symlinked folders are not followed (no cycles). */
static int walk(al_filelist *fl, char *path, size_t len, size_t cap, int depth,
		const char *proj)
{
	DIR *d;
	struct dirent *e;
	int rc = LC_OK;

	if (depth > 16)
		return LC_OK;
	if (!(d = opendir(path)))
		return LC_OK; /* unreadable folders are skipped, as missing ones */
	while ((e = readdir(d)) && rc == LC_OK) {
		struct stat sb;
		size_t k = strlen(e->d_name);
		if (e->d_name[0] == '.' || len + 1 + k + 1 > cap)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, e->d_name, k + 1);
		if (lstat(path, &sb) < 0)
			continue;
		if (S_ISLNK(sb.st_mode) && stat(path, &sb) < 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (e->d_type != DT_LNK)
				rc = walk(fl, path, len + 1 + k, cap, depth + 1,
					  depth == 0 ? e->d_name : proj);
		} else if (S_ISREG(sb.st_mode) && has_suffix(e->d_name, ".jsonl")) {
			rc = add_file(fl, path, &sb, proj);
		}
	}
	path[len] = '\0';
	closedir(d);
	return rc;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const al_file *)a)->path, ((const al_file *)b)->path);
}

int al_files_list(char *const *paths, al_filelist *fl, lc_error *err)
{
	char path[4096];
	size_t i, j;
	int rc = LC_OK;

	memset(fl, 0, sizeof *fl);
	for (i = 0; paths && paths[i] && rc == LC_OK; i++) {
		struct stat sb;
		size_t n = strlen(paths[i]);
		if (n >= sizeof path || stat(paths[i], &sb) < 0)
			continue; /* a default root that does not exist is not an error */
		memcpy(path, paths[i], n + 1);
		while (n > 1 && path[n - 1] == '/')
			path[--n] = '\0';
		if (S_ISDIR(sb.st_mode))
			rc = walk(fl, path, n, sizeof path, 0, NULL);
		else if (S_ISREG(sb.st_mode))
			rc = add_file(fl, path, &sb, NULL);
	}
	if (rc != LC_OK) {
		al_files_free(fl);
		return lc_error_set(err, rc, "listing log files: %s", lc_strerror(rc));
	}
	if (fl->n)
		qsort(fl->v, fl->n, sizeof *fl->v, cmp_file);
	/* the same file named twice (overlapping roots) is read once */
	for (i = j = 0; i < fl->n; i++)
		if (j == 0 || strcmp(fl->v[j - 1].path, fl->v[i].path) != 0)
			fl->v[j++] = fl->v[i];
	fl->n = j;
	return LC_OK;
}

void al_files_free(al_filelist *fl)
{
	if (!fl)
		return;
	free(fl->v);
	memset(fl, 0, sizeof *fl);
}
