/*
 * error.c - the library's one error type: code-to-text and the message-carrying lc_error.
 * Library code fills an lc_error and returns its code; only front ends print.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "llmcost/core.h"

const char *lc_strerror(int code)
{
	switch (code) {
#define LC_ERR_STR_(name, val, msg) \
	case (val):                 \
		return msg;
		LC_ERRNO_MAP(LC_ERR_STR_)
#undef LC_ERR_STR_
	}
	return "unknown error";
}

int lc_error_set(lc_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

int lc_error_prefix(lc_error *err, const char *fmt, ...)
{
	char pre[LC_ERRMSG_MAX], old[LC_ERRMSG_MAX];
	va_list ap;

	if (!err)
		return LC_INTERNAL;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	{
		/* truncation of an over-long message is acceptable; it stays NUL-terminated */
		size_t n = strlen(pre);
		if (n >= sizeof err->msg)
			n = sizeof err->msg - 1;
		memcpy(err->msg, pre, n);
		snprintf(err->msg + n, sizeof err->msg - n, "%.*s", (int)(sizeof err->msg - n - 1), old);
	}
	return err->code;
}

const char *lc_version(void)
{
	return LLMCOST_VERSION;
}
