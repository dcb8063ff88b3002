/*
 * meter.c - the ledger writer: metered rows leave the event loop through a queue and a writer
 * thread commits them in batches of up to batch_max rows per transaction. A row leaves the
 * queue only after the transaction holding it committed; a failed commit is rolled back and
 * retried with backoff, never dropped (LiteLLM #35531).
 * The queue is bounded by admission control in forward.c: new requests are refused with 503
 * while backlog + in-flight requests would exceed spool_max, so a push never has to drop.
 * Row ids are gateway request ids and the ledger ignores a repeated id: a retry after an
 * ambiguous commit cannot duplicate.
 *
 * The event loop never waits for the writer. The queue is single-producer single-consumer
 * and lock-free: the loop appends rows to the last block and publishes each with a release
 * store of the block's row count; the writer reads blocks up to that count, and hands
 * drained blocks back through an exchange-popped stack. With the mutex this queue used to
 * have, the loop took a lock per request for the backlog alone, and a writer preempted
 * while holding it (likely on a loaded 2-core machine) would have stalled the whole loop.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gateway/gw.h"

#define FLUSH_MS 10   /* the longest nap of a writer with nothing to do */
#define BLOCK_ROWS 64 /* rows per block: 150 KB */
#define SPARE_MAX 4   /* drained blocks kept for reuse; the rest go back to the system */
#define STEP_ROWS 32  /* rows inserted per step of the open transaction (see txn) */
#define HOLD_US 4000  /* a transaction is open at most this long (see txn) */
#define FREE_US 3000  /* then the ledger's write lock is left free this long (see txn) */

typedef struct item {
	lc_record r;
	uint64_t seq;
} item;

/* The queue is a list of fixed blocks rather than one array that doubles: memory follows
 * the backlog (bounded by spool_max through admission control in forward.c) and comes back
 * as it drains, and the writer reads rows in place. */
typedef struct block {
	_Atomic(struct block *) next; /* set once by the loop, when the next block starts */
	_Atomic size_t n;             /* rows published by the loop */
	struct block *ret;            /* link on the stack of drained blocks */
	item it[BLOCK_ROWS];
} block;

struct gw_meter {
	pthread_t thread;
	lc_ledger *lg;
	gw_spool *spool;
	int batch_max;

	/* the loop's side */
	block *tail;             /* the block rows are appended to */
	block *spare;            /* drained blocks for reuse */
	int nspare;

	/* the writer's side */
	block *head;             /* the oldest block not yet drained */
	size_t done;             /* rows of head already committed */

	/* shared */
	_Atomic(block *) returned; /* drained blocks, pushed by the writer, taken by the loop */
	_Atomic int64_t pushed, committed;
	_Atomic int64_t rejected;  /* rows the ledger refused by their content (see step) */
	atomic_int stop;
	pthread_mutex_t wmu;       /* only the writer sleeps on it: see wake() */
	pthread_cond_t wcv;
	atomic_int waiting;
	_Atomic size_t wake_at;    /* the backlog the napping writer waits for (see nap) */
};

static size_t backlog(gw_meter *m)
{
	int64_t n = atomic_load_explicit(&m->pushed, memory_order_acquire) -
		    atomic_load_explicit(&m->committed, memory_order_acquire);
	return n > 0 ? (size_t)n : 0;
}

/* Wake the writer when it sleeps (a step's worth of rows waits no nap). The loop takes wmu only
 * when the writer is asleep on it, that is, not running and so not holding it for long: a
 * missed wake-up costs at most one nap (FLUSH_MS). */
static void wake(gw_meter *m)
{
	if (atomic_load(&m->waiting) && pthread_mutex_trylock(&m->wmu) == 0) {
		pthread_cond_signal(&m->wcv);
		pthread_mutex_unlock(&m->wmu);
	}
}

/* k rows committed: advance head past drained blocks and give them back to the loop. */
static void advance(gw_meter *m, size_t k)
{
	m->done += k;
	while (m->done >= BLOCK_ROWS) {
		block *b = m->head, *next = atomic_load_explicit(&b->next, memory_order_acquire);
		if (!next)
			break; /* the loop's tail: drained, but it appends here next */
		m->head = next;
		m->done -= BLOCK_ROWS;
		b->ret = atomic_load_explicit(&m->returned, memory_order_relaxed);
		while (!atomic_compare_exchange_weak_explicit(&m->returned, &b->ret, b,
							      memory_order_release,
							      memory_order_relaxed))
			;
	}
	atomic_fetch_add_explicit(&m->committed, (int64_t)k, memory_order_release);
}

/* Sleep until the backlog reaches `until` rows (the loop wakes us then, not before: a
 * writer woken for nothing was 13% of its time in context switches), or ms pass. */
static void nap(gw_meter *m, long ms, size_t until)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += ms * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&m->wmu);
	atomic_store(&m->wake_at, until);
	atomic_store(&m->waiting, 1);
	if (!atomic_load(&m->stop) && backlog(m) < until)
		pthread_cond_timedwait(&m->wcv, &m->wmu, &ts);
	atomic_store(&m->waiting, 0);
	pthread_mutex_unlock(&m->wmu);
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * The open transaction. Rows go into the ledger a step of STEP_ROWS at a time, as they come,
 * so the writer never takes a core for long: measured on 2 cores (bench/RESULTS.md), a batch
 * of 512 rows written in one go (1.2 ms) took a core from the event loop and its peers, p95
 * 1.3-1.45 ms against 0.9-1.0 ms in steps. A transaction is committed at batch_max rows or
 * HOLD_US after it began, and the next one begins only FREE_US after that (unless a full
 * batch waits): another writer of the same file (the admin API's key store, on the event
 * loop; `llmcost keys create`; an import) must find the write lock free within a retry or
 * two of SQLite's busy handler, whose sleeps are 1, 2, 5, 10 ... ms. A transaction left open
 * while waiting for rows, with a 1 ms gap, made such a writer wait 0.2-2.6 s (review);
 * with these values it waits under 2 ms (test_meter.c), for the same throughput and p99.
 */
typedef struct txn {
	int open;
	size_t rows;         /* inserted, not yet committed */
	block *b;            /* where the next row to insert is */
	size_t i;
	uint64_t last;       /* the last spool sequence inserted */
	int64_t t0;          /* when it began (monotonic us) */
	int64_t t1;          /* when the last one was committed */
} txn;

/* Insert up to want rows after the cursor; the rows inserted, or -1 (rolled back). */
static long step(gw_meter *m, txn *t, size_t want)
{
	lc_error err;
	size_t k = 0;

	if (!t->open) {
		if (lc_ledger_begin(m->lg, &err))
			return -1;
		t->open = 1;
		t->rows = 0;
		t->b = m->head;
		t->i = m->done;
		t->last = 0;
		t->t0 = now_us();
	}
	while (k < want) {
		size_t n = atomic_load_explicit(&t->b->n, memory_order_acquire);
		block *next;
		for (; t->i < n && k < want; t->i++, k++) {
			int rc = lc_ledger_put(m->lg, &t->b->it[t->i].r, NULL, &err);
			if (rc == LC_INVAL || rc == LC_RANGE) {
				/* A row the ledger refuses by its content (tags it cannot encode,
				 * an amount it cannot hold): no retry can store it, and retrying
				 * would hold every row behind it until admission control refused
				 * all traffic. Dropped, and counted: /metrics shows
				 * llmcost_ledger_rejected_total. */
				atomic_fetch_add(&m->rejected, 1);
			} else if (rc) {
				lc_ledger_rollback(m->lg);
				t->open = 0;
				return -1;
			}
			if (t->b->it[t->i].seq)
				t->last = t->b->it[t->i].seq;
		}
		if (t->i < BLOCK_ROWS ||
		    !(next = atomic_load_explicit(&t->b->next, memory_order_acquire)))
			break; /* the loop is still filling this block, or has not begun the next */
		t->b = next;
		t->i = 0;
	}
	t->rows += k;
	return (long)k;
}

static int commit(gw_meter *m, txn *t)
{
	lc_error err;
	t->open = 0;
	if (lc_ledger_commit(m->lg, &err)) {
		lc_ledger_rollback(m->lg);
		return -1;
	}
	t->t1 = now_us();
	if (t->last)
		gw_spool_committed(m->spool, t->last);
	advance(m, t->rows);
	return 0;
}

static void *writer(void *arg)
{
	gw_meter *m = arg;
	int backoff_ms = 10, failures = 0;
	txn t = {0};

	for (;;) {
		int stop = atomic_load(&m->stop);
		size_t pending = backlog(m) - (t.open ? t.rows : 0); /* not inserted yet */
		int64_t age = t.open ? now_us() - t.t0 : 0;
		long rc = 0;

		size_t room = (size_t)m->batch_max - (t.open ? t.rows : 0);
		size_t want = pending < STEP_ROWS ? pending : STEP_ROWS;

		if (want > room)
			want = room;
		if (t.open && (!room || age >= HOLD_US || (stop && !pending))) {
			/* due: what has come meanwhile goes in too, then the commit */
			rc = pending && room ? step(m, &t, pending < room ? pending : room) : 0;
			if (rc >= 0)
				rc = commit(m, &t);
		} else if (!t.open && !stop && pending < (size_t)m->batch_max &&
			   now_us() - t.t1 < FREE_US) {
			nap(m, (long)(FREE_US - (now_us() - t.t1) + 999) / 1000, (size_t)m->batch_max);
			continue;
		} else if (pending >= STEP_ROWS || (pending && (stop || !t.open))) {
			rc = step(m, &t, want);
		} else if (!pending && stop) {
			break;
		} else {
			/* wait for a step's worth of rows, or until the commit is due */
			nap(m, t.open ? (long)(HOLD_US - age + 999) / 1000 : FLUSH_MS,
			    t.open ? t.rows + STEP_ROWS : 1);
			continue;
		}
		if (rc < 0) {
			/* keep the rows; wait and retry (the ledger may be locked or full) */
			struct timespec ts = {0, (long)backoff_ms * 1000000L};
			nanosleep(&ts, NULL);
			if (backoff_ms < 1000)
				backoff_ms *= 2;
			/* Stopping with a ledger that keeps failing: give up after about a minute
			 * rather than hang the shutdown; gw_meter_stop reports the rows left. */
			if (stop && ++failures > 60)
				break;
			continue;
		}
		backoff_ms = 10;
		failures = 0;
	}
	if (t.open)
		lc_ledger_rollback(m->lg);
	return NULL;
}

int gw_meter_start(lc_ledger *lg, gw_spool *spool, size_t spool_max, int batch_max,
		   gw_meter **out, lc_error *err)
{
	gw_meter *m = calloc(1, sizeof *m);
	if (!m || !(m->tail = m->head = calloc(1, sizeof *m->tail))) {
		free(m);
		return lc_error_set(err, LC_NOMEM, "out of memory");
	}
	m->lg = lg;
	m->spool = spool;
	m->batch_max = batch_max > 0 ? batch_max : 512;
	(void)spool_max; /* admission control (forward.c) bounds the backlog */
	pthread_mutex_init(&m->wmu, NULL);
	{
		/* naps measured on the monotonic clock: a clock set back must not stall them */
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&m->wcv, &ca);
		pthread_condattr_destroy(&ca);
	}
	if (pthread_create(&m->thread, NULL, writer, m) != 0) {
		pthread_mutex_destroy(&m->wmu);
		pthread_cond_destroy(&m->wcv);
		free(m->head);
		free(m);
		return lc_error_set(err, LC_INTERNAL, "cannot start the ledger writer");
	}
	*out = m;
	return 0;
}

/* A block for the loop to fill: a drained one if the writer gave any back. */
static block *new_block(gw_meter *m)
{
	block *b = atomic_exchange_explicit(&m->returned, NULL, memory_order_acquire);
	while (b) { /* take what came back into the private spare list */
		block *r = b->ret;
		if (m->nspare < SPARE_MAX) {
			b->ret = m->spare;
			m->spare = b;
			m->nspare++;
		} else {
			free(b);
		}
		b = r;
	}
	if ((b = m->spare)) {
		m->spare = b->ret;
		m->nspare--;
	} else if (!(b = malloc(sizeof *b))) {
		return NULL;
	}
	atomic_store_explicit(&b->next, NULL, memory_order_relaxed);
	atomic_store_explicit(&b->n, 0, memory_order_relaxed);
	b->ret = NULL;
	return b;
}

int gw_meter_push(gw_meter *m, const lc_record *r, uint64_t seq)
{
	block *t = m->tail;
	size_t n = atomic_load_explicit(&t->n, memory_order_relaxed), q;

	if (n == BLOCK_ROWS) {
		block *b = new_block(m);
		if (!b)
			return LC_NOMEM;
		atomic_store_explicit(&t->next, b, memory_order_release);
		m->tail = t = b;
		n = 0;
	}
	t->it[n].r = *r;
	t->it[n].seq = seq;
	atomic_store_explicit(&t->n, n + 1, memory_order_release);
	atomic_fetch_add_explicit(&m->pushed, 1, memory_order_release);
	q = backlog(m);
	if (q >= atomic_load_explicit(&m->wake_at, memory_order_relaxed))
		wake(m); /* what the napping writer waits for is there (a wake only if it naps) */
	return 0;
}

size_t gw_meter_backlog(gw_meter *m)
{
	return m ? backlog(m) : 0;
}

int64_t gw_meter_rejected(gw_meter *m)
{
	return m ? atomic_load(&m->rejected) : 0;
}

size_t gw_meter_stop(gw_meter *m)
{
	block *b;
	size_t lost;
	if (!m)
		return 0;
	atomic_store(&m->stop, 1);
	pthread_mutex_lock(&m->wmu);
	pthread_cond_signal(&m->wcv);
	pthread_mutex_unlock(&m->wmu);
	pthread_join(m->thread, NULL);
	lost = backlog(m);
	lc_ledger_close(m->lg);
	pthread_mutex_destroy(&m->wmu);
	pthread_cond_destroy(&m->wcv);
	/* the queue from the writer's head on, then what was given back, then the spares */
	for (b = m->head; b;) {
		block *next = atomic_load(&b->next);
		free(b);
		b = next;
	}
	for (b = atomic_exchange(&m->returned, NULL); b;) {
		block *next = b->ret;
		free(b);
		b = next;
	}
	for (b = m->spare; b;) {
		block *next = b->ret;
		free(b);
		b = next;
	}
	free(m);
	return lost;
}
