/*
 * cmd_keys.c - `llmcost keys create|list|show|revoke`: virtual keys for the gateway
 * (docs/keys.md). The secret is printed once, by create, and never again: only its SHA-256
 * is stored. list and show print the id and a hint (prefix and last four characters).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(FILE *f)
{
	fprintf(f,
		"usage: llmcost keys create [--name NAME] [--tags K=V,...] [--models M,...]\n"
		"                           [--budget USD] [--period day|week|month] [--zone TZ]\n"
		"                           [--soft] [--rpm N] [--tpm N] [--expires TIME] [--admin] [--json]\n"
		"       llmcost keys list [--json]\n"
		"       llmcost keys show ID [--json]\n"
		"       llmcost keys revoke ID\n"
		"Common option: --config FILE (the gateway configuration; keys live in its\n"
		"keys_db, else its ledger, else the default ledger).\n");
}


static void print_key(const lc_key_info *k, int json)
{
	char m[LC_MONEY_STRMAX];
	if (json) {
		lc_buf b;
		lc_buf_init(&b, 0);
		lc_key_info_json(&b, k);
		printf("%s\n", b.data);
		lc_buf_free(&b);
		return;
	}
	printf("%s  %s  %s%s\n", k->id, k->hint, k->name[0] ? k->name : "-",
	       k->revoked ? "  (revoked)" : "");
	if (k->tags[0])
		printf("  tags:   %s\n", k->tags);
	if (k->models[0])
		printf("  models: %s\n", k->models);
	if (k->has_budget)
		printf("  budget: %s USD per %s (%s%s%s)\n", cli_money(k->budget, -1, m), k->period,
		       k->soft ? "soft" : "hard", k->zone[0] ? ", " : "", k->zone);
	if (k->rpm || k->tpm)
		printf("  limits: %lld requests/min, %lld tokens/min\n", (long long)k->rpm,
		       (long long)k->tpm);
	if (k->expires) {
		char t[32];
		lc_time_format(k->expires, t, sizeof t);
		printf("  expires: %s\n", t);
	}
	if (k->admin)
		printf("  admin:  yes\n");
}

static int list_one(const lc_key_info *k, void *ctx)
{
	print_key(k, *(int *)ctx);
	return 0;
}

static int set_str(char *dst, size_t cap, const char *v, const char *opt)
{
	if (strlen(v) >= cap)
		return cli_usage("keys", "%s is too long", opt);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int parse_count(const char *v, int64_t *out)
{
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*v == '\0' || *end || n < 0)
		return -1;
	*out = n;
	return 0;
}

int cmd_keys(int argc, char **argv); /* called from main.c's command table */
int cmd_keys(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL, *config = NULL, *id = NULL;
	lc_gw_config *cfg = NULL;
	lc_keys *ks = NULL;
	lc_key_info k;
	lc_error err;
	int json = 0, rc = 0;

	if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		help(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	memset(&k, 0, sizeof k);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int takes = 1;
		if (!strcmp(a, "--json")) {
			json = 1;
			takes = 0;
		} else if (!strcmp(a, "--soft")) {
			k.soft = 1;
			takes = 0;
		} else if (!strcmp(a, "--admin")) {
			k.admin = 1;
			takes = 0;
		} else if (!strcmp(a, "--help")) {
			help(stdout);
			return 0;
		} else if (a[0] != '-' && !id) {
			id = a;
			takes = 0;
		} else if (!v) {
			return cli_usage("keys", "%s needs a value", a);
		} else if (!strcmp(a, "--config")) {
			config = v;
		} else if (!strcmp(a, "--name")) {
			rc = set_str(k.name, sizeof k.name, v, a);
		} else if (!strcmp(a, "--tags")) {
			if (lc_key_tags_check(v, &err))
				return cli_usage("keys", "--tags: %s", err.msg);
			rc = set_str(k.tags, sizeof k.tags, v, a);
		} else if (!strcmp(a, "--models")) {
			rc = set_str(k.models, sizeof k.models, v, a);
		} else if (!strcmp(a, "--zone")) {
			rc = set_str(k.zone, sizeof k.zone, v, a);
		} else if (!strcmp(a, "--period")) {
			if (strcmp(v, "day") && strcmp(v, "week") && strcmp(v, "month"))
				return cli_usage("keys", "--period must be day, week or month");
			rc = set_str(k.period, sizeof k.period, v, a);
		} else if (!strcmp(a, "--budget")) {
			if (lc_money_parse(v, (size_t)-1, &k.budget) || k.budget.atto < 0)
				return cli_usage("keys", "--budget must be a decimal amount in USD");
			k.has_budget = 1;
		} else if (!strcmp(a, "--expires")) {
			if (lc_time_parse(v, strlen(v), 0, &k.expires) != 0)
				return cli_usage("keys", "--expires must be a date or an RFC 3339 time with a zone");
		} else if (!strcmp(a, "--rpm")) {
			if (parse_count(v, &k.rpm))
				return cli_usage("keys", "--rpm must be a count");
		} else if (!strcmp(a, "--tpm")) {
			if (parse_count(v, &k.tpm))
				return cli_usage("keys", "--tpm must be a count");
		} else {
			return cli_usage("keys", "unknown option '%s'", a);
		}
		if (rc)
			return rc;
		i += takes;
	}
	if (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "show") &&
	    strcmp(sub, "revoke"))
		return cli_usage("keys", "unknown subcommand '%s'", sub);
	if ((!strcmp(sub, "show") || !strcmp(sub, "revoke")) && !id)
		return cli_usage("keys", "%s needs a key id", sub);
	if (id && strcmp(sub, "show") && strcmp(sub, "revoke"))
		return cli_usage("keys", "unexpected argument '%s'", id);

	/* key management needs the key store's location, never the providers' secrets */
	if ((rc = lc_gw_config_load_flags(config, LC_GW_CONFIG_KEYS_ONLY, &cfg, &err)) ||
	    (rc = lc_gw_keys_open(cfg, &ks, &err))) {
		lc_gw_config_free(cfg);
		return cli_fail("keys", rc, err.msg);
	}
	lc_gw_config_free(cfg);
	if (!strcmp(sub, "create")) {
		char secret[LC_KEY_SECRET_MAX];
		if ((rc = lc_keys_create(ks, &k, secret, &err)) == 0) {
			if (json) {
				printf("{\"key\":\"%s\",\"info\":", secret);
				fflush(stdout);
				lc_buf b;
				lc_buf_init(&b, 0);
				lc_key_info_json(&b, &k);
				printf("%s}\n", b.data);
				lc_buf_free(&b);
			} else {
				printf("%s\n", secret);
				fprintf(stderr, "created %s (%s); the key above is shown only once\n", k.id,
					k.hint);
			}
			memset(secret, 0, sizeof secret);
		}
	} else if (!strcmp(sub, "list")) {
		rc = lc_keys_each(ks, list_one, &json, &err);
	} else if (!strcmp(sub, "show")) {
		if ((rc = lc_keys_get(ks, id, &k, &err)) == 0)
			print_key(&k, json);
	} else {
		if ((rc = lc_keys_revoke(ks, id, &err)) == 0)
			printf("revoked %s\n", id);
	}
	lc_keys_close(ks);
	return rc ? cli_fail("keys", rc, err.msg) : 0;
}
