/*
 * cmd_serve.c - `llmcost serve`: run the metered gateway (docs/serve.md) until SIGINT or
 * SIGTERM, then finish in-flight requests, flush the ledger and exit 0.
 */
#include <signal.h>
#include <string.h>

#include "cli.h"

static lc_gateway *running;

static void on_signal(int sig)
{
	(void)sig;
	lc_gw_stop(running);
}

static void help(FILE *f)
{
	fprintf(f, "usage: llmcost serve [--config FILE] [--listen HOST:PORT] [--access-log FILE|-]\n"
		   "\nRun the metered OpenAI/Anthropic-compatible gateway. Defaults: listen on\n"
		   "127.0.0.1:8080, ledger from --ledger/$LLMCOST_LEDGER, no providers (see\n"
		   "docs/formats/gateway-config.md). Stops cleanly on Ctrl-C.\n");
}

int cmd_serve(int argc, char **argv); /* called from main.c's command table */
int cmd_serve(int argc, char **argv)
{
	const char *config = NULL, *listen = NULL, *alog = NULL;
	lc_gw_config *cfg = NULL;
	lc_gateway *gw = NULL;
	lc_error err;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			help(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--config") && i + 1 < argc) {
			config = argv[++i];
		} else if (!strcmp(argv[i], "--listen") && i + 1 < argc) {
			listen = argv[++i];
		} else if (!strcmp(argv[i], "--access-log") && i + 1 < argc) {
			alog = argv[++i];
		} else {
			return cli_usage("serve", "unexpected argument '%s'", argv[i]);
		}
	}
	if ((rc = lc_gw_config_load(config, &cfg, &err)))
		return cli_fail("serve", rc, err.msg);
	if (listen && (rc = lc_gw_config_set_listen(cfg, listen, &err))) {
		lc_gw_config_free(cfg);
		return cli_usage("serve", "%s", err.msg);
	}
	if (alog && (rc = lc_gw_config_set_access_log(cfg, alog, &err))) {
		lc_gw_config_free(cfg);
		return cli_usage("serve", "%s", err.msg);
	}
	rc = lc_gw_create(cfg, &gw, &err);
	lc_gw_config_free(cfg);
	if (rc)
		return cli_fail("serve", rc, err.msg);
	running = gw;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fprintf(stderr, "llmcost serve: listening on http://%s:%d (GET /healthz, GET /metrics)\n",
		lc_gw_listen_host(gw), lc_gw_port(gw));
	rc = lc_gw_run(gw, &err);
	lc_gw_free(gw);
	if (rc)
		return cli_fail("serve", rc, err.msg);
	fprintf(stderr, "llmcost serve: stopped; every metered request is in the ledger\n");
	return 0;
}
