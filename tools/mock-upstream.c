/*
 * mock-upstream.c - `build/mock-upstream [--listen HOST:PORT] [--log FILE]`: the
 * deterministic OpenAI/Anthropic mock (src/gateway/mock.c) as a program, for the demo, the
 * benchmark and manual testing. Prints "listening on HOST:PORT" once bound; stops on
 * SIGINT/SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/mock.h"

static gw_mock *mock;

static void on_signal(int sig)
{
	(void)sig;
	gw_mock_stop(mock);
}

int main(int argc, char **argv)
{
	char host[64] = "127.0.0.1";
	const char *log = NULL;
	int port = 9090;
	lc_error err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--listen") && i + 1 < argc) {
			const char *a = argv[++i], *colon = strrchr(a, ':');
			char *end;
			if (!colon || (size_t)(colon - a) >= sizeof host)
				goto usage;
			memcpy(host, a, (size_t)(colon - a));
			host[colon - a] = '\0';
			port = (int)strtol(colon + 1, &end, 10);
			if (*end || port < 0 || port > 65535)
				goto usage;
		} else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
			log = argv[++i];
		} else {
			goto usage;
		}
	}
	if (gw_mock_new(host, port, log, &mock, &err)) {
		fprintf(stderr, "mock-upstream: %s\n", err.msg);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	printf("listening on %s:%d\n", host, gw_mock_port(mock));
	fflush(stdout);
	gw_mock_run(mock);
	gw_mock_free(mock);
	return 0;
usage:
	fprintf(stderr, "usage: mock-upstream [--listen HOST:PORT] [--log FILE]\n");
	return 2;
}
