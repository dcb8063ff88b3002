/*
 * util.c - small helpers every subcommand uses: exit codes from library errors, one-line
 * error messages, colour detection, money formatting.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

int cli_exit_code(int code)
{
	switch (code) {
	case LC_OK: return EXIT_OK_;
	case LC_PARSE:
	case LC_RANGE: return EXIT_DATA;
	case LC_INVAL: return EXIT_USAGE;
	case LC_NOTFOUND: return EXIT_NOTFOUND;
	case LC_DB: return EXIT_LEDGER;
	case LC_LIMIT: return EXIT_LIMIT;
	case LC_UNPRICED: return EXIT_UNPRICED;
	default: return EXIT_FAIL;
	}
}

int cli_fail(const char *cmd, int code, const char *msg)
{
	fprintf(stderr, "llmcost%s%s: %s\n", cmd && *cmd ? " " : "", cmd ? cmd : "",
		msg && *msg ? msg : lc_strerror(code));
	return cli_exit_code(code);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "llmcost%s%s: ", cmd && *cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'llmcost help%s%s')\n", cmd && *cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

int cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	return isatty(fileno(f));
}

const char *cli_money(lc_money m, int places, char *buf)
{
	if (lc_money_format(m, places, buf, LC_MONEY_STRMAX) < 0)
		buf[0] = '\0';
	return buf;
}
