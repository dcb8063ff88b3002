/*
 * files.h - the list of log files a scan visits (files.c), shared with scan.c.
 */
#ifndef LLMCOST_AGENTLOG_FILES_H
#define LLMCOST_AGENTLOG_FILES_H

#include "agentlog/agentlog_int.h"

typedef struct al_file {
	char path[LC_SOURCE_MAX];
	char project_dir[LC_TAG_VAL_MAX]; /* first folder below the root, "" for none */
	int64_t size, mtime_ns;
} al_file;

typedef struct al_filelist {
	al_file *v;
	size_t n, cap;
	int64_t skipped; /* paths too long to keep a cursor for */
} al_filelist;

/* List the *.jsonl files under paths (files or folders), sorted by path, duplicates
 * removed. Missing paths are skipped. */
int al_files_list(char *const *paths, al_filelist *fl, lc_error *err);
void al_files_free(al_filelist *fl);

#endif
