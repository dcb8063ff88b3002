# src/plan/module.mk - Chart.js (Debian libjs-chart.js, MIT) embedded at build time for the
# break-even chart of `llmcost plan breakeven --html`: the HTML file is self-contained and
# nothing is fetched when it is opened.

PLAN_CHARTJS ?= /usr/share/javascript/chart.js/chart.min.js

$(BUILD)/gen/plan_chartjs.c: $(PLAN_CHARTJS) src/plan/module.mk
	@mkdir -p $(dir $@)
	$(E) "  GEN   $@"
	$(Q){ echo '/* generated from $(PLAN_CHARTJS) by src/plan/module.mk; do not edit */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const char lc_plan_chartjs[];'; \
	  echo 'extern const size_t lc_plan_chartjs_len;'; \
	  echo 'const char lc_plan_chartjs[] = {'; \
	  od -An -v -tx1 $(PLAN_CHARTJS) | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0};'; \
	  echo 'const size_t lc_plan_chartjs_len = sizeof lc_plan_chartjs - 1;'; } > $@.tmp && mv $@.tmp $@

# a large table: no debug info or optimisation needed to compile it
$(BUILD)/gen/plan_chartjs.o: $(BUILD)/gen/plan_chartjs.c
	$(E) "  CC    $<"
	$(Q)$(CC) $(CFLAGS) -g0 -O0 -c $< -o $@

GEN_OBJ += $(BUILD)/gen/plan_chartjs.o
