# src/gateway/module.mk - the gateway's extra build rules: libnettle for SHA-256 of virtual
# keys, and the deterministic mock upstream (tools/mock-upstream.c, a thin main around
# src/gateway/mock.c) that tests, the demo and the benchmark put behind the gateway.
LDLIBS += -lnettle
all: $(BUILD)/mock-upstream

$(BUILD)/mock-upstream: $(BUILD)/tools/mock-upstream.o $(BUILD)/libllmcost.a
	$(E) "  LD    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libllmcost.a $(LDLIBS)
