/*
 * build.c - the catalog builder: growable arrays and an interned string pool that the
 * loaders fill in any order, and cat_builder_finish, which sorts them into the flat layer
 * shape (models grouped by provider in insertion order, rows grouped by model in insertion
 * order) that the matcher, the cost engine and the generator read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

#define CAT_MAX_ITEMS (1u << 24) /* sanity cap on every array */

struct cat_builder {
	cat_provider *prov;
	uint32_t nprov, cprov;
	cat_model *mod;
	uint32_t nmod, cmod;
	cat_row *row;
	uint32_t nrow, crow;
	cat_rule *rule;
	uint32_t nrule, crule;
	char *str;
	uint32_t nstr, cstr;
	/* string interning: open addressing over offsets */
	uint32_t *hash;
	uint32_t hcap, hcount;
	/* the finished view */
	cat_provider *fprov;
	cat_model *fmod;
	cat_row *frow;
};

static int grow(void **p, uint32_t *cap, uint32_t need, size_t size)
{
	uint32_t c = *cap ? *cap : 16;
	void *np;
	if (need <= *cap)
		return 0;
	if (need > CAT_MAX_ITEMS)
		return LC_LIMIT;
	while (c < need)
		c *= 2;
	np = realloc(*p, (size_t)c * size);
	if (!np)
		return LC_NOMEM;
	*p = np;
	*cap = c;
	return 0;
}

cat_builder *cat_builder_new(void)
{
	cat_builder *b = calloc(1, sizeof *b);
	if (b && cat_builder_str(b, "", 0) == CAT_NONE) { /* offset 0 is "" */
		cat_builder_free(b);
		return NULL;
	}
	return b;
}

void cat_builder_free(cat_builder *b)
{
	if (!b)
		return;
	free(b->prov);
	free(b->mod);
	free(b->row);
	free(b->rule);
	free(b->str);
	free(b->hash);
	free(b->fprov);
	free(b->fmod);
	free(b->frow);
	free(b);
}

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int rehash(cat_builder *b)
{
	uint32_t ncap = b->hcap ? b->hcap * 2 : 1024;
	uint32_t *nh = malloc((size_t)ncap * sizeof *nh);
	if (!nh)
		return LC_NOMEM;
	memset(nh, 0xff, (size_t)ncap * sizeof *nh);
	for (uint32_t i = 0; i < b->hcap; i++) {
		uint32_t off = b->hash[i];
		if (off == CAT_NONE)
			continue;
		const char *s = b->str + off;
		uint32_t j = fnv(s, strlen(s)) & (ncap - 1);
		while (nh[j] != CAT_NONE)
			j = (j + 1) & (ncap - 1);
		nh[j] = off;
	}
	free(b->hash);
	b->hash = nh;
	b->hcap = ncap;
	return 0;
}

uint32_t cat_builder_str(cat_builder *b, const char *s, size_t len)
{
	uint32_t j, off;
	if (len == (size_t)-1)
		len = strlen(s);
	if (memchr(s, '\0', len) || len > 1u << 20)
		return CAT_NONE;
	if ((b->hcount + 1) * 2 > b->hcap && rehash(b) != 0)
		return CAT_NONE;
	j = fnv(s, len) & (b->hcap - 1);
	while ((off = b->hash[j]) != CAT_NONE) {
		if (strncmp(b->str + off, s, len) == 0 && b->str[off + len] == '\0')
			return off;
		j = (j + 1) & (b->hcap - 1);
	}
	if ((uint64_t)b->nstr + len + 1 > CAT_MAX_ITEMS * 4u)
		return CAT_NONE;
	if (grow((void **)&b->str, &b->cstr, b->nstr + (uint32_t)len + 1, 1) != 0)
		return CAT_NONE;
	off = b->nstr;
	memcpy(b->str + off, s, len);
	b->str[off + len] = '\0';
	b->nstr += (uint32_t)len + 1;
	b->hash[j] = off;
	b->hcount++;
	return off;
}

int64_t cat_builder_find_provider(const cat_builder *b, const char *id)
{
	for (uint32_t i = 0; i < b->nprov; i++)
		if (strcmp(b->str + b->prov[i].id, id) == 0)
			return i;
	return -1;
}

int64_t cat_builder_provider(cat_builder *b, const char *id)
{
	int64_t i = cat_builder_find_provider(b, id);
	cat_provider *p;
	uint32_t s;
	if (i >= 0)
		return i;
	if ((s = cat_builder_str(b, id, (size_t)-1)) == CAT_NONE)
		return -1;
	if (grow((void **)&b->prov, &b->cprov, b->nprov + 1, sizeof *b->prov) != 0)
		return -1;
	p = &b->prov[b->nprov];
	memset(p, 0, sizeof *p);
	p->id = p->name = s;
	p->model_rule = p->provider_rule = p->fallback = CAT_NONE;
	return b->nprov++;
}

cat_provider *cat_builder_provider_at(cat_builder *b, uint32_t i) { return &b->prov[i]; }
cat_model *cat_builder_model_at(cat_builder *b, uint32_t i) { return &b->mod[i]; }
cat_rule *cat_builder_rule_at(cat_builder *b, uint32_t i) { return &b->rule[i]; }
uint32_t cat_builder_nmodel(const cat_builder *b) { return b->nmod; }
const char *cat_builder_strat(const cat_builder *b, uint32_t off) { return b->str + off; }
uint32_t cat_builder_nprovider(const cat_builder *b) { return b->nprov; }

void cat_builder_view(const cat_builder *b, cat_layer *out)
{
	memset(out, 0, sizeof *out);
	out->providers = b->prov;
	out->nprovider = b->nprov;
	out->models = b->mod;
	out->nmodel = b->nmod;
	out->rows = b->row;
	out->nrow = b->nrow;
	out->rules = b->rule;
	out->nrule = b->nrule;
	out->strings = b->str;
	out->nstrings = b->nstr;
	out->version = "";
}

int64_t cat_builder_find_model(const cat_builder *b, uint32_t provider, const char *id)
{
	for (uint32_t i = 0; i < b->nmod; i++)
		if (b->mod[i].provider == provider && strcmp(b->str + b->mod[i].id, id) == 0)
			return i;
	return -1;
}

int64_t cat_builder_model(cat_builder *b, uint32_t provider, const char *id)
{
	cat_model *m;
	uint32_t s = cat_builder_str(b, id, (size_t)-1);
	if (s == CAT_NONE || grow((void **)&b->mod, &b->cmod, b->nmod + 1, sizeof *b->mod) != 0)
		return -1;
	m = &b->mod[b->nmod];
	memset(m, 0, sizeof *m);
	m->provider = provider;
	m->id = m->name = s;
	m->rule = m->alias = CAT_NONE;
	return b->nmod++;
}

cat_row *cat_builder_row(cat_builder *b, uint32_t model)
{
	cat_row *r;
	if (grow((void **)&b->row, &b->crow, b->nrow + 1, sizeof *b->row) != 0)
		return NULL;
	r = &b->row[b->nrow++];
	memset(r, 0, sizeof *r);
	r->model = model;
	r->start = CAT_NO_START;
	r->tod_start = r->tod_end = -1;
	r->nlevels = 1;
	memcpy(r->currency, "USD", 4);
	return r;
}

uint32_t cat_builder_rules(cat_builder *b, uint32_t n)
{
	uint32_t first = b->nrule;
	if (n == 0 || grow((void **)&b->rule, &b->crule, b->nrule + n, sizeof *b->rule) != 0)
		return CAT_NONE;
	memset(&b->rule[first], 0, (size_t)n * sizeof *b->rule);
	b->nrule += n;
	return first;
}

int cat_builder_finish(cat_builder *b, cat_layer *out, lc_error *err)
{
	uint32_t *newidx = NULL, *rowstart = NULL, k = 0;
	int rc = LC_NOMEM;

	free(b->fprov);
	free(b->fmod);
	free(b->frow);
	b->fprov = malloc(((size_t)b->nprov + 1) * sizeof *b->fprov);
	b->fmod = malloc(((size_t)b->nmod + 1) * sizeof *b->fmod);
	b->frow = malloc(((size_t)b->nrow + 1) * sizeof *b->frow);
	newidx = malloc(((size_t)b->nmod + 1) * sizeof *newidx);
	rowstart = calloc((size_t)b->nmod + 2, sizeof *rowstart);
	if (!b->fprov || !b->fmod || !b->frow || !newidx || !rowstart)
		goto out;

	/* models grouped by provider, keeping insertion order inside a provider */
	for (uint32_t p = 0; p < b->nprov; p++) {
		b->fprov[p] = b->prov[p];
		b->fprov[p].model0 = k;
		for (uint32_t m = 0; m < b->nmod; m++)
			if (b->mod[m].provider == p) {
				newidx[m] = k;
				b->fmod[k++] = b->mod[m];
			}
		b->fprov[p].nmodel = k - b->fprov[p].model0;
	}
	/* rows grouped by (new) model index: counting sort, stable */
	for (uint32_t r = 0; r < b->nrow; r++)
		rowstart[newidx[b->row[r].model] + 1]++;
	for (uint32_t m = 0; m < b->nmod; m++) {
		rowstart[m + 1] += rowstart[m];
		b->fmod[m].row0 = rowstart[m];
		b->fmod[m].nrow = 0;
	}
	for (uint32_t r = 0; r < b->nrow; r++) {
		uint32_t m = newidx[b->row[r].model];
		cat_row *dst = &b->frow[b->fmod[m].row0 + b->fmod[m].nrow++];
		*dst = b->row[r];
		dst->model = m;
	}
	out->providers = b->fprov;
	out->nprovider = b->nprov;
	out->models = b->fmod;
	out->nmodel = b->nmod;
	out->rows = b->frow;
	out->nrow = b->nrow;
	out->rules = b->rule;
	out->nrule = b->nrule;
	out->strings = b->str;
	out->nstrings = b->nstr;
	out->version = "";
	rc = 0;
out:
	free(newidx);
	free(rowstart);
	if (rc)
		lc_error_set(err, rc, "catalog: out of memory");
	return rc;
}

void cat_path(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
}

char *cat_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (cap == 0)
		return dst;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return dst;
}
