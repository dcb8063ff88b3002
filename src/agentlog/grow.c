/*
 * grow.c - two small helpers the agent-log readers share: doubling growth of an array and
 * the 64-bit FNV-1a hash of a byte string (dedup keys, file identities). They lived beside
 * the JSON scanner until that moved down to src/usage/jscan.c for the gateway.
 */
#include <stdint.h>
#include <stdlib.h>

#include "agentlog/agentlog_int.h"

void *al_grow(void *v, size_t n, size_t *cap, size_t elem, size_t first)
{
	size_t nc;
	void *nv;
	if (n < *cap)
		return v;
	nc = *cap ? *cap * 2 : first;
	if (nc < *cap || nc > SIZE_MAX / elem || !(nv = realloc(v, nc * elem)))
		return NULL;
	*cap = nc;
	return nv;
}

uint64_t al_hash64(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 14695981039346656037ULL;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}
