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

static int parse_tok(al_js *s, al_codex_tok *t, int *has)
{
	const char *k;
	size_t kl;
	int r;
	al_js save = *s;
	if (al_js_obj(s) < 0) {
		*s = save;
		return al_js_skip(s);
	}
	*has = 1;
	while ((r = al_js_key(s, &k, &kl)) == 1) {
		int64_t *dst = NULL;
		if (AL_KEY(k, kl, "input_tokens"))
			dst = &t->input;
		else if (AL_KEY(k, kl, "cached_input_tokens"))
			dst = &t->cached;
		else if (AL_KEY(k, kl, "output_tokens"))
			dst = &t->output;
		else if (AL_KEY(k, kl, "reasoning_output_tokens"))
			dst = &t->reasoning;
		else if (AL_KEY(k, kl, "total_tokens"))
			dst = &t->total;
		r = dst ? (al_js_count(s, dst) < 0 ? -1 : 0) : al_js_skip(s);
		if (r < 0)
			return -1;
	}
	return r;
}

static int parse_info(al_js *s, al_codex_ev *ev)
{
	const char *k;
	size_t kl;
	int r;
	al_js save = *s;
	if (al_js_obj(s) < 0) {
		*s = save; /* info: null */
		return al_js_skip(s);
	}
	while ((r = al_js_key(s, &k, &kl)) == 1) {
		if (AL_KEY(k, kl, "total_token_usage"))
			r = parse_tok(s, &ev->total, &ev->has_total);
		else if (AL_KEY(k, kl, "last_token_usage"))
			r = parse_tok(s, &ev->last, &ev->has_last);
		else
			r = al_js_skip(s);
		if (r < 0)
			return -1;
	}
	return r;
}

static int parse_payload(al_js *s, al_codex_ev *ev, char *ptype, size_t ptcap)
{
	const char *k;
	size_t kl;
	int r;
	al_js save = *s;
	if (al_js_obj(s) < 0) {
		*s = save;
		return al_js_skip(s);
	}
	while ((r = al_js_key(s, &k, &kl)) == 1) {
		if (AL_KEY(k, kl, "type"))
			r = al_js_str(s, ptype, ptcap, NULL) < 0 ? -1 : 0;
		else if (AL_KEY(k, kl, "id"))
			r = al_js_str(s, ev->session, sizeof ev->session, NULL) < 0 ? -1 : 0;
		else if (AL_KEY(k, kl, "model"))
			r = al_js_str(s, ev->model, sizeof ev->model, NULL) < 0 ? -1 : 0;
		else if (AL_KEY(k, kl, "cwd"))
			r = al_js_str(s, ev->cwd, sizeof ev->cwd, NULL) < 0 ? -1 : 0;
		else if (AL_KEY(k, kl, "info"))
			r = parse_info(s, ev);
		else
			r = al_js_skip(s);
		if (r < 0)
			return -1;
	}
	return r;
}

int al_codex_line(const char *line, size_t len, al_codex_ev *ev)
{
	char type[32] = "", ptype[32] = "", ts[48] = "";
	const char *k;
	size_t kl;
	int r;
	al_js s;

	memset(ev, 0, sizeof *ev);
	s.p = line;
	s.end = line + len;
	if (al_js_obj(&s) < 0)
		return AL_BAD;
	while ((r = al_js_key(&s, &k, &kl)) == 1) {
		if (AL_KEY(k, kl, "type"))
			r = al_js_str(&s, type, sizeof type, NULL) < 0 ? -1 : 0;
		else if (AL_KEY(k, kl, "timestamp"))
			r = al_js_str(&s, ts, sizeof ts, NULL) < 0 ? -1 : 0;
		else if (AL_KEY(k, kl, "payload"))
			r = parse_payload(&s, ev, ptype, sizeof ptype);
		else
			r = al_js_skip(&s);
		if (r < 0)
			return AL_BAD;
	}
	if (r < 0 || !al_js_at_end(&s))
		return AL_BAD;

	if (strcmp(type, "session_meta") == 0)
		ev->kind = AL_CX_META;
	else if (strcmp(type, "turn_context") == 0)
		ev->kind = AL_CX_CONTEXT;
	else if (strcmp(type, "event_msg") == 0 && strcmp(ptype, "token_count") == 0 &&
		 (ev->has_total || ev->has_last))
		ev->kind = AL_CX_TOKENS;
	else
		return AL_SKIP;
	if (ev->kind == AL_CX_TOKENS &&
	    (!ts[0] || lc_time_parse(ts, strlen(ts), 0, &ev->time) < 0))
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
