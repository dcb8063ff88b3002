/*
 * meter.c - the ledger writer: metered rows leave the event loop through a spool (a queue
 * guarded by a mutex) and a writer thread commits them in batches of up to batch_max rows per
 * transaction (whole blocks of the queue). A row leaves the spool only after the transaction
 * holding it committed; a failed commit is rolled back and retried with backoff, never
 * dropped (LiteLLM #35531).
 * The spool is bounded by admission control in forward.c: new requests are refused with 503
 * while backlog + in-flight requests would exceed spool_max, so a push never has to drop.
 * Row ids are gateway request ids and the ledger ignores a repeated id: a retry after an
 * ambiguous commit cannot duplicate.
 */
#include <errno.h>
#include <pthread.h>
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
 * as it drains, and the writer takes whole blocks without copying rows under the lock. */
typedef struct block {
	struct block *next;
	size_t n;
	item it[BLOCK_ROWS];
} block;

struct gw_meter {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	lc_ledger *lg;
	block *head, *tail;      /* queued rows, oldest first */
	block *spare;            /* drained blocks for reuse */
	int nspare;
	gw_spool *spool;
	size_t count;            /* rows queued or being written, not yet committed */
	int64_t committed;
	size_t lost;             /* rows never committed (a ledger failing at shutdown) */
	int stop;
	int batch_max;
};

static int write_batch(gw_meter *m, const block *b)
{
	lc_error err;
	if (lc_ledger_begin(m->lg, &err))
		return -1;
	for (; b; b = b->next)
		for (size_t i = 0; i < b->n; i++)
			if (lc_ledger_put(m->lg, &b->it[i].r, NULL, &err)) {
				lc_ledger_rollback(m->lg);
				return -1;
			}
	if (lc_ledger_commit(m->lg, &err)) {
		lc_ledger_rollback(m->lg);
		return -1;
	}
	return 0;
}

/* Give drained blocks back: a few kept for the next pushes, the rest freed (mu held). */
static void recycle(gw_meter *m, block *b)
{
	while (b) {
		block *next = b->next;
		if (m->nspare < SPARE_MAX) {
			b->next = m->spare;
			m->spare = b;
			m->nspare++;
		} else {
			free(b);
		}
		b = next;
	}
}

static void *writer(void *arg)
{
	gw_meter *m = arg;
	block *batch = NULL;      /* taken from the queue, not yet committed */
	size_t n = 0;
	uint64_t last_seq = 0;
	int backoff_ms = 10, failures = 0;

	pthread_mutex_lock(&m->mu);
	for (;;) {
		if (!batch) {
			/* Wait for a full batch, or for FLUSH_MS to pass with something queued:
			 * few large transactions, few wake-ups, a row committed within ~FLUSH_MS. */
			while (!m->stop && m->count < (size_t)m->batch_max) {
				struct timespec ts;
				clock_gettime(CLOCK_REALTIME, &ts);
				ts.tv_nsec += FLUSH_MS * 1000000L;
				if (ts.tv_nsec >= 1000000000L) {
					ts.tv_sec++;
					ts.tv_nsec -= 1000000000L;
				}
				if (pthread_cond_timedwait(&m->cv, &m->mu, &ts) == ETIMEDOUT && m->count)
					break;
			}
			if (!m->count && m->stop)
				break;
			if (!m->head)
				continue;
			/* take whole blocks, about batch_max rows: the loop starts a new block */
			block **end = &batch;
			n = 0;
			while (m->head && n < (size_t)m->batch_max) {
				block *b = m->head;
				m->head = b->next;
				b->next = NULL;
				*end = b;
				end = &b->next;
				n += b->n;
				last_seq = b->it[b->n - 1].seq ? b->it[b->n - 1].seq : last_seq;
			}
			if (!m->head)
				m->tail = NULL;
		}
		pthread_mutex_unlock(&m->mu);

		if (write_batch(m, batch) != 0) {
			/* keep the rows; wait and retry (the ledger may be locked or full) */
			struct timespec ts = {0, (long)backoff_ms * 1000000L};
			nanosleep(&ts, NULL);
			if (backoff_ms < 1000)
				backoff_ms *= 2;
			pthread_mutex_lock(&m->mu);
			/* Stopping with a ledger that keeps failing: give up after about a minute
			 * rather than hang the shutdown; gw_meter_stop reports the rows left. */
			if (m->stop && ++failures > 60)
				break;
			continue;
		}
		backoff_ms = 10;
		failures = 0;
		if (last_seq)
			gw_spool_committed(m->spool, last_seq);
		pthread_mutex_lock(&m->mu);
		m->count -= n;
		m->committed += (int64_t)n;
		recycle(m, batch);
		batch = NULL;
	}
	pthread_mutex_unlock(&m->mu);
	while (batch) {
		block *next = batch->next;
		free(batch);
		batch = next;
	}
	return NULL;
}

int gw_meter_start(lc_ledger *lg, gw_spool *spool, size_t spool_max, int batch_max,
		   gw_meter **out, lc_error *err)
{
	gw_meter *m = calloc(1, sizeof *m);
	(void)spool_max;
	if (!m)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	m->lg = lg;
	m->spool = spool;
	m->batch_max = batch_max > 0 ? batch_max : 512;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	if (pthread_create(&m->thread, NULL, writer, m) != 0) {
		pthread_mutex_destroy(&m->mu);
		pthread_cond_destroy(&m->cv);
		free(m);
		return lc_error_set(err, LC_INTERNAL, "cannot start the ledger writer");
	}
	*out = m;
	return 0;
}

int gw_meter_push(gw_meter *m, const lc_record *r, uint64_t seq)
{
	int rc = 0;
	pthread_mutex_lock(&m->mu);
	if (!m->tail || m->tail->n == BLOCK_ROWS) {
		block *b = m->spare;
		if (b) {
			m->spare = b->next;
			m->nspare--;
		} else {
			b = malloc(sizeof *b);
		}
		if (!b) {
			rc = LC_NOMEM;
			goto out;
		}
		b->next = NULL;
		b->n = 0;
		if (m->tail)
			m->tail->next = b;
		else
			m->head = b;
		m->tail = b;
	}
	m->tail->it[m->tail->n].r = *r;
	m->tail->it[m->tail->n].seq = seq;
	m->tail->n++;
	m->count++;
	if (m->count == (size_t)m->batch_max)
		pthread_cond_signal(&m->cv); /* a full batch; smaller ones wait FLUSH_MS */
out:
	pthread_mutex_unlock(&m->mu);
	return rc;
}

size_t gw_meter_backlog(gw_meter *m)
{
	size_t n;
	if (!m)
		return 0;
	pthread_mutex_lock(&m->mu);
	n = m->count;
	pthread_mutex_unlock(&m->mu);
	return n;
}

int64_t gw_meter_committed(gw_meter *m)
{
	int64_t n;
	pthread_mutex_lock(&m->mu);
	n = m->committed;
	pthread_mutex_unlock(&m->mu);
	return n;
}

void gw_meter_stop(gw_meter *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	m->stop = 1;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	m->lost = m->count;
	lc_ledger_close(m->lg);
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->cv);
	recycle(m, m->head);
	while (m->spare) {
		block *next = m->spare->next;
		free(m->spare);
		m->spare = next;
	}
	free(m);
}
