/*
 * vocab_blob.S - links the compiled vocabularies (built by gen/mkvocab, see module.mk)
 * into the library as read-only data, so a tokenizer needs no loading at run time.
 */
	.section .rodata
	.balign 64
	.globl lc_vocab_o200k_base
lc_vocab_o200k_base:
	.incbin O200K_BIN
	.balign 64
	.globl lc_vocab_cl100k_base
lc_vocab_cl100k_base:
	.incbin CL100K_BIN
	.section .note.GNU-stack,"",@progbits
