/*
 * gsl_setup.h - GSL's error handling for the finance module (private to src/finance/).
 *
 * GSL's default error handler prints to stderr and calls abort(): no place for it in a
 * library. fin_gsl_setup() turns it off, once per process (pthread_once), before the first
 * GSL call; from then on every GSL call in src/finance reports through its return value
 * (a status, a NULL, or a NaN), which the caller checks. Nothing turns the handler back on:
 * toggling it around one call raced with other threads (Monte Carlo runs several).
 */
#ifndef LC_FINANCE_GSL_SETUP_H
#define LC_FINANCE_GSL_SETUP_H

void fin_gsl_setup(void);

#endif
