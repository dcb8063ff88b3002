/*
 * config.c - the gateway's YAML configuration (docs/formats/gateway-config.md): defaults,
 * parsing with libyaml's document API, and secret resolution. Provider API keys come from an
 * environment variable or a file named in the config, never from the config text itself and
 * never from a client. Unknown keys are errors (a typo must not silently disable a limit).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/yamldoc.h"
#include "gateway/config.h"

#define CONFIG_MAX_BYTES (1u << 20)

void gw_config_defaults(lc_gw_config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->listen_host, sizeof c->listen_host, "127.0.0.1");
	c->listen_port = 8080;
	c->max_head = 60 * 1024;
	c->max_headers = 100;
	c->max_body = 32u << 20;
	c->max_response = 64u << 20;
	c->header_timeout_ms = 30000;
	c->idle_timeout_ms = 60000;
	c->upstream_timeout_ms = 600000;
	c->max_connections = 10000;
	c->default_max_output = 4096;
	c->max_attempts = 3;
	c->cache_ttl_ms = 0;
	c->cache_max_bytes = 64u << 20;
	c->spool_max = 16384;
	c->batch_max = 512;
}

/* ------------------------------------------------------------------ helpers */

typedef struct ctx {
	yaml_document_t *doc;
	const char *name;
	unsigned flags;          /* LC_GW_CONFIG_* */
	lc_error *err;
} ctx;

static int bad(ctx *x, yaml_node_t *n, const char *fmt, const char *arg)
{
	char msg[256];
	snprintf(msg, sizeof msg, fmt, arg);
	return lc_error_set(x->err, LC_PARSE, "%s:%lu:%lu: %s", x->name,
			    (unsigned long)n->start_mark.line + 1,
			    (unsigned long)n->start_mark.column + 1, msg);
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int get_str(ctx *x, yaml_node_t *n, char *out, size_t cap)
{
	const char *s = scalar(n);
	if (!s)
		return bad(x, n, "expected a string%s", "");
	if (strlen(s) >= cap)
		return bad(x, n, "value too long (max %s bytes)", cap > 300 ? "511" : "63");
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

static int get_int(ctx *x, yaml_node_t *n, int64_t lo, int64_t hi, int64_t *out)
{
	const char *s = scalar(n);
	char *end;
	long long v;
	if (!s || !*s)
		return bad(x, n, "expected an integer%s", "");
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return bad(x, n, "'%s' is not an integer in range", s);
	*out = v;
	return 0;
}

static int get_bool(ctx *x, yaml_node_t *n, int *out)
{
	const char *s = scalar(n);
	if (s && (!strcmp(s, "true") || !strcmp(s, "yes")))
		*out = 1;
	else if (s && (!strcmp(s, "false") || !strcmp(s, "no")))
		*out = 0;
	else
		return bad(x, n, "expected true or false%s", "");
	return 0;
}

static int get_money(ctx *x, yaml_node_t *n, lc_money *out)
{
	const char *s = scalar(n);
	if (!s || lc_money_parse(s, (size_t)-1, out) || out->atto < 0)
		return bad(x, n, "expected a non-negative decimal amount, as a string ('%s')",
			   s ? s : "");
	return 0;
}

/* Read a secret from $ENV or a file (first line). Empty result is an error. Key management
 * (KEYS_ONLY) needs no upstream or admin secret: the name is checked, nothing is read. */
static int resolve_secret(ctx *x, yaml_node_t *n, int from_file, char *out, size_t cap)
{
	const char *s = scalar(n);
	if (!s)
		return bad(x, n, "expected a name%s", "");
	if (x->flags & LC_GW_CONFIG_KEYS_ONLY)
		return 0;
	if (!from_file) {
		const char *v = getenv(s);
		if (!v || !*v)
			return bad(x, n, "environment variable %s is not set", s);
		if (strlen(v) >= cap)
			return bad(x, n, "the secret in %s is too long", s);
		memcpy(out, v, strlen(v) + 1);
	} else {
		char *data = NULL;
		size_t len = 0;
		lc_error e;
		if (lc_read_file(s, 4096, &data, &len, &e))
			return bad(x, n, "cannot read secret file %s", s);
		while (len && (data[len - 1] == '\n' || data[len - 1] == '\r' || data[len - 1] == ' '))
			len--;
		if (!len || len >= cap) {
			free(data);
			return bad(x, n, "secret file %s is empty or too long", s);
		}
		memcpy(out, data, len);
		out[len] = '\0';
		free(data);
	}
	return 0;
}

/* A CA bundle must be readable PEM with at least one certificate: checked at load, so a
 * typo fails `serve` at start-up rather than every call with a TLS error. */
static int check_ca_file(ctx *x, yaml_node_t *n, const char *path)
{
	static const char pem[] = "-----BEGIN CERTIFICATE-----";
	char *data = NULL;
	size_t len = 0;
	lc_error e;
	int ok;
	if (x->flags & LC_GW_CONFIG_KEYS_ONLY)
		return 0;
	if (lc_read_file(path, 16u << 20, &data, &len, &e))
		return bad(x, n, "cannot read ca_file %s", path);
	ok = memmem(data, len, pem, sizeof pem - 1) != NULL;
	free(data);
	return ok ? 0 : bad(x, n, "ca_file %s holds no PEM certificate", path);
}

#define FOR_PAIRS(x, map, k, v)                                                         \
	for (yaml_node_pair_t *pr_##k = (map)->data.mapping.pairs.start;                    \
	     pr_##k < (map)->data.mapping.pairs.top &&                                       \
	     ((k) = yaml_document_get_node((x)->doc, pr_##k->key),                            \
	     (v) = yaml_document_get_node((x)->doc, pr_##k->value), 1);                       \
	     pr_##k++)

static int want_map(ctx *x, yaml_node_t *n)
{
	return n && n->type == YAML_MAPPING_NODE ? 0 : bad(x, n, "expected a mapping%s", "");
}

/* ------------------------------------------------------------------ sections */

int gw_parse_base_url(gw_provider *p, lc_error *err)
{
	const char *u = p->base_url, *h, *slash, *colon;
	size_t hl;
	if (!strncmp(u, "http://", 7)) {
		h = u + 7;
		p->tls = 0;
		p->port = 80;
	} else if (!strncmp(u, "https://", 8)) {
		h = u + 8;
		p->tls = 1;
		p->port = 443;
	} else {
		return lc_error_set(err, LC_INVAL, "base_url must start with http:// or https://: %s", u);
	}
	slash = strchr(h, '/');
	if (!slash)
		slash = h + strlen(h);
	if (*h == '[') { /* an IPv6 literal: [::1]:8080 */
		const char *rb = memchr(h, ']', (size_t)(slash - h));
		if (!rb || (rb + 1 != slash && rb[1] != ':'))
			return lc_error_set(err, LC_INVAL, "base_url has a bad host: %s", u);
		colon = rb + 1 != slash ? rb + 1 : NULL;
		h++;
		hl = (size_t)(rb - h);
	} else {
		colon = memchr(h, ':', (size_t)(slash - h));
		hl = (size_t)((colon ? colon : slash) - h);
	}
	if (!hl || hl >= sizeof p->host || memchr(h, '@', (size_t)(slash - h)))
		return lc_error_set(err, LC_INVAL, "base_url has a bad host: %s", u);
	memcpy(p->host, h, hl);
	p->host[hl] = '\0';
	if (colon) {
		char *end;
		long port = strtol(colon + 1, &end, 10);
		if (end != slash || port < 1 || port > 65535)
			return lc_error_set(err, LC_INVAL, "base_url has a bad port: %s", u);
		p->port = (int)port;
	}
	snprintf(p->path_prefix, sizeof p->path_prefix, "%s", slash);
	hl = strlen(p->path_prefix);
	if (hl && p->path_prefix[hl - 1] == '/')
		p->path_prefix[hl - 1] = '\0';
	return 0;
}

static int parse_provider(ctx *x, yaml_node_t *m, gw_provider *p)
{
	yaml_node_t *k, *v, *ca = NULL, *h2 = NULL;
	int have_key = 0;
	if (want_map(x, m))
		return LC_PARSE;
	FOR_PAIRS(x, m, k, v) {
		const char *key = scalar(k);
		int rc = 0;
		if (!key)
			return bad(x, k, "expected a key%s", "");
		if (!strcmp(key, "name"))
			rc = get_str(x, v, p->name, sizeof p->name);
		else if (!strcmp(key, "catalog_provider"))
			rc = get_str(x, v, p->catalog, sizeof p->catalog);
		else if (!strcmp(key, "kind")) {
			const char *s = scalar(v);
			if (s && !strcmp(s, "openai"))
				p->kind = GW_KIND_OPENAI;
			else if (s && !strcmp(s, "anthropic"))
				p->kind = GW_KIND_ANTHROPIC;
			else
				return bad(x, v, "kind must be openai or anthropic%s", "");
		} else if (!strcmp(key, "base_url"))
			rc = get_str(x, v, p->base_url, sizeof p->base_url);
		else if (!strcmp(key, "allow_private"))
			rc = get_bool(x, v, &p->allow_private);
		else if (!strcmp(key, "http2")) {
			rc = get_bool(x, v, &p->http2);
			h2 = v;
		}
		else if (!strcmp(key, "ca_file")) {
			if (!(rc = get_str(x, v, p->ca_file, sizeof p->ca_file)))
				rc = check_ca_file(x, v, p->ca_file);
			ca = v;
		}
		else if (!strcmp(key, "client")) {
			const char *cl = scalar(v);
			if (cl && !strcmp(cl, "curl"))
				p->use_curl = 1;
			else if (!cl || strcmp(cl, "tcp"))
				return bad(x, v, "client must be tcp or curl%s", "");
		}
		else if (!strcmp(key, "api_key_env")) {
			rc = resolve_secret(x, v, 0, p->api_key, sizeof p->api_key);
			have_key = 1;
		} else if (!strcmp(key, "api_key_file")) {
			rc = resolve_secret(x, v, 1, p->api_key, sizeof p->api_key);
			have_key = 1;
		} else
			return bad(x, k, "unknown provider field '%s'", key);
		if (rc)
			return rc;
	}
	(void)have_key; /* a keyless provider is allowed (local models, the mock) */
	if (!p->name[0] || !p->base_url[0])
		return bad(x, m, "a provider needs a name and a base_url%s", "");
	if (!p->kind)
		p->kind = !strcmp(p->name, "anthropic") ? GW_KIND_ANTHROPIC : GW_KIND_OPENAI;
	if (!p->catalog[0])
		memcpy(p->catalog, p->name, sizeof p->catalog);
	if (gw_parse_base_url(p, x->err))
		return lc_error_prefix(x->err, "%s:%lu: ", x->name,
				       (unsigned long)m->start_mark.line + 1);
	if (ca && !p->tls)
		return bad(x, ca, "ca_file needs an https:// base_url%s", "");
	if (h2 && p->http2 && !p->tls)
		return bad(x, h2, "http2 needs an https:// base_url (HTTP/2 is offered by TLS ALPN)%s",
			   "");
	if (!h2)
		p->http2 = p->tls; /* offered to https providers unless the file says false */
	if (p->tls)
		p->use_curl = 1;
	return 0;
}

int gw_config_target(const lc_gw_config *c, const char *spec, gw_target *t)
{
	const char *slash = strchr(spec, '/');
	memset(t, 0, sizeof *t);
	if (slash) {
		for (int i = 0; i < c->nproviders; i++) {
			size_t n = strlen(c->providers[i].name);
			if (n == (size_t)(slash - spec) && !memcmp(spec, c->providers[i].name, n)) {
				t->provider = i;
				snprintf(t->model, sizeof t->model, "%s", slash + 1);
				return t->model[0] ? 0 : -1;
			}
		}
	}
	return -1;
}

const gw_alias *gw_config_alias(const lc_gw_config *c, const char *name)
{
	for (int i = 0; i < c->naliases; i++)
		if (!strcmp(c->aliases[i].name, name))
			return &c->aliases[i];
	return NULL;
}

int gw_config_provider_of_kind(const lc_gw_config *c, int kind)
{
	for (int i = 0; i < c->nproviders; i++)
		if (c->providers[i].kind == kind)
			return i;
	return -1;
}

static int parse_target(ctx *x, lc_gw_config *c, yaml_node_t *n, gw_target *t)
{
	const char *s = scalar(n);
	if (!s || gw_config_target(c, s, t))
		return bad(x, n, "expected PROVIDER/MODEL with a configured provider ('%s')",
			   s ? s : "");
	return 0;
}

/* PROVIDER/MODEL or a list of them (at most GW_MAX_TARGETS), into targets. */
static int parse_targets(ctx *x, lc_gw_config *c, yaml_node_t *n, gw_target *targets, int *count)
{
	*count = 0;
	if (n->type == YAML_SCALAR_NODE) {
		*count = 1;
		return parse_target(x, c, n, &targets[0]);
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return bad(x, n, "expected a list of PROVIDER/MODEL%s", "");
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		if (*count >= GW_MAX_TARGETS)
			return bad(x, n, "too many targets (max %s)", "8");
		if (parse_target(x, c, yaml_document_get_node(x->doc, *it), &targets[(*count)++]))
			return LC_PARSE;
	}
	return *count ? 0 : bad(x, n, "empty target list%s", "");
}

/* The index of request header `name` among those the rules read, added when new. Names
 * are HTTP tokens, kept in lower case (the head parser's lookups compare that way). */
static int route_hdr(ctx *x, lc_gw_config *c, yaml_node_t *n, int *out)
{
	char name[64];
	size_t len;
	if (get_str(x, n, name, sizeof name))
		return LC_PARSE;
	len = strlen(name);
	for (size_t i = 0; i < len; i++) {
		char ch = (char)tolower((unsigned char)name[i]);
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return bad(x, n, "'%s' is not a header name", name);
		name[i] = ch;
	}
	if (!len || !strcmp(name, "authorization") || !strcmp(name, "x-api-key"))
		return bad(x, n, "cannot route by the header '%s'", name);
	for (*out = 0; *out < c->nroute_hdrs; (*out)++)
		if (!strcmp(c->route_hdrs[*out], name))
			return 0;
	if (c->nroute_hdrs == GW_MAX_ROUTE_HDRS)
		return bad(x, n, "header rules may read at most %s distinct headers", "4");
	memcpy(c->route_hdrs[c->nroute_hdrs], name, len + 1);
	*out = c->nroute_hdrs++;
	return 0;
}

/* headers: [{header: NAME, value: V, to: PROVIDER/MODEL | [...]}, ...] */
static int parse_rules(ctx *x, lc_gw_config *c, gw_alias *a, yaml_node_t *list)
{
	if (list->type != YAML_SEQUENCE_NODE)
		return bad(x, list, "headers: expected a list of {header, value, to}%s", "");
	for (yaml_node_item_t *it = list->data.sequence.items.start;
	     it < list->data.sequence.items.top; it++) {
		yaml_node_t *m = yaml_document_get_node(x->doc, *it), *kk, *vv, *to = NULL;
		gw_rule *u;
		int have_hdr = 0;
		if (a->nrules == GW_MAX_RULES)
			return bad(x, list, "too many header rules (max %s)", "4");
		u = &a->rules[a->nrules++];
		if (m->type != YAML_MAPPING_NODE)
			return bad(x, m, "a header rule is {header, value, to}%s", "");
		FOR_PAIRS(x, m, kk, vv) {
			const char *key = scalar(kk);
			int rc = 0;
			if (key && !strcmp(key, "header")) {
				rc = route_hdr(x, c, vv, &u->hdr);
				have_hdr = 1;
			} else if (key && !strcmp(key, "value"))
				rc = get_str(x, vv, u->value, sizeof u->value);
			else if (key && !strcmp(key, "to"))
				to = vv;
			else
				return bad(x, kk, "unknown header rule field '%s'", key ? key : "");
			if (rc)
				return rc;
		}
		if (!have_hdr || !u->value[0] || !to)
			return bad(x, m, "a header rule needs header, a non-empty value and to%s", "");
		if (parse_targets(x, c, to, u->targets, &u->ntargets))
			return LC_PARSE;
	}
	return 0;
}

/* aliases: NAME: provider/model | [provider/model, ...] | {to: [...], balance: true,
 *          small: provider/model, below_tokens: N, headers: [{header, value, to}]} */
static int parse_alias(ctx *x, lc_gw_config *c, yaml_node_t *k, yaml_node_t *v)
{
	gw_alias *a;
	yaml_node_t *list = NULL;
	if (c->naliases >= GW_MAX_ALIASES)
		return bad(x, k, "too many aliases (max %s)", "64");
	a = &c->aliases[c->naliases++];
	if (get_str(x, k, a->name, sizeof a->name))
		return LC_PARSE;
	if (v->type == YAML_SCALAR_NODE) {
		a->ntargets = 1;
		return parse_target(x, c, v, &a->targets[0]);
	}
	if (v->type == YAML_SEQUENCE_NODE) {
		list = v;
	} else {
		yaml_node_t *kk, *vv;
		FOR_PAIRS(x, v, kk, vv) {
			const char *key = scalar(kk);
			int rc = 0;
			if (key && !strcmp(key, "to"))
				list = vv;
			else if (key && !strcmp(key, "balance"))
				rc = get_bool(x, vv, &a->balance);
			else if (key && !strcmp(key, "small")) {
				rc = parse_target(x, c, vv, &a->small);
				a->has_small = 1;
			} else if (key && !strcmp(key, "below_tokens"))
				rc = get_int(x, vv, 1, INT64_MAX / 2, &a->below_tokens);
			else if (key && !strcmp(key, "headers"))
				rc = parse_rules(x, c, a, vv);
			else
				return bad(x, kk, "unknown alias field '%s'", key ? key : "");
			if (rc)
				return rc;
		}
		if (!list)
			return bad(x, v, "alias '%s' needs 'to'", a->name);
	}
	return parse_targets(x, c, list, a->targets, &a->ntargets);
}

static int parse_period(ctx *x, yaml_node_t *n, char *out)
{
	const char *s = scalar(n);
	if (!s || (strcmp(s, "day") && strcmp(s, "week") && strcmp(s, "month")))
		return bad(x, n, "period must be day, week or month%s", "");
	snprintf(out, 8, "%s", s);
	return 0;
}

static int parse_budget(ctx *x, yaml_node_t *m, gw_budget_rule *b)
{
	yaml_node_t *k, *v;
	int have_limit = 0;
	if (want_map(x, m))
		return LC_PARSE;
	snprintf(b->period, sizeof b->period, "month");
	FOR_PAIRS(x, m, k, v) {
		const char *key = scalar(k);
		int rc = 0;
		if (key && !strcmp(key, "tag")) {
			const char *s = scalar(v), *eq = s ? strchr(s, '=') : NULL;
			if (!eq || eq == s || (size_t)(eq - s) >= sizeof b->tag_key ||
			    strlen(eq + 1) >= sizeof b->tag_val)
				return bad(x, v, "tag must be KEY=VALUE%s", "");
			memcpy(b->tag_key, s, (size_t)(eq - s));
			snprintf(b->tag_val, sizeof b->tag_val, "%s", eq + 1);
		} else if (key && !strcmp(key, "limit")) {
			rc = get_money(x, v, &b->limit);
			have_limit = 1;
		} else if (key && !strcmp(key, "period"))
			rc = parse_period(x, v, b->period);
		else if (key && !strcmp(key, "zone"))
			rc = get_str(x, v, b->zone, sizeof b->zone);
		else if (key && !strcmp(key, "mode")) {
			const char *s = scalar(v);
			if (s && !strcmp(s, "soft"))
				b->soft = 1;
			else if (!s || strcmp(s, "hard"))
				return bad(x, v, "mode must be hard or soft%s", "");
		} else
			return bad(x, k, "unknown budget field '%s'", key ? key : "");
		if (rc)
			return rc;
	}
	if (!b->tag_key[0] || !have_limit)
		return bad(x, m, "a budget needs a tag and a limit%s", "");
	return 0;
}

static int parse_limits(ctx *x, lc_gw_config *c, yaml_node_t *m)
{
	yaml_node_t *k, *v;
	int64_t i;
	if (want_map(x, m))
		return LC_PARSE;
	FOR_PAIRS(x, m, k, v) {
		const char *key = scalar(k);
		if (!key)
			return bad(x, k, "expected a key%s", "");
		if (!strcmp(key, "max_header_bytes")) {
			if (get_int(x, v, 1024, 1 << 20, &i))
				return LC_PARSE;
			c->max_head = (size_t)i;
		} else if (!strcmp(key, "max_headers")) {
			if (get_int(x, v, 8, 100, &i))
				return LC_PARSE;
			c->max_headers = (int)i;
		} else if (!strcmp(key, "max_body_bytes")) {
			if (get_int(x, v, 1024, (int64_t)1 << 32, &i))
				return LC_PARSE;
			c->max_body = (size_t)i;
		} else if (!strcmp(key, "max_response_bytes")) {
			if (get_int(x, v, 1024, (int64_t)1 << 32, &i))
				return LC_PARSE;
			c->max_response = (size_t)i;
		} else if (!strcmp(key, "header_timeout_ms")) {
			if (get_int(x, v, 10, 3600000, &c->header_timeout_ms))
				return LC_PARSE;
		} else if (!strcmp(key, "idle_timeout_ms")) {
			if (get_int(x, v, 10, 3600000, &c->idle_timeout_ms))
				return LC_PARSE;
		} else if (!strcmp(key, "upstream_timeout_ms")) {
			if (get_int(x, v, 10, 3600000, &c->upstream_timeout_ms))
				return LC_PARSE;
		} else if (!strcmp(key, "max_connections")) {
			if (get_int(x, v, 1, 1000000, &i))
				return LC_PARSE;
			c->max_connections = (int)i;
		} else if (!strcmp(key, "max_attempts")) {
			if (get_int(x, v, 1, 10, &i))
				return LC_PARSE;
			c->max_attempts = (int)i;
		} else if (!strcmp(key, "default_max_output_tokens")) {
			if (get_int(x, v, 1, 10000000, &c->default_max_output))
				return LC_PARSE;
		} else if (!strcmp(key, "allow_unpriced")) {
			if (get_bool(x, v, &c->allow_unpriced))
				return LC_PARSE;
		} else if (!strcmp(key, "spool_rows")) {
			if (get_int(x, v, 16, 10000000, &i))
				return LC_PARSE;
			c->spool_max = (size_t)i;
		} else
			return bad(x, k, "unknown limits field '%s'", key);
	}
	return 0;
}

static int parse_listen(lc_gw_config *c, const char *s, lc_error *err)
{
	const char *colon = strrchr(s, ':');
	char *end;
	long port;
	size_t hl;
	if (!colon)
		return lc_error_set(err, LC_INVAL, "listen address must be HOST:PORT, got '%s'", s);
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return lc_error_set(err, LC_INVAL, "bad port in '%s'", s);
	hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		s++;
		hl -= 2;
	}
	if (!hl || hl >= sizeof c->listen_host)
		return lc_error_set(err, LC_INVAL, "bad host in listen address");
	memcpy(c->listen_host, s, hl);
	c->listen_host[hl] = '\0';
	c->listen_port = (int)port;
	return 0;
}

static int parse_root(ctx *x, lc_gw_config *c, yaml_node_t *root)
{
	yaml_node_t *k, *v;
	yaml_node_t *aliases = NULL;
	if (!root)
		return 0; /* empty document: defaults */
	if (want_map(x, root))
		return LC_PARSE;
	/* Providers first: aliases refer to them. */
	FOR_PAIRS(x, root, k, v) {
		const char *key = scalar(k);
		if (key && !strcmp(key, "providers")) {
			if (v->type != YAML_SEQUENCE_NODE)
				return bad(x, v, "providers must be a list%s", "");
			for (yaml_node_item_t *it = v->data.sequence.items.start;
			     it < v->data.sequence.items.top; it++) {
				if (c->nproviders >= GW_MAX_PROVIDERS)
					return bad(x, v, "too many providers (max %s)", "16");
				if (parse_provider(x, yaml_document_get_node(x->doc, *it),
						   &c->providers[c->nproviders++]))
					return LC_PARSE;
			}
		}
	}
	FOR_PAIRS(x, root, k, v) {
		const char *key = scalar(k);
		int rc = 0;
		char tmp[256];
		if (!key)
			return bad(x, k, "expected a key%s", "");
		if (!strcmp(key, "providers"))
			continue;
		if (!strcmp(key, "listen")) {
			if (!(rc = get_str(x, v, tmp, sizeof tmp)) && parse_listen(c, tmp, x->err))
				return lc_error_prefix(x->err, "%s:%lu: ", x->name,
						       (unsigned long)v->start_mark.line + 1);
		} else if (!strcmp(key, "ledger"))
			rc = get_str(x, v, c->ledger, sizeof c->ledger);
		else if (!strcmp(key, "keys_db"))
			rc = get_str(x, v, c->keys_db, sizeof c->keys_db);
		else if (!strcmp(key, "access_log"))
			rc = get_str(x, v, c->access_log, sizeof c->access_log);
		else if (!strcmp(key, "admin_key_env"))
			rc = resolve_secret(x, v, 0, c->admin_key, sizeof c->admin_key);
		else if (!strcmp(key, "admin_key_file"))
			rc = resolve_secret(x, v, 1, c->admin_key, sizeof c->admin_key);
		else if (!strcmp(key, "limits"))
			rc = parse_limits(x, c, v);
		else if (!strcmp(key, "cache")) {
			yaml_node_t *kk, *vv;
			int64_t i;
			if (want_map(x, v))
				return LC_PARSE;
			FOR_PAIRS(x, v, kk, vv) {
				const char *ck = scalar(kk);
				if (ck && !strcmp(ck, "ttl_s")) {
					if (get_int(x, vv, 0, 86400 * 365, &i))
						return LC_PARSE;
					c->cache_ttl_ms = i * 1000;
				} else if (ck && !strcmp(ck, "max_bytes")) {
					if (get_int(x, vv, 0, (int64_t)1 << 40, &i))
						return LC_PARSE;
					c->cache_max_bytes = (size_t)i;
				} else
					return bad(x, kk, "unknown cache field '%s'", ck ? ck : "");
			}
		} else if (!strcmp(key, "aliases")) {
			aliases = v;
		} else if (!strcmp(key, "budgets")) {
			if (v->type != YAML_SEQUENCE_NODE)
				return bad(x, v, "budgets must be a list%s", "");
			for (yaml_node_item_t *it = v->data.sequence.items.start;
			     it < v->data.sequence.items.top; it++) {
				if (c->nbudgets >= GW_MAX_BUDGETS)
					return bad(x, v, "too many budgets (max %s)", "32");
				if (parse_budget(x, yaml_document_get_node(x->doc, *it),
						 &c->budgets[c->nbudgets++]))
					return LC_PARSE;
			}
		} else
			return bad(x, k, "unknown field '%s'", key);
		if (rc)
			return rc;
	}
	if (aliases) {
		if (want_map(x, aliases))
			return LC_PARSE;
		FOR_PAIRS(x, aliases, k, v)
			if (parse_alias(x, c, k, v))
				return LC_PARSE;
	}
	return 0;
}

int lc_gw_config_parse(const char *yaml, size_t len, const char *name, lc_gw_config **out,
		       lc_error *err)
{
	return lc_gw_config_parse_flags(yaml, len, name, 0, out, err);
}

int lc_gw_config_parse_flags(const char *yaml, size_t len, const char *name, unsigned flags,
			     lc_gw_config **out, lc_error *err)
{
	yaml_document_t doc;
	lc_gw_config *c;
	ctx x;
	int rc;

	*out = NULL;
	if (len > CONFIG_MAX_BYTES)
		return lc_error_set(err, LC_LIMIT, "%s: configuration larger than 1 MiB", name);
	c = malloc(sizeof *c);
	if (!c)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	gw_config_defaults(c);
	c->load_flags = flags;
	if ((rc = lc_yaml_load_one(name, yaml, len, &doc, err))) {
		free(c);
		return rc;
	}
	x.doc = &doc;
	x.name = name;
	x.flags = flags;
	x.err = err;
	rc = parse_root(&x, c, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	if (rc) {
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int lc_gw_config_load(const char *path, lc_gw_config **out, lc_error *err)
{
	return lc_gw_config_load_flags(path, 0, out, err);
}

int lc_gw_config_load_flags(const char *path, unsigned flags, lc_gw_config **out,
			    lc_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;
	if (!path) {
		*out = malloc(sizeof **out);
		if (!*out)
			return lc_error_set(err, LC_NOMEM, "out of memory");
		gw_config_defaults(*out);
		(*out)->load_flags = flags;
		return 0;
	}
	if ((rc = lc_read_file(path, CONFIG_MAX_BYTES, &data, &len, err)))
		return rc;
	rc = lc_gw_config_parse_flags(data, len, path, flags, out, err);
	free(data);
	return rc;
}

void lc_gw_config_free(lc_gw_config *c)
{
	if (c) {
		memset(c->admin_key, 0, sizeof c->admin_key);
		for (int i = 0; i < c->nproviders; i++)
			memset(c->providers[i].api_key, 0, sizeof c->providers[i].api_key);
		free(c);
	}
}

int lc_gw_config_set_listen(lc_gw_config *c, const char *addr, lc_error *err)
{
	return parse_listen(c, addr, err);
}

int lc_gw_config_set_ledger(lc_gw_config *c, const char *url, lc_error *err)
{
	if (strlen(url) >= sizeof c->ledger)
		return lc_error_set(err, LC_INVAL, "ledger path too long");
	snprintf(c->ledger, sizeof c->ledger, "%s", url);
	return 0;
}

int lc_gw_config_set_access_log(lc_gw_config *c, const char *path, lc_error *err)
{
	if (strlen(path) >= sizeof c->access_log)
		return lc_error_set(err, LC_INVAL, "access log path too long");
	snprintf(c->access_log, sizeof c->access_log, "%s", path);
	return 0;
}
