/*
 * mock.c - the deterministic mock upstream (see mock.h for the fault directives). One libuv
 * loop, keep-alive connections, one request at a time per connection, the strict codec of
 * http.c for requests. Responses depend only on the request bytes (and the fail_once set),
 * so a test can compute what the gateway must have metered.
 */
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "gateway/http.h"
#include "gateway/mock.h"

#define MAX_ONCE 256
#define MAX_SPLIT 16

struct gw_mock {
	uv_loop_t loop;
	uv_tcp_t listener;
	uv_async_t stop;
	int port;
	FILE *log;
	long served;
	int stop_requested;
	int nonce;
	char once[MAX_ONCE][32];
};

typedef struct mconn {
	uv_tcp_t tcp;
	uv_timer_t timer;
	gw_mock *m;
	lc_buf in;
	size_t scan;
	int handles;
	int closing;
	int busy;
	/* the response being produced */
	int kind;          /* 1 chat, 2 responses, 3 embeddings, 4 messages, 5 models */
	int stream;
	int keep_alive;
	int status;
	int64_t p, c, cr, cw;
	int events, sent, cut_at, was_cut, usage, drip, include_usage;
	int in_process;
	int preamble_sent;
	/* [mock:split=...]: the whole response is held, then sent in pieces ending at these
	 * offsets, one timer tick apart, so the reader sees every piece in its own read */
	int nsplit, split_i, holding;
	int split[MAX_SPLIT];
	size_t hold_off, bytes;
	lc_buf hold;
	char model[128];
	char id[64];
} mconn;

/* ------------------------------------------------------------------ plumbing */

static void mc_closed(uv_handle_t *h)
{
	mconn *c = h->data;
	if (--c->handles == 0) {
		lc_buf_free(&c->in);
		lc_buf_free(&c->hold);
		free(c);
	}
}

static void mc_close(mconn *c)
{
	if (c->closing)
		return;
	c->closing = 1;
	uv_close((uv_handle_t *)&c->timer, mc_closed);
	uv_close((uv_handle_t *)&c->tcp, mc_closed);
}

typedef struct mw {
	uv_write_t w;
	char data[];
} mw;

static void mc_written(uv_write_t *w, int st)
{
	(void)st;
	free(w);
}

static void mc_write(mconn *c, const char *p, size_t n)
{
	mw *w;
	uv_buf_t b;
	if (c->closing)
		return;
	c->bytes += n;
	if (c->holding) {
		lc_buf_append(&c->hold, p, n);
		return;
	}
	/* Most writes go out whole at once: no copy, no callback (the mock is in every
	 * benchmark run; its CPU is taken from the proxies measured). */
	if (uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) == 0) {
		uv_buf_t d = uv_buf_init((char *)p, (unsigned)n);
		int k = uv_try_write((uv_stream_t *)&c->tcp, &d, 1);
		if (k > 0) {
			p += k;
			n -= (size_t)k;
		}
		if (!n)
			return;
	}
	w = malloc(sizeof *w + n);
	if (!w)
		return;
	memcpy(w->data, p, n);
	b = uv_buf_init(w->data, (unsigned)n);
	if (uv_write(&w->w, (uv_stream_t *)&c->tcp, &b, 1, mc_written))
		free(w);
}

static void chunk(mconn *c, lc_buf *out, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void chunk(mconn *c, lc_buf *out, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	int n;
	(void)c;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return;
	lc_buf_printf(out, "%x\r\n", n);
	lc_buf_append(out, tmp, (size_t)n);
	lc_buf_puts(out, "\r\n");
}

/* ------------------------------------------------------------------ bodies */

static void put_int(lc_buf *b, int64_t v)
{
	char d[24];
	size_t i = sizeof d;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		d[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		d[--i] = '-';
	lc_buf_append(b, d + i, sizeof d - i);
}

static void json_usage(lc_buf *b, mconn *c)
{
	if (!c->usage)
		return;
	if (c->kind == 4)
		lc_buf_printf(b, ",\"usage\":{\"input_tokens\":%lld,\"cache_creation_input_tokens\":%lld,"
			      "\"cache_read_input_tokens\":%lld,\"output_tokens\":%lld}",
			      (long long)c->p, (long long)c->cw, (long long)c->cr, (long long)c->c);
	else if (c->kind == 2)
		lc_buf_printf(b, ",\"usage\":{\"input_tokens\":%lld,\"input_tokens_details\":"
			      "{\"cached_tokens\":%lld},\"output_tokens\":%lld,\"output_tokens_details\":"
			      "{\"reasoning_tokens\":0},\"total_tokens\":%lld}",
			      (long long)(c->p + c->cr), (long long)c->cr, (long long)c->c,
			      (long long)(c->p + c->cr + c->c));
	else {
		int64_t out = c->kind == 3 ? 0 : c->c;
		lc_buf_puts(b, ",\"usage\":{\"prompt_tokens\":");
		put_int(b, c->p + c->cr);
		lc_buf_puts(b, ",\"completion_tokens\":");
		put_int(b, out);
		lc_buf_puts(b, ",\"total_tokens\":");
		put_int(b, c->p + c->cr + out);
		lc_buf_puts(b, ",\"prompt_tokens_details\":{\"cached_tokens\":");
		put_int(b, c->cr);
		lc_buf_puts(b, "}}");
	}
}

static void json_body(lc_buf *b, mconn *c)
{
	switch (c->kind) {
	case 1: /* the benchmark's case: appends, not printf */
		lc_buf_puts(b, "{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,"
			       "\"model\":\"");
		lc_buf_puts(b, c->model);
		lc_buf_puts(b, "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
			       "\"content\":\"mock reply\"},\"finish_reason\":\"stop\"}]");
		break;
	case 2:
		lc_buf_printf(b, "{\"id\":\"resp_mock\",\"object\":\"response\",\"status\":\"completed\","
			      "\"model\":\"%s\",\"output\":[{\"type\":\"message\",\"role\":\"assistant\","
			      "\"content\":[{\"type\":\"output_text\",\"text\":\"mock reply\"}]}]", c->model);
		break;
	case 3:
		lc_buf_printf(b, "{\"object\":\"list\",\"model\":\"%s\",\"data\":[{\"object\":\"embedding\","
			      "\"index\":0,\"embedding\":[0.1,0.2,0.3]}]", c->model);
		break;
	default:
		lc_buf_printf(b, "{\"id\":\"msg_mock\",\"type\":\"message\",\"role\":\"assistant\","
			      "\"model\":\"%s\",\"content\":[{\"type\":\"text\",\"text\":\"mock reply\"}],"
			      "\"stop_reason\":\"end_turn\"", c->model);
		break;
	}
	json_usage(b, c);
	lc_buf_puts(b, "}");
}

static void log_line(mconn *c)
{
	if (!c->m->log)
		return;
	fprintf(c->m->log, "id=%s kind=%d model=%s status=%d stream=%d prompt=%lld completion=%lld "
		"cache_read=%lld cache_write=%lld usage=%d cut=%d bytes=%zu\n",
		c->id[0] ? c->id : "-", c->kind, c->model, c->status, c->stream, (long long)c->p,
		(long long)c->c, (long long)c->cr, (long long)c->cw, c->usage && !c->was_cut, c->was_cut, c->bytes);
	fflush(c->m->log);
}

static void mc_process(mconn *c);

static void finish(mconn *c);

/* Send the held response up to the next split offset; the rest one tick later. */
static void on_piece(uv_timer_t *t)
{
	mconn *c = t->data;
	size_t end = c->hold.len;
	while (c->split_i < c->nsplit && (size_t)c->split[c->split_i] <= c->hold_off)
		c->split_i++;
	if (c->split_i < c->nsplit && (size_t)c->split[c->split_i] < end)
		end = (size_t)c->split[c->split_i++];
	mc_write(c, c->hold.data + c->hold_off, end - c->hold_off);
	c->hold_off = end;
	if (end < c->hold.len) {
		uv_timer_start(&c->timer, on_piece, 1, 0);
		return;
	}
	lc_buf_free(&c->hold);
	lc_buf_init(&c->hold, 0);
	c->nsplit = 0;
	finish(c);
}

static void finish(mconn *c)
{
	if (c->holding) {
		c->holding = 0;
		c->hold_off = 0;
		c->split_i = 0;
		on_piece(&c->timer);
		return;
	}
	c->busy = 0;
	c->m->served++;
	if (!c->keep_alive) {
		mc_close(c);
		return;
	}
	if (!c->in_process)
		mc_process(c); /* an asynchronous answer ended: pipelined requests may wait */
}

/* One step of a stream: the next event, or the end. Paced by the drip timer. */
static void stream_step(mconn *c);

static void on_drip(uv_timer_t *t)
{
	stream_step(t->data);
}

static void stream_step(mconn *c)
{
	for (;;) { /* one event per turn; a loop, not recursion: streams may be long */
	lc_buf b;
	lc_buf_init(&b, 0);
	if (c->sent == 0 && !c->preamble_sent) {
		c->preamble_sent = 1;
		/* preamble */
		if (c->kind == 4)
			chunk(c, &b, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
				     "{\"id\":\"msg_mock\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
				     "\"%s\",\"content\":[],\"usage\":{\"input_tokens\":%lld,"
				     "\"cache_creation_input_tokens\":%lld,\"cache_read_input_tokens\":%lld,"
				     "\"output_tokens\":1}}}\n\n",
			      c->model, (long long)(c->usage ? c->p : 0), (long long)c->cw,
			      (long long)c->cr);
		else if (c->kind == 2)
			chunk(c, &b, "event: response.created\ndata: {\"type\":\"response.created\","
				     "\"response\":{\"id\":\"resp_mock\",\"model\":\"%s\"}}\n\n", c->model);
	}
	if (c->cut_at >= 0 && c->sent >= c->cut_at) {
		mc_write(c, b.data ? b.data : "", b.len);
		lc_buf_free(&b);
		c->was_cut = 1;
		log_line(c);
		c->m->served++;
		mc_close(c); /* abrupt: no terminating chunk, no usage */
		return;
	}
	if (c->sent < c->events) {
		if (c->kind == 4)
			chunk(c, &b, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
				     "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok%d \"}}\n\n",
			      c->sent);
		else if (c->kind == 2)
			chunk(c, &b, "event: response.output_text.delta\ndata: {\"type\":"
				     "\"response.output_text.delta\",\"delta\":\"tok%d \"}\n\n", c->sent);
		else
			chunk(c, &b, "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
				     "\"created\":1700000000,\"model\":\"%s\",\"choices\":[{\"index\":0,"
				     "\"delta\":{\"content\":\"tok%d \"},\"finish_reason\":null}]}\n\n",
			      c->model, c->sent);
		c->sent++;
		mc_write(c, b.data, b.len);
		lc_buf_free(&b);
		if (c->drip) {
			uv_timer_start(&c->timer, on_drip, (uint64_t)c->drip, 0);
			return;
		}
		continue;
	}
	/* the end, with usage */
	if (c->kind == 4) {
		chunk(c, &b, "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
			     "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":%lld}}\n\n",
		      (long long)(c->usage ? c->c : 0));
		chunk(c, &b, "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
	} else if (c->kind == 2) {
		lc_buf r;
		lc_buf_init(&r, 0);
		json_body(&r, c);
		chunk(c, &b, "event: response.completed\ndata: {\"type\":\"response.completed\","
			     "\"response\":%s}\n\n", r.data);
		lc_buf_free(&r);
	} else {
		chunk(c, &b, "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
			     "\"created\":1700000000,\"model\":\"%s\",\"choices\":[{\"index\":0,\"delta\":{},"
			     "\"finish_reason\":\"stop\"}]}\n\n", c->model);
		if (c->include_usage && c->usage)
			chunk(c, &b, "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
				     "\"created\":1700000000,\"model\":\"%s\",\"choices\":[],\"usage\":"
				     "{\"prompt_tokens\":%lld,\"completion_tokens\":%lld,\"total_tokens\":%lld,"
				     "\"prompt_tokens_details\":{\"cached_tokens\":%lld}}}\n\n",
			      c->model, (long long)(c->p + c->cr), (long long)c->c,
			      (long long)(c->p + c->cr + c->c), (long long)c->cr);
		chunk(c, &b, "data: [DONE]\n\n");
	}
	lc_buf_puts(&b, "0\r\n\r\n");
	mc_write(c, b.data, b.len);
	lc_buf_free(&b);
	log_line(c);
	finish(c);
	return;
	}
}

static void respond(mconn *c)
{
	lc_buf b, body;
	lc_buf_init(&b, 0);
	lc_buf_init(&body, 0);
	if (c->status != 200) {
		lc_buf_printf(&body, "{\"error\":{\"message\":\"mock fault %d\",\"type\":\"mock\"}}",
			      c->status);
		lc_buf_printf(&b, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
				  "Content-Length: %zu\r\n%s\r\n",
			      c->status, gw_http_reason(c->status), body.len,
			      c->status == 429 ? "Retry-After: 1\r\n" : "");
		lc_buf_append(&b, body.data, body.len);
		mc_write(c, b.data, b.len);
		log_line(c);
		finish(c);
	} else if (c->stream) {
		lc_buf_puts(&b, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
				"Transfer-Encoding: chunked\r\n\r\n");
		mc_write(c, b.data, b.len);
		c->sent = 0;
		c->preamble_sent = 0;
		stream_step(c);
	} else {
		if (c->kind == 5)
			lc_buf_puts(&body, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\","
					   "\"object\":\"model\"}]}");
		else
			json_body(&body, c);
		lc_buf_puts(&b, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
				"Content-Length: ");
		put_int(&b, (int64_t)body.len);
		lc_buf_puts(&b, "\r\n\r\n");
		lc_buf_append(&b, body.data, body.len);
		mc_write(c, b.data, b.len);
		log_line(c);
		finish(c);
	}
	lc_buf_free(&b);
	lc_buf_free(&body);
}

static void on_delay(uv_timer_t *t)
{
	respond(t->data);
}

/* "[mock:NAME=" value as an integer; -1 when absent. */
static long directive(const char *body, size_t len, const char *name)
{
	char pat[48];
	const char *p;
	int n = snprintf(pat, sizeof pat, "[mock:%s=", name);
	p = memmem(body, len, pat, (size_t)n);
	return p ? strtol(p + n, NULL, 10) : -1;
}

static void handle(mconn *c, const gw_head *h, const char *body, size_t blen)
{
	json_object *o = json_tokener_parse(body);
	json_object *v;
	const gw_hdr *rid = gw_http_find(h, "x-llmcost-request-id");
	const char *p;
	int64_t maxt = -1;
	long delay;

	c->keep_alive = h->keep_alive;
	c->status = 200;
	c->id[0] = '\0';
	if (rid && rid->vlen < sizeof c->id) {
		memcpy(c->id, rid->val, rid->vlen);
		c->id[rid->vlen] = '\0';
	}
	c->kind = gw_http_ieq(h->target, h->tlen, "/v1/chat/completions") ? 1
		: gw_http_ieq(h->target, h->tlen, "/v1/responses")         ? 2
		: gw_http_ieq(h->target, h->tlen, "/v1/embeddings")        ? 3
		: gw_http_ieq(h->target, h->tlen, "/v1/messages")          ? 4
		: gw_http_ieq(h->target, h->tlen, "/v1/models")            ? 5
									   : 0;
	snprintf(c->model, sizeof c->model, "unknown");
	c->stream = 0;
	c->include_usage = 0;
	if (o && json_object_object_get_ex(o, "model", &v))
		snprintf(c->model, sizeof c->model, "%s", json_object_get_string(v));
	if (strpbrk(c->model, "\"\\"))
		snprintf(c->model, sizeof c->model, "bad");
	if (o && json_object_object_get_ex(o, "stream", &v))
		c->stream = json_object_get_boolean(v);
	if (o && json_object_object_get_ex(o, "stream_options", &v)) {
		json_object *iu;
		c->include_usage = json_object_object_get_ex(v, "include_usage", &iu) &&
				   json_object_get_boolean(iu);
	}
	if (o && (json_object_object_get_ex(o, "max_tokens", &v) ||
		  json_object_object_get_ex(o, "max_completion_tokens", &v) ||
		  json_object_object_get_ex(o, "max_output_tokens", &v)))
		maxt = json_object_get_int64(v);
	json_object_put(o);
	if (!c->kind)
		c->status = 404;
	c->p = (int64_t)blen / 4 + 1;
	c->c = c->kind == 3 ? 0 : (maxt >= 0 && maxt < 16 ? maxt : 16);
	c->cr = c->cw = 0;
	c->events = 4;
	c->cut_at = -1;
	c->was_cut = 0;
	c->drip = 0;
	c->usage = 1;
	c->bytes = 0;
	c->nsplit = 0;
	c->holding = 0;
	lc_buf_free(&c->hold);
	lc_buf_init(&c->hold, 64u << 20);
	c->busy = 1;
	if (!memmem(body, blen, "[mock:", 6)) { /* no directive: one scan, not a dozen */
		respond(c);
		return;
	}
	if ((p = memmem(body, blen, "[mock:usage=", 12)))
		sscanf(p + 12, "%lld/%lld", (long long *)&c->p, (long long *)&c->c);
	if ((p = memmem(body, blen, "[mock:cache=", 12)))
		sscanf(p + 12, "%lld/%lld", (long long *)&c->cr, (long long *)&c->cw);
	c->events = (int)directive(body, blen, "events");
	if (c->events < 0)
		c->events = 4;
	c->cut_at = (int)directive(body, blen, "cut");
	c->was_cut = 0;
	c->drip = (int)directive(body, blen, "drip");
	if (c->drip < 0)
		c->drip = 0;
	c->usage = !memmem(body, blen, "[mock:nousage]", 14);
	c->bytes = 0;
	c->nsplit = 0;
	if ((p = memmem(body, blen, "[mock:split=", 12))) {
		char *e;
		p += 12;
		while (c->nsplit < MAX_SPLIT) {
			long off = strtol(p, &e, 10);
			if (e == p || off <= 0 || off > (1L << 30))
				break;
			c->split[c->nsplit++] = (int)off;
			if (*e != ',')
				break;
			p = e + 1;
		}
		/* ascending, so a piece never goes backwards */
		for (int i = 1; i < c->nsplit; i++)
			for (int j = i; j > 0 && c->split[j] < c->split[j - 1]; j--) {
				int t = c->split[j];
				c->split[j] = c->split[j - 1];
				c->split[j - 1] = t;
			}
	}
	c->holding = c->nsplit > 0;
	lc_buf_free(&c->hold);
	lc_buf_init(&c->hold, 64u << 20);
	if (directive(body, blen, "status") > 0)
		c->status = (int)directive(body, blen, "status");
	if ((p = memmem(body, blen, "[mock:fail_once=", 16))) {
		char tag[32];
		int i, seen = 0;
		snprintf(tag, sizeof tag, "%.*s", (int)strcspn(p + 16, "]"), p + 16);
		for (i = 0; i < c->m->nonce; i++)
			if (!strcmp(c->m->once[i], tag))
				seen = 1;
		if (!seen && c->m->nonce < MAX_ONCE) {
			snprintf(c->m->once[c->m->nonce++], sizeof c->m->once[0], "%s", tag);
			c->status = 500;
		}
	}
	c->busy = 1;
	delay = directive(body, blen, "delay");
	if (delay > 0)
		uv_timer_start(&c->timer, on_delay, (uint64_t)delay, 0);
	else
		respond(c);
}

/* ------------------------------------------------------------------ reading */

static void mc_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	mconn *c = h->data;
	(void)hint;
	if (c->in.cap - c->in.len < 16385 && c->in.cap < c->in.max) {
		size_t ncap = c->in.len + 65536;
		char *p = realloc(c->in.data, ncap);
		if (p) {
			c->in.data = p;
			c->in.cap = ncap;
		}
	}
	buf->base = c->in.data ? c->in.data + c->in.len : NULL;
	buf->len = c->in.data && c->in.cap > c->in.len + 1 ? c->in.cap - c->in.len - 1 : 0;
}

static void mc_process(mconn *c)
{
	gw_http_limits lim = {1u << 16, 100, 8192};
	c->in_process = 1;
	while (!c->busy && !c->closing) {
		gw_head h;
		int status = 0, n = gw_http_parse_head(c->in.data, c->in.len, 1, &lim, &c->scan, &h,
						       &status);
		size_t need;
		if (n == 0)
			break;
		if (n < 0 || h.chunked) {
			mc_write(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 67);
			mc_close(c);
			break;
		}
		need = (size_t)n + (size_t)(h.content_length > 0 ? h.content_length : 0);
		if (need > c->in.max) {
			mc_close(c);
			break;
		}
		if (c->in.len < need)
			break;
		{
			char save = c->in.data[need];
			c->in.data[need] = '\0';
			handle(c, &h, c->in.data + n, need - (size_t)n);
			c->in.data[need] = save;
		}
		memmove(c->in.data, c->in.data + need, c->in.len - need);
		c->in.len -= need;
		c->scan = 0;
	}
	c->in_process = 0;
}

static void mc_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	mconn *c = s->data;
	(void)buf;
	if (nread < 0) {
		mc_close(c);
		return;
	}
	c->in.len += (size_t)nread;
	mc_process(c);
}

static void on_conn(uv_stream_t *srv, int status)
{
	gw_mock *m = srv->data;
	mconn *c;
	if (status < 0 || !(c = calloc(1, sizeof *c)))
		return;
	c->m = m;
	uv_tcp_init(&m->loop, &c->tcp);
	uv_timer_init(&m->loop, &c->timer);
	c->tcp.data = c->timer.data = c;
	c->handles = 2;
	lc_buf_init(&c->in, 40u << 20);
	if (uv_accept(srv, (uv_stream_t *)&c->tcp)) {
		mc_close(c);
		return;
	}
	uv_tcp_nodelay(&c->tcp, 1);
	uv_read_start((uv_stream_t *)&c->tcp, mc_alloc, mc_read);
}

/* ------------------------------------------------------------------ lifetime */

static void walk_close(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (uv_is_closing(h))
		return;
	if (h->type == UV_TCP && h->data && h->data != arg)
		mc_close(h->data);
	else if (h->type != UV_TCP && h->type != UV_TIMER)
		uv_close(h, NULL);
}

static void on_stop(uv_async_t *a)
{
	gw_mock *m = a->data;
	uv_close((uv_handle_t *)&m->listener, NULL);
	uv_walk(&m->loop, walk_close, m);
}

int gw_mock_new(const char *host, int port, const char *log_path, gw_mock **out, lc_error *err)
{
	gw_mock *m = calloc(1, sizeof *m);
	struct sockaddr_in a;
	int len = sizeof a, rc;
	*out = NULL;
	if (!m)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	uv_loop_init(&m->loop);
	if (uv_ip4_addr(host, port, &a)) {
		gw_mock_free(m);
		return lc_error_set(err, LC_INVAL, "mock: bad address %s", host);
	}
	uv_tcp_init(&m->loop, &m->listener);
	m->listener.data = m;
	if ((rc = uv_tcp_bind(&m->listener, (struct sockaddr *)&a, 0)) ||
	    (rc = uv_listen((uv_stream_t *)&m->listener, 1024, on_conn))) {
		uv_close((uv_handle_t *)&m->listener, NULL);
		uv_run(&m->loop, UV_RUN_NOWAIT);
		gw_mock_free(m);
		return lc_error_set(err, LC_IO, "mock: cannot listen on %s:%d: %s", host, port,
				    uv_strerror(rc));
	}
	uv_tcp_getsockname(&m->listener, (struct sockaddr *)&a, &len);
	m->port = ntohs(a.sin_port);
	uv_async_init(&m->loop, &m->stop, on_stop);
	m->stop.data = m;
	if (log_path) {
		m->log = !strcmp(log_path, "-") ? stdout : fopen(log_path, "a");
		if (!m->log) {
			gw_mock_stop(m);
			gw_mock_run(m);
			gw_mock_free(m);
			return lc_error_set(err, LC_IO, "mock: cannot open %s", log_path);
		}
	}
	*out = m;
	return 0;
}

int gw_mock_port(const gw_mock *m)
{
	return m->port;
}

long gw_mock_served(const gw_mock *m)
{
	return __atomic_load_n(&m->served, __ATOMIC_RELAXED);
}

void gw_mock_run(gw_mock *m)
{
	uv_run(&m->loop, UV_RUN_DEFAULT);
}

void gw_mock_stop(gw_mock *m)
{
	if (m && !__atomic_exchange_n(&m->stop_requested, 1, __ATOMIC_SEQ_CST))
		uv_async_send(&m->stop);
}

void gw_mock_free(gw_mock *m)
{
	if (!m)
		return;
	uv_loop_close(&m->loop);
	if (m->log && m->log != stdout)
		fclose(m->log);
	free(m);
}
