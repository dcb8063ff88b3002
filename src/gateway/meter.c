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

#define FLUSH_MS 10
#define BLOCK_ROWS 64 /* rows per block: 150 KB */
#define SPARE_MAX 4   /* drained blocks kept for reuse; the rest go back to the system */

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
	size_t lost;             /* rows never committed (a ledger failing at shutdown) */

	/* shared */
	_Atomic(block *) returned; /* drained blocks, pushed by the writer, taken by the loop */
	_Atomic int64_t pushed, committed;
	atomic_int stop;
	pthread_mutex_t wmu;       /* only the writer sleeps on it: see wake() */
	pthread_cond_t wcv;
	atomic_int waiting;
};

static size_t backlog(gw_meter *m)
{
	int64_t n = atomic_load_explicit(&m->pushed, memory_order_acquire) -
		    atomic_load_explicit(&m->committed, memory_order_acquire);
	return n > 0 ? (size_t)n : 0;
}

/* Wake the writer when it sleeps (a full batch waits no FLUSH_MS). The loop takes wmu only
 * when the writer is asleep on it, that is, not running and so not holding it for long: a
 * missed wake-up costs at most FLUSH_MS. */
static void wake(gw_meter *m)
{
	if (atomic_load(&m->waiting) && pthread_mutex_trylock(&m->wmu) == 0) {
		pthread_cond_signal(&m->wcv);
		pthread_mutex_unlock(&m->wmu);
	}
}

/* Write rows [done, done + n) starting at head, across blocks, in one transaction. Returns
 * the rows written and the last spool sequence in *last; -1 on a failed commit. */
static long write_batch(gw_meter *m, size_t want, uint64_t *last)
{
	lc_error err;
	block *b = m->head;
	size_t i = m->done, k = 0;

	if (lc_ledger_begin(m->lg, &err))
		return -1;
	while (b && k < want) {
		size_t n = atomic_load_explicit(&b->n, memory_order_acquire);
		for (; i < n && k < want; i++, k++) {
			if (lc_ledger_put(m->lg, &b->it[i].r, NULL, &err)) {
				lc_ledger_rollback(m->lg);
				return -1;
			}
			if (b->it[i].seq)
				*last = b->it[i].seq;
		}
		if (i < BLOCK_ROWS)
			break; /* the loop is still filling it */
		b = atomic_load_explicit(&b->next, memory_order_acquire);
		i = 0;
	}
	if (lc_ledger_commit(m->lg, &err)) {
		lc_ledger_rollback(m->lg);
		return -1;
	}
	return (long)k;
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

static void nap(gw_meter *m, int ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += ms * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&m->wmu);
	atomic_store(&m->waiting, 1);
	if (!atomic_load(&m->stop) && backlog(m) < (size_t)m->batch_max)
		pthread_cond_timedwait(&m->wcv, &m->wmu, &ts);
	atomic_store(&m->waiting, 0);
	pthread_mutex_unlock(&m->wmu);
}

static void *writer(void *arg)
{
	gw_meter *m = arg;
	int backoff_ms = 10, failures = 0;

	for (;;) {
		size_t n = backlog(m);
		uint64_t last = 0;
		long k;

		if (!n) {
			if (atomic_load(&m->stop))
				break;
			nap(m, FLUSH_MS);
			continue;
		}
		/* Few large transactions, few wake-ups, a row committed within ~FLUSH_MS. */
		if (n < (size_t)m->batch_max && !atomic_load(&m->stop)) {
			nap(m, FLUSH_MS);
			n = backlog(m);
		}
		k = write_batch(m, n < (size_t)m->batch_max ? n : (size_t)m->batch_max, &last);
		if (k < 0) {
			/* keep the rows; wait and retry (the ledger may be locked or full) */
			struct timespec ts = {0, (long)backoff_ms * 1000000L};
			nanosleep(&ts, NULL);
			if (backoff_ms < 1000)
				backoff_ms *= 2;
			/* Stopping with a ledger that keeps failing: give up after about a minute
			 * rather than hang the shutdown; gw_meter_stop reports the rows left. */
			if (atomic_load(&m->stop) && ++failures > 60)
				break;
			continue;
		}
		backoff_ms = 10;
		failures = 0;
		if (last)
			gw_spool_committed(m->spool, last);
		advance(m, (size_t)k);
	}
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
	pthread_cond_init(&m->wcv, NULL);
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
	if (q == (size_t)m->batch_max)
		wake(m); /* a full batch; smaller ones wait FLUSH_MS */
	return 0;
}

size_t gw_meter_backlog(gw_meter *m)
{
	return m ? backlog(m) : 0;
}

int64_t gw_meter_committed(gw_meter *m)
{
	return atomic_load(&m->committed);
}

void gw_meter_stop(gw_meter *m)
{
	block *b;
	if (!m)
		return;
	atomic_store(&m->stop, 1);
	pthread_mutex_lock(&m->wmu);
	pthread_cond_signal(&m->wcv);
	pthread_mutex_unlock(&m->wmu);
	pthread_join(m->thread, NULL);
	m->lost = backlog(m);
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
}
