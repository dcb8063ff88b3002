/*
 * ucd.h - the Unicode properties the pre-tokenization patterns ask about, one byte of
 * flags per code point, from a table generated at build time (gen/mkucd.c) out of the
 * Unicode Character Database (Debian package unicode-data) brought to Unicode 16.0, the
 * version tiktoken's regex engine uses, by data/unicode/ucd-16.0-delta.txt.
 *
 * The flags mirror the regex classes of tiktoken's patterns: \p{L}, \p{N}, \p{M}, \s
 * (Unicode White_Space, as the Rust regex crate defines \s), and o200k_base's two case
 * classes [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] ("upper-ish") and [\p{Ll}\p{Lm}\p{Lo}\p{M}]
 * ("lower-ish"). Unassigned code points have no flags.
 */
#ifndef LC_TOKENIZER_UCD_H
#define LC_TOKENIZER_UCD_H

#include <stdint.h>

enum {
	LC_UC_L = 1,
	LC_UC_N = 2,
	LC_UC_M = 4,
	LC_UC_WS = 8,
	LC_UC_UPPERISH = 16,
	LC_UC_LOWERISH = 32
};

extern const unsigned char lc_ucd_stage1[0x110000 / 256];
extern const unsigned char lc_ucd_stage2[][256];

static inline unsigned lc_ucd_flags(uint32_t cp)
{
	return cp < 0x110000 ? lc_ucd_stage2[lc_ucd_stage1[cp >> 8]][cp & 255] : 0;
}

#endif
