/*
 * mapguard.c - reading a mapped file that another process may shrink, without dying.
 *
 * `llmcost import` maps the files it reads (a 1 GiB file costs page cache, not heap). If
 * another process truncates a file while it is mapped, touching a page past the new end
 * raises SIGBUS, which by default kills the process mid-transaction. Copying every file into
 * the heap would cost memory the import must not need, and a check of the size before or
 * after the scan cannot stop the fault. So, as systemd's journal reader does, a SIGBUS
 * handler catches a fault inside the one guarded range, maps a page of zeros over the
 * faulting page (so the load retries and reads zeros) and raises a flag; the importer
 * checks the flag once the scan is over and throws the file's transaction away with a
 * one-line error. No longjmp: the parser and SQLite run on undisturbed, and whatever they
 * made of the zeros is rolled back.
 *
 * A fault outside the range (a real bug) restores the default action and returns, so the
 * load faults again and the process dies as it would have without the guard. The import
 * reads one file at a time on one thread; the range and flag are still atomics, so the
 * handler never sees a half-written range.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mapguard.h"

static _Atomic uintptr_t g_base;
static _Atomic size_t g_len;
static atomic_int g_faulted;
static uintptr_t g_page = 4096; /* set by map_guard_install: sysconf is not signal-safe */

static void on_sigbus(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t a = (uintptr_t)si->si_addr, base = atomic_load(&g_base);
	size_t len = atomic_load(&g_len);

	(void)uctx;
	if (base && a >= base && a - base < len) {
		void *page = (void *)(a & ~(g_page - 1));
		if (mmap(page, (size_t)g_page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			 0) != MAP_FAILED) {
			atomic_store(&g_faulted, 1);
			return;
		}
	}
	signal(sig, SIG_DFL); /* not ours, or no page to put there: fault again, and die */
}

int map_guard_install(void)
{
	struct sigaction sa;
	long pg = sysconf(_SC_PAGESIZE);

	if (pg > 0)
		g_page = (uintptr_t)pg;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGBUS, &sa, NULL) == 0 ? 0 : -1;
}

void map_guard_set(const void *base, size_t len)
{
	atomic_store(&g_len, 0);
	atomic_store(&g_base, (uintptr_t)base);
	atomic_store(&g_len, base ? len : 0);
	atomic_store(&g_faulted, 0);
}

int map_guard_faulted(void)
{
	return atomic_load(&g_faulted);
}
