/*
 * plan_test.h - what the plan module's unit tests share: a relative-tolerance check and a
 * loader for the config.json fixtures in src/plan/tests/data/.
 */
#ifndef LC_PLAN_TEST_H
#define LC_PLAN_TEST_H

#include <math.h>
#include <stdlib.h>

#include "tests/harness.h"

/* |got - want| <= tol x |want| */
#define CHECK_NEAR(got, want, tol)                                                         \
	do {                                                                               \
		double g_ = (got), w_ = (want);                                            \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_))) {                                \
			lc_test_fail(__FILE__, __LINE__, "%s == %.9g, want %.9g within %g%%", \
				     #got, g_, w_, (tol) * 100);                           \
			return;                                                            \
		}                                                                          \
	} while (0)

/* Read src/plan/tests/data/NAME into *m; returns the library's code, message in *err. */
static inline int plan_load_config(const char *name, lc_model *m, lc_error *err)
{
	char rel[256], *text = NULL;
	size_t len = 0;
	int rc;
	snprintf(rel, sizeof rel, "src/plan/tests/data/%s", name);
	rc = lc_read_file(lc_test_path(rel), 1 << 20, &text, &len, err);
	if (rc == 0)
		rc = lc_model_from_hf_config(text, len, name, m, err);
	free(text);
	return rc;
}

#endif
