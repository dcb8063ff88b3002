/* Unit tests for timestamps: RFC 3339 parsing, formatting, civil dates in zones. */
#include "tests/harness.h"

TEST(time_parse_forms)
{
	lc_time_ms t;
	char b[40];
	CHECK_INT(lc_time_parse("2025-11-03T01:53:57.236Z", (size_t)-1, 0, &t), 0);
	CHECK_INT(t, 1762134837236LL);
	lc_time_format(t, b, sizeof b);
	CHECK_STR(b, "2025-11-03T01:53:57.236Z");
	CHECK_INT(lc_time_parse("2025-11-03T03:53:57.236+02:00", (size_t)-1, 0, &t), 0);
	CHECK_INT(t, 1762134837236LL);
	CHECK_INT(lc_time_parse("2025-11-03", (size_t)-1, 0, &t), 0);
	CHECK_INT(t, 1762128000000LL);
	CHECK_INT(lc_time_parse("2025-11-03T01:53:57.236123456Z", (size_t)-1, 0, &t), 0);
	CHECK_INT(t, 1762134837236LL);
	CHECK_INT(lc_time_parse("1969-12-31T23:59:59.999Z", (size_t)-1, 0, &t), 0);
	CHECK_INT(t, -1);
	lc_time_format(t, b, sizeof b);
	CHECK_STR(b, "1969-12-31T23:59:59.999Z");
}

TEST(time_parse_rejects)
{
	lc_time_ms t;
	CHECK_INT(lc_time_parse("2025-11-03T01:53:57", (size_t)-1, 0, &t), LC_PARSE);
	CHECK_INT(lc_time_parse("2025-11-03T01:53:57", (size_t)-1, 1, &t), 0);
	CHECK_INT(lc_time_parse("2025-02-29", (size_t)-1, 0, &t), LC_RANGE);
	CHECK_INT(lc_time_parse("2024-02-29", (size_t)-1, 0, &t), 0);
	CHECK_INT(lc_time_parse("2025-13-01", (size_t)-1, 0, &t), LC_RANGE);
	CHECK_INT(lc_time_parse("2025-11-03T25:00:00Z", (size_t)-1, 0, &t), LC_RANGE);
	CHECK_INT(lc_time_parse("2025-11-03Tx", (size_t)-1, 0, &t), LC_PARSE);
	CHECK_INT(lc_time_parse("yesterday", (size_t)-1, 0, &t), LC_PARSE);
	CHECK_INT(lc_time_parse("2025-11-03T01:53:57Zjunk", (size_t)-1, 0, &t), LC_PARSE);
}

TEST(time_dates_in_zones)
{
	lc_time_ms t, back;
	lc_date d;
	CHECK_INT(lc_time_parse("2025-11-03T01:53:57Z", (size_t)-1, 0, &t), 0);
	CHECK_INT(lc_time_to_date(t, "UTC", &d), 0);
	CHECK_INT(d.day, 3);
	CHECK_INT(lc_time_to_date(t, "America/New_York", &d), 0);
	CHECK_INT(d.day, 2);
	CHECK_INT(d.month, 11);
	CHECK_INT(lc_date_to_time(&d, "America/New_York", &back), 0);
	CHECK_INT(back, 1762056000000LL); /* 04:00Z: EDT until 02:00 local that day */
	CHECK_INT(lc_time_to_date(t, "Nowhere/Atlantis", &d), LC_NOTFOUND);
	CHECK_INT(lc_time_to_date(t, "../etc/passwd", &d), LC_NOTFOUND);
}
