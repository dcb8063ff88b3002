/* roi_html.c - placeholder replaced below */
#include "roi.h"
int roi_write_html(const roi_run *r, const char *out, lc_error *err)
{
	(void)r;
	(void)out;
	return lc_error_set(err, LC_UNSUPPORTED, "--html is not built yet");
}
