/* SPDX-License-Identifier: MIT */
/*
 * The journal's layout (init/journal/jlayout.h): laid out from a store's
 * geometry, and packed into (and unpacked from) a SNAPSHOT's value.
 */
#include <errno.h>
#include <stdbool.h>

#include "init/journal/jlayout.h"

#define SEG_SIZE_SHIFT  0           /* log2(seg_size), 5 bits */
#define PROG_UNIT_SHIFT 5           /* log2(prog_unit), 5 bits */
#define SEG_COUNT_SHIFT 10          /* seg_count, the rest */
#define LOG2_MASK       31u

static bool power_of_two(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

int jlayout_of_store(const struct store_geom *geom, struct jlayout *l)
{
	uint32_t seg_size = JSEG_MIN;
	if (geom->erase > seg_size)
		seg_size = geom->erase;
	while (geom->size / seg_size > JSEG_COUNT_MAX)
		seg_size <<= 1;
	l->seg_size = seg_size;
	l->seg_count = geom->size / seg_size;
	l->prog_unit = geom->prog;
	if (!power_of_two(seg_size) || !power_of_two(l->prog_unit) || l->prog_unit > JF_MAX || l->seg_count < 2 ||
	    seg_size > JSEG_MAX)
		return -EINVAL;
	return 0;
}

uint32_t jlayout_pack(const struct jlayout *l)
{
	uint32_t seg_size_log2 = (uint32_t)__builtin_ctz(l->seg_size);
	uint32_t prog_unit_log2 = (uint32_t)__builtin_ctz(l->prog_unit);
	return seg_size_log2 << SEG_SIZE_SHIFT | prog_unit_log2 << PROG_UNIT_SHIFT | l->seg_count << SEG_COUNT_SHIFT;
}

int jlayout_unpack(uint32_t value, struct jlayout *l)
{
	l->seg_size = 1u << (value >> SEG_SIZE_SHIFT & LOG2_MASK);
	l->prog_unit = 1u << (value >> PROG_UNIT_SHIFT & LOG2_MASK);
	l->seg_count = value >> SEG_COUNT_SHIFT;
	if (l->seg_size < JSEG_MIN || l->seg_size > JSEG_MAX || l->prog_unit > JF_MAX)
		return -EINVAL;
	if (l->seg_count < 2 || l->seg_count > JSEG_COUNT_MAX || l->seg_count > STORE_MAX / l->seg_size)
		return -EINVAL;
	return 0;
}
