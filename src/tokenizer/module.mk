# src/tokenizer/module.mk - the tokenizer's generated parts (included by the Makefile).
#
#  - The vocabularies: data/tokenizers/NAME.tiktoken.gz is unpacked, its sha256 checked
#    against OpenAI's published value (the build stops on a mismatch), and compiled by
#    gen/mkvocab into a ready-to-use hash table blob, linked in by vocab_blob.S.
#  - The Unicode table: gen/mkucd reads the Unicode Character Database of the Debian
#    package unicode-data (scripts/packages.txt), brings it to Unicode 16.0 (tiktoken's
#    version) with the committed data/unicode/ucd-16.0-delta.txt, and writes a two-stage
#    flags table.
#
# The generators run on the build machine, so they are compiled without sanitizers.

TOK_GEN := $(BUILD)/gen/tokenizer
UCD_DIR ?= /usr/share/unicode
TOK_SHA_o200k_base := 446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d
TOK_SHA_cl100k_base := 223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7
TOK_HOSTCC := $(CC) -std=c11 -O2 -Wall -Wextra -Werror -Isrc

$(TOK_GEN)/mkvocab: src/tokenizer/gen/mkvocab.c src/tokenizer/vocab.h
	@mkdir -p $(dir $@)
	$(E) "  HOSTCC $@"
	$(Q)$(TOK_HOSTCC) -o $@ $<

$(TOK_GEN)/mkucd: src/tokenizer/gen/mkucd.c src/tokenizer/ucd.h
	@mkdir -p $(dir $@)
	$(E) "  HOSTCC $@"
	$(Q)$(TOK_HOSTCC) -o $@ $<

$(TOK_GEN)/%.bin: data/tokenizers/%.tiktoken.gz $(TOK_GEN)/mkvocab
	$(E) "  VOCAB $@"
	$(Q)gzip -dc $< > $@.src
	$(Q)echo "$(TOK_SHA_$*)  $@.src" | sha256sum -c --status || \
	  { echo "$<: sha256 differs from OpenAI's published $(TOK_SHA_$*)" >&2; rm -f $@.src; exit 1; }
	$(Q)$(TOK_GEN)/mkvocab $@.src $@.tmp && mv $@.tmp $@ && rm -f $@.src

$(TOK_GEN)/vocab_blob.o: src/tokenizer/vocab_blob.S $(TOK_GEN)/o200k_base.bin $(TOK_GEN)/cl100k_base.bin
	$(E) "  AS    $<"
	$(Q)$(CC) -c -DO200K_BIN='"$(TOK_GEN)/o200k_base.bin"' \
	  -DCL100K_BIN='"$(TOK_GEN)/cl100k_base.bin"' $< -o $@

$(BUILD)/gen/tok_ucd.c: $(TOK_GEN)/mkucd $(UCD_DIR)/UnicodeData.txt $(UCD_DIR)/PropList.txt \
		data/unicode/ucd-16.0-delta.txt
	$(E) "  UCD   $@"
	$(Q)$(TOK_GEN)/mkucd $(UCD_DIR)/UnicodeData.txt $(UCD_DIR)/PropList.txt \
	  data/unicode/ucd-16.0-delta.txt $@.tmp && mv $@.tmp $@

GEN_SRC += $(BUILD)/gen/tok_ucd.c
GEN_OBJ += $(TOK_GEN)/vocab_blob.o
