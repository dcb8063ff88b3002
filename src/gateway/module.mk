# src/gateway/module.mk - the gateway's extra build rules: libnettle for SHA-256 of virtual
# keys, and the deterministic mock upstream (tools/mock-upstream.c, a thin main around
# src/gateway/mock.c) that tests, the demo and the benchmark put behind the gateway.
LDLIBS += -lnettle
# The gateway needs the ledger, pricing and usage modules. While they are built on other
# branches it refers to them weakly (src/gateway/deps.h) so that it links and refuses to
# start; once their sources are here it refers to them normally.
ifneq ($(and $(wildcard src/ledger/*.c),$(wildcard src/catalog/*.c),$(wildcard src/usage/response.c)),)
CFLAGS += -DLC_GW_LINKED_DEPS
endif

all: $(BUILD)/mock-upstream

$(BUILD)/mock-upstream: $(BUILD)/tools/mock-upstream.o $(BUILD)/libllmcost.a
	$(E) "  LD    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libllmcost.a $(LDLIBS)
