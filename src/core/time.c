/*
 * time.c - timestamps (UTC milliseconds), RFC 3339 parsing and formatting, and civil dates
 * in a time zone for report buckets. Civil<->days arithmetic is Howard Hinnant's algorithm
 * (proleptic Gregorian, no tables); zone rules come from the C library's tz database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

#include "llmcost/core.h"

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int mdays(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* Read exactly n digits at *p (bounded by end). */
static int digits(const char **p, const char *end, int n, int *out)
{
	int v = 0;
	while (n--) {
		if (*p >= end || **p < '0' || **p > '9')
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	*out = v;
	return 0;
}

int lc_time_parse(const char *s, size_t len, int allow_no_zone, lc_time_ms *out)
{
	const char *p = s, *end;
	int Y, M, D, h = 0, mi = 0, sec = 0, ms = 0, off = 0;

	if (len == (size_t)-1)
		len = strlen(s);
	end = s + len;
	if (digits(&p, end, 4, &Y) || p >= end || *p++ != '-' || digits(&p, end, 2, &M) ||
	    p >= end || *p++ != '-' || digits(&p, end, 2, &D))
		return LC_PARSE;
	if (M < 1 || M > 12 || D < 1 || D > mdays(Y, M))
		return LC_RANGE;
	if (p == end)
		goto done; /* a bare date: midnight UTC */
	if (*p != 'T' && *p != 't' && *p != ' ')
		return LC_PARSE;
	p++;
	if (digits(&p, end, 2, &h) || p >= end || *p++ != ':' || digits(&p, end, 2, &mi))
		return LC_PARSE;
	if (p < end && *p == ':') {
		p++;
		if (digits(&p, end, 2, &sec))
			return LC_PARSE;
		if (p < end && (*p == '.' || *p == ',')) {
			int nd = 0;
			p++;
			while (p < end && *p >= '0' && *p <= '9') {
				if (nd < 3)
					ms = ms * 10 + (*p - '0');
				nd++;
				p++;
			}
			if (!nd)
				return LC_PARSE;
			for (; nd < 3; nd++)
				ms *= 10;
		}
	}
	if (h > 23 || mi > 59 || sec > 60)
		return LC_RANGE;
	if (sec == 60)
		sec = 59; /* a leap second lands on the last representable millisecond's second */
	if (p == end) {
		if (!allow_no_zone)
			return LC_PARSE;
	} else if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
		if (digits(&p, end, 2, &oh))
			return LC_PARSE;
		if (p < end && *p == ':')
			p++;
		if (p < end && digits(&p, end, 2, &om))
			return LC_PARSE;
		if (oh > 23 || om > 59)
			return LC_RANGE;
		off = sign * (oh * 60 + om);
	} else {
		return LC_PARSE;
	}
	if (p != end)
		return LC_PARSE;
done:
	*out = ((days_from_civil(Y, M, D) * 86400 + h * 3600 + mi * 60 + sec) - (int64_t)off * 60) *
		       1000 +
	       ms;
	return LC_OK;
}

void lc_time_format(lc_time_ms t, char *buf, size_t cap)
{
	int64_t secs = t >= 0 ? t / 1000 : (t - 999) / 1000;
	int ms = (int)(t - secs * 1000);
	int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int64_t rem = secs - days * 86400;
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, (int)(rem / 3600),
		 (int)(rem % 3600 / 60), (int)(rem % 60), ms);
}

lc_time_ms lc_time_now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (lc_time_ms)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Switch the C library to zone tz ("" or NULL: the process's own). Remembers the last zone
 * so repeated calls cost nothing. Returns LC_NOTFOUND for an unknown zone name. */
static int use_zone(const char *tz)
{
	static char current[128] = "\x01"; /* never a real zone name */
	static char *orig = NULL;
	static int orig_saved = 0;
	char path[256];

	if (!tz)
		tz = "";
	if (strcmp(current, tz) == 0)
		return LC_OK;
	if (!orig_saved) {
		const char *o = getenv("TZ");
		orig = o ? strdup(o) : NULL;
		orig_saved = 1;
	}
	if (*tz) {
		if (strlen(tz) >= sizeof current || strstr(tz, ".."))
			return LC_NOTFOUND;
		if (strcmp(tz, "UTC") != 0 && strcmp(tz, "Z") != 0) {
			FILE *f;
			snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
			f = fopen(path, "rb");
			if (!f)
				return LC_NOTFOUND;
			fclose(f);
		}
		setenv("TZ", strcmp(tz, "Z") == 0 ? "UTC" : tz, 1);
	} else if (orig) {
		setenv("TZ", orig, 1);
	} else {
		unsetenv("TZ");
	}
	tzset();
	snprintf(current, sizeof current, "%s", tz);
	return LC_OK;
}

int lc_time_to_date(lc_time_ms t, const char *tz, lc_date *out)
{
	time_t secs = (time_t)(t >= 0 ? t / 1000 : (t - 999) / 1000);
	struct tm tm;
	int rc = use_zone(tz);

	if (rc)
		return rc;
	if (!localtime_r(&secs, &tm))
		return LC_RANGE;
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->wday = tm.tm_wday;
	return LC_OK;
}

int lc_date_to_time(const lc_date *d, const char *tz, lc_time_ms *out)
{
	struct tm tm;
	time_t secs;
	int rc = use_zone(tz);

	if (rc)
		return rc;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = d->year - 1900;
	tm.tm_mon = d->month - 1;
	tm.tm_mday = d->day;
	tm.tm_isdst = -1;
	secs = mktime(&tm);
	if (secs == (time_t)-1 && !(d->year == 1969 && d->month == 12 && d->day == 31))
		return LC_RANGE;
	*out = (lc_time_ms)secs * 1000;
	return LC_OK;
}
