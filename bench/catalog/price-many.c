/*
 * price-many.c - the llmcost side of bench/catalog: reads the TSV cases peer.mjs writes
 * (provider model time input cache_read cache_write_5m cache_write_1h output) and either
 * prints each exact total ("price") or prices N records cycling through them ("time": the
 * seconds, including opening the catalog, and the exact sum).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "llmcost.h"

#define MAX_CASES 200000

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static lc_usage cases[MAX_CASES];
	char line[1024], buf[LC_MONEY_STRMAX];
	size_t n = 0;
	FILE *f;
	lc_catalog *cat = NULL;
	double t0;

	if (argc < 3 || !(f = fopen(argv[2], "r"))) {
		fprintf(stderr, "usage: price-many price|time CASES.tsv [N]\n");
		return 2;
	}
	t0 = now();
	if (lc_catalog_open_bundled(&cat, NULL) != 0)
		return 1;
	while (n < MAX_CASES && fgets(line, sizeof line, f)) {
		lc_usage *u = &cases[n];
		char *fld[8], *s = line;
		int k;
		line[strcspn(line, "\n")] = '\0';
		for (k = 0; k < 8 && s; k++) {
			fld[k] = s;
			if ((s = strchr(s, '\t')))
				*s++ = '\0';
		}
		if (k < 8)
			continue;
		lc_usage_init(u);
		snprintf(u->provider, sizeof u->provider, "%s", fld[0]);
		snprintf(u->model, sizeof u->model, "%s", fld[1]);
		lc_time_parse(fld[2], (size_t)-1, 0, &u->time);
		u->input_tokens = strtoll(fld[3], NULL, 10);
		u->cache_read_tokens = strtoll(fld[4], NULL, 10);
		u->cache_write_5m_tokens = strtoll(fld[5], NULL, 10);
		u->cache_write_1h_tokens = strtoll(fld[6], NULL, 10);
		u->output_tokens = strtoll(fld[7], NULL, 10);
		n++;
	}
	fclose(f);
	if (strcmp(argv[1], "price") == 0) {
		for (size_t i = 0; i < n; i++) {
			lc_cost c;
			if (lc_price_usage(cat, &cases[i], &c, NULL) == 0) {
				lc_money_format(c.total, -1, buf, sizeof buf);
				puts(buf);
			} else
				puts("UNPRICED");
		}
	} else if (argc > 3) {
		long long want = strtoll(argv[3], NULL, 10), done = 0;
		lc_money sum = lc_money_zero();
		size_t i = 0;
		while (done < want) {
			lc_cost c;
			if (lc_price_usage(cat, &cases[i], &c, NULL) == 0) {
				lc_money_add(sum, c.total, &sum);
				done++;
			}
			i = (i + 1) % n;
		}
		lc_money_format(sum, 6, buf, sizeof buf);
		printf("%.3f %s\n", now() - t0, buf);
	}
	lc_catalog_free(cat);
	return 0;
}
