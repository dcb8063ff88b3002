/*
 * metrics.c - Prometheus exposition for GET /metrics: requests by status class, tokens and
 * cost by model and key, cache hits, requests refused by the gateway by key and reason, a
 * latency histogram, and gauges for connections, in-flight requests and the ledger backlog.
 * Labels hold key ids, never secrets. Costs are accumulated exactly (lc_money) and printed
 * as decimals.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

#define MAX_SERIES 4096
#define MAX_REFUSED 1024
/* Open addressing, at most half full: a request finds its series in about one probe
 * (a linear scan cost ~4,000 string compares a request once keys x models filled it). */
#define SLOTS (2 * MAX_SERIES)

static const double BOUNDS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
#define NB (sizeof BOUNDS / sizeof BOUNDS[0])

typedef struct series {
	char model[LC_MODEL_MAX];
	char key[LC_KEY_ID_MAX];
	int64_t requests, in_tokens, out_tokens, cache_hits;
	lc_money cost;
} series;

/* Requests the gateway answered itself with an error, nothing forwarded (auth, allowlist,
 * rate limit, budget, overload, bad request), by key, status and error type: what an alert
 * on "team X is being refused by its budget" reads. They have no ledger row (docs/serve.md). */
typedef struct refused {
	char key[LC_KEY_ID_MAX];
	char type[32];
	int status;
	int64_t n;
} refused;

struct gw_metrics {
	series *s;
	int n;
	uint16_t slot[SLOTS]; /* index + 1 into s; 0 = empty */
	refused r[MAX_REFUSED];
	int nr;
	uint16_t rslot[2 * MAX_REFUSED];
	int64_t by_class[6]; /* 1xx..5xx */
	int64_t hist[NB + 1];
	double hist_sum;
	int64_t hist_count;
	int conns, inflight;
	size_t backlog;
	int64_t rejected;
};

int gw_metrics_new(gw_metrics **out)
{
	*out = calloc(1, sizeof **out);
	if (*out && !((*out)->s = calloc(MAX_SERIES, sizeof(series)))) {
		free(*out);
		*out = NULL;
	}
	return *out ? 0 : LC_NOMEM;
}

void gw_metrics_free(gw_metrics *m)
{
	if (m) {
		free(m->s);
		free(m);
	}
}

static uint64_t mix(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull; /* a separator: ("ab","c") != ("a","bc") */
}

static series *find(gw_metrics *m, const char *model, const char *key)
{
	uint64_t h = mix(mix(1469598103934665603ull, model), key);
	size_t i = (size_t)(h ^ (h >> 29)) & (SLOTS - 1);
	series *s;
	for (; m->slot[i]; i = (i + 1) & (SLOTS - 1)) {
		s = &m->s[m->slot[i] - 1];
		if (!strcmp(s->model, model) && !strcmp(s->key, key))
			return s;
	}
	if (m->n == MAX_SERIES - 1) {
		/* full: the rest is counted under explicit labels, never under a real series
		 * (another tenant's traffic must not show up under somebody's label) */
		s = &m->s[MAX_SERIES - 1];
		if (!s->model[0]) {
			snprintf(s->model, sizeof s->model, "_other");
			snprintf(s->key, sizeof s->key, "_other");
		}
		return s;
	}
	s = &m->s[m->n++];
	snprintf(s->model, sizeof s->model, "%s", model);
	snprintf(s->key, sizeof s->key, "%s", key);
	m->slot[i] = (uint16_t)m->n;
	return s;
}

void gw_metrics_refused(gw_metrics *m, const char *key_id, int status, const char *type)
{
	uint64_t h = mix(mix(1469598103934665603ull, key_id), type) ^ (uint64_t)status;
	size_t i = (size_t)(h ^ (h >> 29)) & (2 * MAX_REFUSED - 1);
	refused *r;
	for (; m->rslot[i]; i = (i + 1) & (2 * MAX_REFUSED - 1)) {
		r = &m->r[m->rslot[i] - 1];
		if (r->status == status && !strcmp(r->key, key_id) && !strcmp(r->type, type)) {
			r->n++;
			return;
		}
	}
	if (m->nr == MAX_REFUSED - 1) {
		/* full: counted under explicit labels, never under a real key (as find) */
		r = &m->r[MAX_REFUSED - 1];
		if (!r->key[0]) {
			snprintf(r->key, sizeof r->key, "_other");
			snprintf(r->type, sizeof r->type, "_other");
		}
		r->n++;
		return;
	}
	r = &m->r[m->nr++];
	snprintf(r->key, sizeof r->key, "%s", key_id);
	snprintf(r->type, sizeof r->type, "%s", type);
	r->status = status;
	r->n = 1;
	m->rslot[i] = (uint16_t)m->nr;
}

void gw_metrics_request(gw_metrics *m, const char *model, const char *key_id, int status,
			const lc_usage *u, const lc_cost *cost, int cache_hit, double seconds)
{
	series *s = find(m, model, key_id);
	size_t b = 0;
	s->requests++;
	if (u) {
		s->in_tokens += lc_usage_input_total(u);
		s->out_tokens += u->output_tokens;
	}
	if (cost)
		lc_money_add(s->cost, cost->total, &s->cost);
	s->cache_hits += cache_hit;
	if (status >= 100 && status < 600)
		m->by_class[status / 100]++;
	while (b < NB && seconds > BOUNDS[b])
		b++;
	m->hist[b]++;
	m->hist_sum += seconds;
	m->hist_count++;
}

void gw_metrics_gauge(gw_metrics *m, int conns, int inflight, size_t backlog,
		      int64_t rejected)
{
	m->conns = conns;
	m->inflight = inflight;
	m->backlog = backlog;
	m->rejected = rejected;
}

/* Series to print: those in use, and the overflow one (the last) once it has counts. */
static int nseries(const gw_metrics *m)
{
	return m->s[MAX_SERIES - 1].model[0] ? MAX_SERIES : m->n;
}

/* Label values are model names from clients: escape backslash, quote and newline. */
static void label(lc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			lc_buf_printf(b, "\\%c", *s);
		else if (*s == '\n')
			lc_buf_puts(b, "\\n");
		else
			lc_buf_append(b, s, 1);
	}
}

int gw_metrics_render(gw_metrics *m, lc_buf *b)
{
	int64_t cum = 0;
	static const char *names[] = {"requests", "input_tokens", "output_tokens", "cache_hits"};
	lc_buf_puts(b, "# TYPE llmcost_http_responses_total counter\n");
	for (int i = 1; i < 6; i++)
		lc_buf_printf(b, "llmcost_http_responses_total{class=\"%dxx\"} %lld\n", i,
			      (long long)m->by_class[i]);
	for (int k = 0; k < 4; k++) {
		lc_buf_printf(b, "# TYPE llmcost_%s_total counter\n", names[k]);
		for (int i = 0; i < nseries(m); i++) {
			series *s = &m->s[i];
			int64_t v = k == 0 ? s->requests : k == 1 ? s->in_tokens : k == 2 ? s->out_tokens
											 : s->cache_hits;
			lc_buf_printf(b, "llmcost_%s_total{model=\"", names[k]);
			label(b, s->model);
			lc_buf_puts(b, "\",key=\"");
			label(b, s->key);
			lc_buf_printf(b, "\"} %lld\n", (long long)v);
		}
	}
	lc_buf_puts(b, "# TYPE llmcost_cost_usd_total counter\n");
	for (int i = 0; i < nseries(m); i++) {
		char c[LC_MONEY_STRMAX];
		lc_money_format(m->s[i].cost, -1, c, sizeof c);
		lc_buf_puts(b, "llmcost_cost_usd_total{model=\"");
		label(b, m->s[i].model);
		lc_buf_puts(b, "\",key=\"");
		label(b, m->s[i].key);
		lc_buf_printf(b, "\"} %s\n", c);
	}
	lc_buf_puts(b, "# TYPE llmcost_request_seconds histogram\n");
	for (size_t i = 0; i < NB; i++) {
		cum += m->hist[i];
		lc_buf_printf(b, "llmcost_request_seconds_bucket{le=\"%g\"} %lld\n", BOUNDS[i],
			      (long long)cum);
	}
	cum += m->hist[NB];
	lc_buf_printf(b, "llmcost_request_seconds_bucket{le=\"+Inf\"} %lld\n", (long long)cum);
	lc_buf_printf(b, "llmcost_request_seconds_sum %.6f\nllmcost_request_seconds_count %lld\n",
		      m->hist_sum, (long long)m->hist_count);
	lc_buf_puts(b, "# TYPE llmcost_refused_total counter\n");
	for (int i = 0; i < (m->r[MAX_REFUSED - 1].key[0] ? MAX_REFUSED : m->nr); i++) {
		lc_buf_puts(b, "llmcost_refused_total{key=\"");
		label(b, m->r[i].key);
		if (i == MAX_REFUSED - 1)
			lc_buf_puts(b, "\",code=\"_other\",type=\"");
		else
			lc_buf_printf(b, "\",code=\"%d\",type=\"", m->r[i].status);
		label(b, m->r[i].type);
		lc_buf_printf(b, "\"} %lld\n", (long long)m->r[i].n);
	}
	lc_buf_printf(b, "# TYPE llmcost_open_connections gauge\nllmcost_open_connections %d\n",
		      m->conns);
	lc_buf_printf(b, "# TYPE llmcost_inflight_requests gauge\nllmcost_inflight_requests %d\n",
		      m->inflight);
	lc_buf_printf(b, "# TYPE llmcost_ledger_rejected_total counter\n"
			 "llmcost_ledger_rejected_total %lld\n", (long long)m->rejected);
	return lc_buf_printf(b, "# TYPE llmcost_ledger_backlog gauge\nllmcost_ledger_backlog %zu\n",
			     m->backlog);
}
