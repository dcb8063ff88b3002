/*
 * llmcost/core.h - the ground floor of the public API: error codes, the exact money type,
 * timestamps and small growable buffers. Every other header builds on this one.
 *
 * Conventions for the whole library (read these once):
 *   - Functions that can fail return an int: 0 (LC_OK) on success, a negative lc_err
 *     code otherwise. They take an optional `lc_error *err` last; when not NULL it receives
 *     a one-line message a user can act on ("prices.json:12:7: unknown field 'inptu_mtok'").
 *   - Library code never prints, exits or aborts. Only main() decides.
 *   - Destructors accept NULL. Who owns what is written above each function.
 *   - Money is never a binary float (see lc_money below).
 */
#ifndef LLMCOST_CORE_H
#define LLMCOST_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ errors */

/* One error enum for the library; X-macro so the names and messages stay together.
 * The CLI maps them to exit codes (see docs/exit-codes.md). */
#define LC_ERRNO_MAP(X)                                              \
	X(OK, 0, "success")                                          \
	X(NOMEM, -1, "out of memory")                                \
	X(IO, -2, "input/output error")                              \
	X(PARSE, -3, "malformed input")                              \
	X(INVAL, -4, "invalid argument")                             \
	X(RANGE, -5, "value out of range")                           \
	X(NOTFOUND, -6, "not found")                                 \
	X(UNPRICED, -7, "no price known for this model")             \
	X(LIMIT, -8, "size limit exceeded")                          \
	X(DB, -9, "ledger error")                                    \
	X(EXISTS, -10, "already exists")                             \
	X(DENIED, -11, "permission denied")                          \
	X(BUDGET, -12, "budget exceeded")                            \
	X(UNSUPPORTED, -13, "not supported")                         \
	X(UPSTREAM, -14, "upstream error")                           \
	X(INTERNAL, -15, "internal error")

typedef enum lc_err {
#define LC_ERR_ENUM_(name, val, msg) LC_##name = (val),
	LC_ERRNO_MAP(LC_ERR_ENUM_)
#undef LC_ERR_ENUM_
} lc_err;

/* Static description of an error code; never NULL. */
const char *lc_strerror(int code);

/* Detailed error: the code plus a one-line message. Embed by value; no cleanup needed. */
#define LC_ERRMSG_MAX 512
typedef struct lc_error {
	int code;
	char msg[LC_ERRMSG_MAX];
} lc_error;

/* Fill *err (when not NULL) with code and a printf-style message; returns code, so that
 * `return lc_error_set(err, LC_PARSE, "%s:%d:%d: ...", ...)` reads naturally. */
int lc_error_set(lc_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix an existing message ("file.json: " + msg); keeps the code; returns it. */
int lc_error_prefix(lc_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ money */

/*
 * lc_money: an exact amount in one currency, as a signed 128-bit count of 10^-18 units
 * ("atto-dollars"). Why this representation: every per-token price in the public catalogs
 * (per-million prices with up to 12 decimals) is an exact integer of atto units, a cost is
 * tokens x price with no division, and sums are exact up to +-1.7e20 whole units.
 * Rounding happens only when printing (lc_money_format, half-even), or in the few places
 * that divide (FX conversion, averages), which say so.
 */
__extension__ typedef __int128 lc_i128;

typedef struct lc_money {
	lc_i128 atto;
} lc_money;

#define LC_MONEY_SCALE_DIGITS 18

static inline lc_money lc_money_zero(void) { lc_money m = {0}; return m; }
static inline int lc_money_is_zero(lc_money m) { return m.atto == 0; }
static inline int lc_money_cmp(lc_money a, lc_money b) { return (a.atto > b.atto) - (a.atto < b.atto); }

/* a + b; returns LC_RANGE on overflow (then *out is unchanged). */
int lc_money_add(lc_money a, lc_money b, lc_money *out);
/* a - b; LC_RANGE on overflow. */
int lc_money_sub(lc_money a, lc_money b, lc_money *out);
/* a * n (n an integer count such as tokens); LC_RANGE on overflow. */
int lc_money_mul_int(lc_money a, int64_t n, lc_money *out);
/* a * (num / den), rounded half-even to the atto unit: for ratios such as a 50% batch
 * discount (1/2) or a 1.25x cache-write multiplier (5/4). den > 0. LC_RANGE on overflow. */
int lc_money_mul_ratio(lc_money a, int64_t num, int64_t den, lc_money *out);
/* a * b where b is a decimal factor (an FX rate, a multiplier), rounded half-even to the atto
 * unit. LC_RANGE on overflow. */
int lc_money_mul_dec(lc_money a, lc_money factor, lc_money *out);
/* a / n rounded half-even (averages, per-unit prices). n != 0. */
int lc_money_div_int(lc_money a, int64_t n, lc_money *out);

/*
 * Parse an exact decimal: optional sign, digits, optional fraction, optional exponent
 * ("0.075", "-3", "1.5e-07", "6.25E-6"). Digits beyond 10^-18 must be zeros (else LC_RANGE):
 * nothing is silently rounded. len may be (size_t)-1 for a NUL-terminated string.
 * Returns LC_PARSE on malformed text.
 */
int lc_money_parse(const char *s, size_t len, lc_money *out);

/* Scale by a power of ten: m * 10^exp10 (exp10 may be negative; then the result must be exact
 * or LC_RANGE is returned). Used to turn a per-million price into a per-token one. */
int lc_money_scale10(lc_money m, int exp10, lc_money *out);

/*
 * Format into buf (cap bytes incl. NUL). places < 0: exact, trailing zeros trimmed, at least
 * one digit ("0", "0.0033475", "-12.5"). places >= 0: rounded half-even to that many decimals
 * and padded ("0.00", "1234.57"). Returns the length written, or LC_LIMIT if cap is too small.
 * LC_MONEY_STRMAX is always enough.
 */
#define LC_MONEY_STRMAX 64
int lc_money_format(lc_money m, int places, char *buf, size_t cap);

/* Convenience for per-million display: m * 10^6 exact, formatted as above. */
int lc_money_format_per_mtok(lc_money per_token, char *buf, size_t cap);

/* ------------------------------------------------------------------ time */

/* Instants are milliseconds since the Unix epoch, UTC. */
typedef int64_t lc_time_ms;

/*
 * Parse an RFC 3339 / ISO 8601 timestamp ("2025-11-03T01:53:57.236Z", "...+02:00",
 * "2025-11-03 01:53:57Z"). A bare date "2025-11-03" is midnight UTC. A date-time without a
 * zone is refused with LC_PARSE unless allow_no_zone is set (then it is taken as UTC):
 * guessing a zone silently moves usage between days.
 */
int lc_time_parse(const char *s, size_t len, int allow_no_zone, lc_time_ms *out);

/* Format as "2025-11-03T01:53:57.236Z" (always UTC, millisecond precision). buf >= 32. */
void lc_time_format(lc_time_ms t, char *buf, size_t cap);

/* Current wall-clock time. */
lc_time_ms lc_time_now(void);

/* Civil calendar date in a time zone, for day/week/month buckets. */
typedef struct lc_date {
	int year, month, day; /* month 1..12, day 1..31 */
	int wday;             /* 0 = Sunday */
} lc_date;

/* Convert t to the civil date in zone tz (IANA name like "Europe/Paris", "UTC", or NULL/""
 * for the process's local zone). Returns LC_NOTFOUND for an unknown zone name.
 * Not thread-safe with other time-zone calls (it uses the C library's TZ machinery). */
int lc_time_to_date(lc_time_ms t, const char *tz, lc_date *out);

/* Midnight at the start of civil date d in zone tz, as an instant. */
int lc_date_to_time(const lc_date *d, const char *tz, lc_time_ms *out);

/* ------------------------------------------------------------------ buffers */

/*
 * lc_buf: a growable byte buffer with a hard cap, for everything fed by outside input
 * (as curl's dynbuf). Always NUL-terminated after a successful append. Zero-init then
 * lc_buf_init to set the cap; lc_buf_free releases; free(NULL)-style safe.
 */
typedef struct lc_buf {
	char *data;
	size_t len;
	size_t cap;     /* allocated bytes */
	size_t max;     /* hard limit on len; appends past it fail with LC_LIMIT */
} lc_buf;

void lc_buf_init(lc_buf *b, size_t max);
void lc_buf_free(lc_buf *b);
void lc_buf_reset(lc_buf *b); /* len = 0, keeps memory */
int lc_buf_append(lc_buf *b, const void *p, size_t n);
int lc_buf_puts(lc_buf *b, const char *s);
int lc_buf_printf(lc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal, quotes included, escaping as RFC 8259 requires. */
int lc_buf_json_str(lc_buf *b, const char *s, size_t len);

/* ------------------------------------------------------------------ files */

/* Read a whole file into a new buffer (caller frees *out with free()). Fails with LC_LIMIT
 * when the file is larger than max bytes; "-" reads standard input. */
int lc_read_file(const char *path, size_t max, char **out, size_t *len, lc_error *err);

/* The Chart.js library (from Debian's libjs-chart.js, MIT licence) embedded at build time, for
 * self-contained HTML reports. Static storage; *len receives its length in bytes. */
const char *lc_chartjs(size_t *len);

/* The library's version string, "MAJOR.MINOR.PATCH". */
const char *lc_version(void);

#ifdef __cplusplus
}
#endif
#endif
