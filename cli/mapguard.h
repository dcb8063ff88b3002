/*
 * mapguard.h - a SIGBUS guard for one mapped input file at a time (see mapguard.c).
 */
#ifndef LLMCOST_CLI_MAPGUARD_H
#define LLMCOST_CLI_MAPGUARD_H

#include <stddef.h>

/* Install the SIGBUS handler (once per process). 0 on success, -1 with errno. */
int map_guard_install(void);
/* Guard [base, base + len) from now on (base NULL: nothing) and clear the fault flag. */
void map_guard_set(const void *base, size_t len);
/* 1 when a page of the guarded range vanished (the file shrank) since map_guard_set. */
int map_guard_faulted(void);

#endif
