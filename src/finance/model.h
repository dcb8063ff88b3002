/*
 * model.h - the in-memory scenario shared by the finance module's files (private to
 * src/finance/): what scenario.c builds from YAML and model.c, montecarlo.c and
 * sensitivity.c compute with. Not API; the public view is llmcost/finance.h.
 *
 * A line's cash flow in month m is  sign * (product of its fields) * factor[m]:  every
 * uncertain input is a multiplicative field, and everything fixed about timing (one-off
 * month, recurring window, ramp, growth, token price decline, per-year-to-per-month
 * scaling) is folded once into factor[]. A trial of the simulation is then a handful of
 * multiplications per line and month.
 */
#ifndef LC_FINANCE_MODEL_H
#define LC_FINANCE_MODEL_H

#include "llmcost/finance.h"

#define FIN_MAX_MONTHS 600
#define FIN_MAX_LINES 1000
#define FIN_MAX_INPUTS 4096
#define FIN_MAX_ALTS 16
#define FIN_MAX_GATES 32
#define FIN_MAX_FIELDS 4
#define FIN_NAME_MAX 96

/* An input: a named value (fixed or uncertain) that one or more line fields multiply by. */
typedef struct fin_input {
	char label[128];   /* "API inference: monthly" */
	lc_dist dist;      /* LC_DIST_FIXED for a certain value (p[0]) */
	lc_money exact;    /* the exact value for fixed inputs */
	double base;       /* deterministic base case */
	int line_no;
} fin_input;

typedef struct fin_line {
	char name[FIN_NAME_MAX];
	int line_no;
	int benefit;        /* 0: cost (cash out), 1: benefit (cash in) */
	const char *category;  /* static text: development, deployment, ..., efficiency, ... */
	const char *kind;      /* static text: direct, indirect, opportunity (costs) */
	int nfields;
	int field[FIN_MAX_FIELDS]; /* indexes into scenario inputs */
	/* timing, folded into factor[] by fin_prepare */
	int one_off, month; /* one-off: at month */
	int start, end;     /* recurring: months start..end inclusive */
	double growth;      /* annual, compounded monthly from start */
	int tokens;         /* priced per token: the scenario's price decline applies */
	int ramp;           /* 0 none, 1 linear, 2 s-curve */
	int ramp_from, ramp_months;
	double scale;       /* 1, or 1/12 for per-year amounts */
	double *factor;     /* horizon entries */
	int lo, hi;         /* months where factor can be non-zero (or actuals exist): lo..hi-1 */
	/* ledger lines: actual spend by month, read by the caller */
	int ledger;
	char model[128], tag[128];
	int *has_actual;    /* horizon entries */
	lc_money *actual;   /* horizon entries */
} fin_line;

typedef struct fin_alt {
	char name[FIN_NAME_MAX];
	int nlines;
	int *lines;         /* indexes into the scenario's lines: shared first, then own */
} fin_alt;

typedef struct fin_gate {
	char name[FIN_NAME_MAX];
	int month;
	double p;
} fin_gate;

struct lc_scenario {
	char file[256];       /* the name given to the parser, for messages */
	char title[256];
	char currency[8];
	char start[16];
	int horizon;          /* months */
	double rate;          /* annual discount rate */
	double price_decline; /* annual, for token-priced lines */
	int roi_h[LC_ROI_HORIZONS];
	int ngates;
	fin_gate gates[FIN_MAX_GATES];
	int ninputs;
	fin_input *inputs;
	int nlines;
	fin_line *lines;      /* every line of every alternative (owned) */
	int nalts;
	fin_alt alts[FIN_MAX_ALTS];
	double *disc;         /* (1+rate)^(-m/12), horizon entries */
};

/* model.c: fold each line's timing into factor[] and the discount factors into disc[];
 * called once by the parser after validation. */
int fin_prepare(lc_scenario *sc, lc_error *err);
/* model.c: the flows of alternative alt for input values vals[] (ninputs entries), gates
 * passed through month `alive_until` (exclusive; horizon = all passed). net[] receives
 * horizon entries; costs/benefits (may be NULL) the two sides, positive. */
void fin_flows(const lc_scenario *sc, int alt, const double *vals, int alive_until, double *net,
	       double *costs, double *benefits);
/* NPV of monthly flows at the scenario's rate (month 0 at t = 0). */
double fin_npv(const lc_scenario *sc, const double *net);
/* The base values of every input. Caller frees. */
double *fin_base_values(const lc_scenario *sc);

#endif
