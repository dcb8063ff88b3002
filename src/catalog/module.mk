# src/catalog/module.mk - the bundled price catalog, generated at build time.
#
# catalog-gen (src/catalog/gen/catalog_gen.c + the core and catalog objects) loads the
# genai-prices and LiteLLM files with the library's own loaders and writes the merged
# catalog as C initializers; the library links that table, so opening the default catalog
# parses nothing. Regular-expression match rules use PCRE2.

CATALOG_GENAI := data/prices/genai-prices-0.1.8.json
CATALOG_LITELLM := data/prices/litellm-2026-08-01.json
CATALOG_VERSION := gp0.1.8+ll2026-08-01

LDLIBS += $(shell pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)

CATALOG_GEN_SRC := $(filter-out src/core/assets.c,$(wildcard src/core/*.c)) $(wildcard src/catalog/*.c) $(wildcard src/usage/*.c) \
	src/catalog/gen/catalog_gen.c
CATALOG_GEN_OBJ := $(CATALOG_GEN_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/catalog-gen: $(CATALOG_GEN_OBJ)
	$(E) "  LD    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(CATALOG_GEN_OBJ) $(LDLIBS)

$(BUILD)/gen/catalog_data.c: $(BUILD)/catalog-gen $(CATALOG_GENAI) $(CATALOG_LITELLM)
	@mkdir -p $(dir $@)
	$(E) "  GEN   $@"
	$(Q)ASAN_OPTIONS=detect_leaks=0 $(BUILD)/catalog-gen $(CATALOG_GENAI) $(CATALOG_LITELLM) \
		$(CATALOG_VERSION) $@.tmp 2>/dev/null && mv $@.tmp $@

# a large table: no debug info or optimisation needed to compile it
$(BUILD)/gen/catalog_data.o: $(BUILD)/gen/catalog_data.c src/catalog/catalog.h include/llmcost/pricing.h
	$(E) "  CC    $<"
	$(Q)$(CC) $(CFLAGS) -g0 -O0 -c $< -o $@

GEN_OBJ += $(BUILD)/gen/catalog_data.o
