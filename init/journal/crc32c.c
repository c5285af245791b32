/* SPDX-License-Identifier: MIT */
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit: no
 * table, a few dozen bytes of code.  The journal checks a frame (about
 * 30 bytes) at a time, so speed does not matter.  Pure; shared with the
 * host tool.
 */
#include "init/journal/crc32c.h"

#define CRC32C_POLY 0x82f63b78u

uint32_t crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *bytes = buf;
	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= bytes[i];
		for (int bit = 0; bit < 8; bit++) {
			if (crc & 1)
				crc = crc >> 1 ^ CRC32C_POLY;
			else
				crc >>= 1;
		}
	}
	return ~crc;
}
