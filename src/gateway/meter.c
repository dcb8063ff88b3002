/*
 * meter.c - the ledger writer: metered rows leave the event loop through a spool (a queue
 * guarded by a mutex) and a writer thread commits them in batches of up to batch_max rows per
 * transaction. A row leaves the spool only after the transaction holding it committed; a
 * failed commit is rolled back and retried with backoff, never dropped (LiteLLM #35531).
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

typedef struct item {
	lc_record r;
	uint64_t seq;
} item;

struct gw_meter {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_cond_t drained;
	lc_ledger *lg;
	item *q;                 /* ring buffer */
	gw_spool *spool;
	size_t cap, head, count;
	size_t inflight;         /* rows taken by the writer, not yet committed */
	int64_t committed;
	size_t lost;              /* rows never committed (a ledger failing at shutdown) */
	int stop;
	int batch_max;
};

static int grow(gw_meter *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	item *nq = malloc(ncap * sizeof *nq);
	if (!nq)
		return LC_NOMEM;
	for (size_t i = 0; i < m->count; i++)
		nq[i] = m->q[(m->head + i) % m->cap];
	free(m->q);
	m->q = nq;
	m->cap = ncap;
	m->head = 0;
	return 0;
}

static int write_batch(gw_meter *m, const item *rows, size_t n)
{
	lc_error err;
	if (lc_ledger_begin(m->lg, &err))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (lc_ledger_put(m->lg, &rows[i].r, NULL, &err)) {
			lc_ledger_rollback(m->lg);
			return -1;
		}
	if (lc_ledger_commit(m->lg, &err)) {
		lc_ledger_rollback(m->lg);
		return -1;
	}
	return 0;
}

static void *writer(void *arg)
{
	gw_meter *m = arg;
	item *batch = malloc((size_t)m->batch_max * sizeof *batch);
	int backoff_ms = 10, failures = 0;

	pthread_mutex_lock(&m->mu);
	for (;;) {
		size_t n;
		/* Wait for a full batch, or for FLUSH_MS to pass with something queued: few
		 * large transactions, few wake-ups, and a row is committed within ~FLUSH_MS. */
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
		if (!m->count)
			continue;
		n = m->count < (size_t)m->batch_max ? m->count : (size_t)m->batch_max;
		for (size_t i = 0; i < n; i++)
			batch[i] = m->q[(m->head + i) % m->cap];
		m->inflight = n;
		pthread_mutex_unlock(&m->mu);

		if (!batch || write_batch(m, batch, n) != 0) {
			/* keep the rows; wait and retry (the ledger may be locked or full) */
			struct timespec ts = {0, (long)backoff_ms * 1000000L};
			nanosleep(&ts, NULL);
			if (backoff_ms < 1000)
				backoff_ms *= 2;
			pthread_mutex_lock(&m->mu);
			m->inflight = 0;
			/* Stopping with a ledger that keeps failing: give up after about a minute
			 * rather than hang the shutdown; gw_meter_stop reports the rows left. */
			if (m->stop && ++failures > 60)
				break;
			continue;
		}
		backoff_ms = 10;
		failures = 0;
		if (batch[n - 1].seq)
			gw_spool_committed(m->spool, batch[n - 1].seq);
		pthread_mutex_lock(&m->mu);
		m->head = (m->head + n) % m->cap;
		m->count -= n;
		m->inflight = 0;
		m->committed += (int64_t)n;
		if (!m->count) {
			pthread_cond_broadcast(&m->drained);
			/* a burst grew the queue; give the memory back once it is drained */
			if (m->cap > 4096) {
				item *small = malloc(1024 * sizeof *small);
				if (small) {
					free(m->q);
					m->q = small;
					m->cap = 1024;
					m->head = 0;
				}
			}
		}
	}
	pthread_mutex_unlock(&m->mu);
	free(batch);
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
	pthread_cond_init(&m->drained, NULL);
	if (grow(m) || pthread_create(&m->thread, NULL, writer, m) != 0) {
		free(m->q);
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
	if (m->count == m->cap && grow(m))
		rc = LC_NOMEM;
	if (!rc) {
		m->q[(m->head + m->count) % m->cap].r = *r;
		m->q[(m->head + m->count) % m->cap].seq = seq;
		m->count++;
		if (m->count == (size_t)m->batch_max)
			pthread_cond_signal(&m->cv); /* a full batch; smaller ones wait FLUSH_MS */
	}
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
	pthread_cond_destroy(&m->drained);
	free(m->q);
	free(m);
}
