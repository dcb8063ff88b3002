/*
 * codex.c - Codex CLI rollout lines -> events, and per-session cumulative totals -> bills.
 *
 * A rollout (~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl) is {timestamp, type, payload}
 * per line: session_meta (session id, cwd), turn_context (the model in use), and
 * event_msg token_count events whose info.total_token_usage is CUMULATIVE per session.
 * Codex re-emits the same totals (and resumed or forked sessions replay them), so summing
 * every event overcounts by 30-67% (FORMATS.md pitfall 11). We bill the positive delta of
 * total_token_usage against the last totals billed for that session and skip events that
 * do not advance them; when the totals go backwards (a counter restarted) the event's
 * last_token_usage is billed. cached_input_tokens is a subset of input_tokens, so the
 * record gets input = input - cached and cache_read = cached (disjoint kinds);
 * reasoning_output_tokens stays an informational subset of output. A token count before
 * any turn_context names a model is billed as the legacy default "gpt-5" (as ccusage).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentlog/agentlog_int.h"

#define CODEX_LEGACY_MODEL "gpt-5"

typedef struct cx_line {
	al_codex_ev *ev;
	char type[32], ptype[32], ts[48];
} cx_line;

/* Member callbacks: 0 read, 1 not ours (skipped), -1 malformed. */

static int tok_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	al_codex_tok *t = ctx;
	int64_t *dst = NULL;
	if (LC_JS_KEY(k, kl, "input_tokens"))
		dst = &t->input;
	else if (LC_JS_KEY(k, kl, "cached_input_tokens"))
		dst = &t->cached;
	else if (LC_JS_KEY(k, kl, "output_tokens"))
		dst = &t->output;
	else if (LC_JS_KEY(k, kl, "reasoning_output_tokens"))
		dst = &t->reasoning;
	else if (LC_JS_KEY(k, kl, "total_tokens"))
		dst = &t->total;
	if (!dst)
		return 1;
	return lc_js_count(s, dst) < 0 ? -1 : 0;
}

static int info_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	al_codex_ev *ev = ctx;
	int r;
	if (LC_JS_KEY(k, kl, "total_token_usage")) {
		if ((r = lc_js_members(s, tok_member, &ev->total)) < 0)
			return -1;
		ev->has_total |= r;
		return 0;
	}
	if (LC_JS_KEY(k, kl, "last_token_usage")) {
		if ((r = lc_js_members(s, tok_member, &ev->last)) < 0)
			return -1;
		ev->has_last |= r;
		return 0;
	}
	return 1;
}

#define STR(s, buf) (lc_js_str((s), (buf), sizeof(buf), NULL) < 0 ? -1 : 0)

static int payload_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	cx_line *l = ctx;
	if (LC_JS_KEY(k, kl, "type"))
		return STR(s, l->ptype);
	if (LC_JS_KEY(k, kl, "id"))
		return STR(s, l->ev->session);
	if (LC_JS_KEY(k, kl, "model"))
		return STR(s, l->ev->model);
	if (LC_JS_KEY(k, kl, "cwd"))
		return STR(s, l->ev->cwd);
	if (LC_JS_KEY(k, kl, "info")) /* info: null before the first call */
		return lc_js_members(s, info_member, l->ev) < 0 ? -1 : 0;
	return 1;
}

static int top_member(void *ctx, lc_js *s, const char *k, size_t kl)
{
	cx_line *l = ctx;
	if (LC_JS_KEY(k, kl, "type"))
		return STR(s, l->type);
	if (LC_JS_KEY(k, kl, "timestamp"))
		return STR(s, l->ts);
	if (LC_JS_KEY(k, kl, "payload"))
		return lc_js_members(s, payload_member, l) < 0 ? -1 : 0;
	return 1;
}

int al_codex_line(const char *line, size_t len, al_codex_ev *ev)
{
	cx_line l;
	lc_js s;

	memset(ev, 0, sizeof *ev);
	memset(&l, 0, sizeof l);
	l.ev = ev;
	s.p = line;
	s.end = line + len;
	if (lc_js_members(&s, top_member, &l) != 1 || !lc_js_at_end(&s))
		return AL_BAD;
	if (strcmp(l.type, "session_meta") == 0)
		ev->kind = AL_CX_META;
	else if (strcmp(l.type, "turn_context") == 0)
		ev->kind = AL_CX_CONTEXT;
	else if (strcmp(l.type, "event_msg") == 0 && strcmp(l.ptype, "token_count") == 0 &&
		 (ev->has_total || ev->has_last))
		ev->kind = AL_CX_TOKENS;
	else
		return AL_SKIP;
	if (ev->kind == AL_CX_TOKENS &&
	    (!l.ts[0] || lc_time_parse(l.ts, strlen(l.ts), 0, &ev->time) < 0))
		return AL_BAD;
	return AL_REC;
}

static void fill(lc_usage *u, const al_codex_sess *s, const al_codex_tok *d, lc_time_ms t)
{
	lc_usage_init(u);
	u->time = t;
	memcpy(u->provider, "openai", sizeof "openai");
	snprintf(u->model, sizeof u->model, "%s", s->model[0] ? s->model : CODEX_LEGACY_MODEL);
	snprintf(u->session, sizeof u->session, "%s", s->session);
	u->cache_read_tokens = d->cached < d->input ? d->cached : d->input;
	u->input_tokens = d->input - u->cache_read_tokens;
	u->output_tokens = d->output;
	u->reasoning_tokens = d->reasoning < d->output ? d->reasoning : d->output;
	if (s->project[0])
		lc_usage_set_tag(u, "project", s->project);
}

int al_codex_bill(al_codex_sess *s, const al_codex_ev *ev, lc_usage *u)
{
	al_codex_tok d;
	int64_t cum;

	if (ev->has_total) {
		const al_codex_tok *t = &ev->total, *o = &s->seen;
		if (t->input == o->input && t->output == o->output && t->cached == o->cached &&
		    t->reasoning == o->reasoning)
			return AL_SKIP; /* a re-emit: nothing new */
		if (t->input < o->input || t->output < o->output || t->cached < o->cached ||
		    t->reasoning < o->reasoning) {
			/* totals went backwards: the counter restarted; bill this call alone */
			if (t->input + t->output <= o->input + o->output && !ev->has_last)
				return AL_SKIP;
			d = ev->has_last ? ev->last : *t;
		} else {
			d.input = t->input - o->input;
			d.cached = t->cached - o->cached;
			d.output = t->output - o->output;
			d.reasoning = t->reasoning - o->reasoning;
			d.total = d.input + d.output;
		}
		s->seen = *t;
	} else {
		d = ev->last;
		s->seen.input += d.input;
		s->seen.cached += d.cached;
		s->seen.output += d.output;
		s->seen.reasoning += d.reasoning;
	}
	if (d.input == 0 && d.output == 0)
		return AL_SKIP;
	fill(u, s, &d, ev->time);
	cum = s->seen.input + s->seen.output;
	/* the cumulative position identifies the bill: a replay of it has the same id */
	if (snprintf(u->id, sizeof u->id, "cx:%s:%" PRId64 ":%" PRId64, s->session, cum,
		     s->seen.output) >= (int)sizeof u->id)
		snprintf(u->id, sizeof u->id, "cx:h:%016llx:%" PRId64,
			 (unsigned long long)al_hash64(s->session, strlen(s->session)), cum);
	return AL_REC;
}

/* Tabs and newlines separate the fields of the state text; they are replaced in names. */
static void put_clean(char *dst, size_t cap, const char *src)
{
	size_t i;
	for (i = 0; src[i] && i + 1 < cap; i++)
		dst[i] = (src[i] == '\t' || src[i] == '\n') ? ' ' : src[i];
	dst[i] = '\0';
}

int al_codex_state_put(const al_codex_sess *s, char *buf, size_t cap)
{
	char sess[LC_SESSION_MAX], model[LC_MODEL_MAX], proj[LC_TAG_VAL_MAX];
	int n;
	put_clean(sess, sizeof sess, s->session);
	put_clean(model, sizeof model, s->model);
	put_clean(proj, sizeof proj, s->project);
	n = snprintf(buf, cap, "codex1\t%s\t%s\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64,
		     sess, model, proj, s->seen.input, s->seen.cached, s->seen.output,
		     s->seen.reasoning);
	return n < 0 || (size_t)n >= cap ? LC_LIMIT : LC_OK;
}

static const char *field(const char *p, char *out, size_t cap)
{
	const char *t = strchr(p, '\t');
	size_t n = t ? (size_t)(t - p) : strlen(p);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return t ? t + 1 : NULL;
}

static const char *num(const char *p, int64_t *v)
{
	char tmp[24], *end;
	long long x;
	if (!p)
		return NULL;
	p = field(p, tmp, sizeof tmp);
	x = strtoll(tmp, &end, 10);
	if (end == tmp || *end || x < 0)
		x = 0;
	*v = x;
	return p ? p : "";
}

int al_codex_state_get(const char *buf, al_codex_sess *s)
{
	const char *p = buf;
	char tag[8];
	memset(s, 0, sizeof *s);
	if (strncmp(buf, "codex1\t", 7) != 0)
		return LC_PARSE;
	p = field(p, tag, sizeof tag);
	if (p)
		p = field(p, s->session, sizeof s->session);
	if (p)
		p = field(p, s->model, sizeof s->model);
	if (p)
		p = field(p, s->project, sizeof s->project);
	p = num(p, &s->seen.input);
	p = num(p, &s->seen.cached);
	p = num(p, &s->seen.output);
	p = num(p, &s->seen.reasoning);
	return p ? LC_OK : LC_PARSE;
}
