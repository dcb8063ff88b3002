# src/core/module.mk - Chart.js (Debian libjs-chart.js, MIT) embedded at build time for the
# HTML reports (`plan breakeven --html`, `roi --html`): each page is self-contained and
# nothing is fetched when it is opened. lc_chartjs() in src/core/assets.c serves it.

CHARTJS_JS ?= /usr/share/javascript/chart.js/chart.min.js

$(BUILD)/gen/chartjs_data.c: $(CHARTJS_JS) src/core/module.mk
	@mkdir -p $(dir $@)
	$(E) "  GEN   $@"
	$(Q){ echo '/* generated from $(CHARTJS_JS) by src/core/module.mk; do not edit */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const char lc_chartjs_data[];'; \
	  echo 'extern const size_t lc_chartjs_data_len;'; \
	  echo 'const char lc_chartjs_data[] = {'; \
	  od -An -v -tx1 $(CHARTJS_JS) | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0};'; \
	  echo 'const size_t lc_chartjs_data_len = sizeof lc_chartjs_data - 1;'; } > $@.tmp && mv $@.tmp $@

# a large table: no debug info or optimisation needed to compile it
$(BUILD)/gen/chartjs_data.o: $(BUILD)/gen/chartjs_data.c
	$(E) "  CC    $<"
	$(Q)$(CC) $(CFLAGS) -g0 -O0 -c $< -o $@

GEN_OBJ += $(BUILD)/gen/chartjs_data.o
