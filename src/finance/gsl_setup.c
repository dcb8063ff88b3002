/*
 * gsl_setup.c - turning GSL's aborting error handler off, once (see gsl_setup.h).
 *
 * The handler is one process-wide variable inside GSL; an embedding program that installed
 * its own handler before calling llmcost keeps it (only GSL's default, NULL, is replaced).
 */
#include <pthread.h>

#include <gsl/gsl_errno.h>

#include "gsl_setup.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void setup(void)
{
	gsl_error_handler_t *prev = gsl_set_error_handler_off();
	if (prev) /* the program's own handler: leave it in place */
		gsl_set_error_handler(prev);
}

void fin_gsl_setup(void)
{
	pthread_once(&once, setup);
}
