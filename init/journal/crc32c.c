/* SPDX-License-Identifier: MIT */
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit: no
 * table, a few dozen bytes of code.  The journal checks a frame (about
 * 30 bytes) at a time, so speed does not matter.  Pure; shared with the
 * host tool.
 */
#include "init/journal/crc32c.h"

uint32_t crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0x82f63b78 & -(crc & 1));
	}
	return ~crc;
}
