# llmcost - build, test, run. `make run` and `make test` are the README's two commands.
#
# Layout the rules rely on (add files, not rules):
#   src/<module>/*.c          the library, one folder per module  -> build/libllmcost.a
#   src/<module>/tests/*.c    unit tests for that module (TEST() from tests/harness.h)
#   src/<module>/module.mk    optional extra rules for a module (generated sources, data)
#   cli/*.c                   the command-line program             -> build/llmcost
#   fuzz/<name>.c             fuzz targets (LLVMFuzzerTestOneInput), corpora in fuzz/corpus/<name>/
#   tests/cli/*.t             data-driven CLI tests (see tests/cli/README.md)
#
# SAN=1 builds with AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/.

# A plain `make` builds everything (module.mk files define rules before `all`).
.DEFAULT_GOAL := all

SAN ?= 0
ifeq ($(SAN),1)
BUILD ?= build-asan
OPT ?= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
OPT ?= -O2 -g
endif

CC ?= cc
PKGS := json-c sqlite3 yaml-0.1 gsl libuv libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
VERSION := 0.1.0

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wno-format-nonliteral -Werror
CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -Iinclude -Isrc -I. -I$(BUILD)/gen \
	-DLLMCOST_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS := $(PKG_LIBS) -lhttp_parser -lpthread -lm

LIB_SRC := $(sort $(wildcard src/*/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC := tests/harness.c $(sort $(wildcard src/*/tests/*.c))
FUZZ_SRC := $(sort $(wildcard fuzz/*.c))
FUZZ_SRC := $(filter-out fuzz/replay.c,$(FUZZ_SRC))

# Modules may add generated sources to GEN_SRC and objects to GEN_OBJ in their module.mk.
GEN_SRC :=
GEN_OBJ :=
-include $(wildcard src/*/module.mk)

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(GEN_SRC:%.c=$(BUILD)/%.o) $(GEN_OBJ)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz-%)

.PHONY: all deps run test check unit clean bench fuzz install
.SECONDARY:
all: $(BUILD)/llmcost $(BUILD)/unit-tests $(FUZZ_BIN)

deps:
	@sh scripts/deps.sh

V ?= 0
ifeq ($(V),0)
Q := @
E := @echo
else
Q :=
E := @true
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(E) "  CC    $<"
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libllmcost.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/llmcost: $(CLI_OBJ) $(BUILD)/libllmcost.a
	$(E) "  LD    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libllmcost.a $(LDLIBS)

$(BUILD)/unit-tests: $(TEST_OBJ) $(BUILD)/libllmcost.a
	$(E) "  LD    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(TEST_OBJ) $(BUILD)/libllmcost.a $(LDLIBS)

# Fuzz targets link with a replay driver so that `make test` replays their corpora with gcc;
# `make fuzz` (clang) builds real libFuzzer binaries.
$(BUILD)/fuzz-%: $(BUILD)/fuzz/%.o $(BUILD)/fuzz/replay.o $(BUILD)/libllmcost.a
	$(E) "  LD    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(BUILD)/fuzz/replay.o $(BUILD)/libllmcost.a $(LDLIBS)

fuzz:
	@command -v clang >/dev/null || { echo "make fuzz needs clang (apt-get install clang)"; exit 2; }
	$(MAKE) BUILD=build-fuzz CC=clang OPT='-O1 -g -fsanitize=fuzzer-no-link,address,undefined' lib-only
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
	    -Ibuild-fuzz/gen $(PKG_CFLAGS) $$f build-fuzz/libllmcost.a $(LDLIBS) -o build-fuzz/fuzz-$$n || exit 1; \
	  echo "built build-fuzz/fuzz-$$n  (run: build-fuzz/fuzz-$$n fuzz/corpus/$$n)"; done

.PHONY: lib-only
lib-only: $(BUILD)/libllmcost.a

# The README's first command: install what is missing, build, run the main job.
run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BUILD)
	@sh scripts/gateway-demo.sh $(BUILD)

# The README's second command: build normally and with sanitizers, run every suite in both.
test check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory SAN=1 all
	@sh tests/run.sh build build-asan

bench: deps all
	@sh bench/run all

PREFIX ?= /usr/local
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/llmcost \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/llmcost $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libllmcost.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/llmcost.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 include/llmcost/*.h $(DESTDIR)$(PREFIX)/include/llmcost/
	install -m 644 docs/llmcost.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
