/*
 * harness.h - the unit-test harness. A test is a function declared with TEST(name) in any
 * src/<module>/tests/ file; it registers itself, and build/unit-tests runs every test in
 * its own child process (a crash fails that test, not the run). Checks report file:line and
 * stop the test at the first failure.
 *
 *   TEST(money_parses_exponent) {
 *       lc_money m;
 *       CHECK_INT(lc_money_parse("1.5e-07", (size_t)-1, &m), 0);
 *       CHECK_MONEY(m, "0.00000015");
 *   }
 *
 * build/unit-tests [SUBSTRING] runs only the tests whose name contains SUBSTRING.
 * Tests that need files find the repository root in $LC_TEST_ROOT (default ".") and a fresh
 * scratch folder in lc_test_tmpdir().
 */
#ifndef LC_TEST_HARNESS_H
#define LC_TEST_HARNESS_H

#include <stdint.h>
#include <string.h>

#include "llmcost.h"

typedef void (*lc_test_fn)(void);
void lc_test_register(const char *name, const char *file, lc_test_fn fn);
void lc_test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int lc_test_failed(void);
/* A scratch folder private to the running test, removed afterwards. */
const char *lc_test_tmpdir(void);
/* Path of a file under the repository root (static buffer, valid until the next call). */
const char *lc_test_path(const char *rel);

#define TEST(name)                                                             \
	static void name(void);                                                \
	__attribute__((constructor)) static void lc_reg_##name(void)           \
	{                                                                      \
		lc_test_register(#name, __FILE__, name);                       \
	}                                                                      \
	static void name(void)

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			lc_test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);  \
			return;                                                \
		}                                                              \
	} while (0)

#define CHECK_INT(a, b)                                                        \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_) {                                                \
			lc_test_fail(__FILE__, __LINE__, "%s == %lld, want %lld", #a, a_, b_); \
			return;                                                \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                       \
			lc_test_fail(__FILE__, __LINE__, "%s == \"%s\", want \"%s\"", #a, \
				     a_ ? a_ : "(null)", b_ ? b_ : "(null)");  \
			return;                                                \
		}                                                              \
	} while (0)

/* Compare an lc_money with an exact decimal string ("0.0033475"). */
#define CHECK_MONEY(m, s)                                                      \
	do {                                                                   \
		char mbuf_[LC_MONEY_STRMAX];                                   \
		lc_money_format((m), -1, mbuf_, sizeof mbuf_);                 \
		if (strcmp(mbuf_, (s)) != 0) {                                 \
			lc_test_fail(__FILE__, __LINE__, "%s == %s, want %s", #m, mbuf_, (s)); \
			return;                                                \
		}                                                              \
	} while (0)

#endif
