/* SPDX-License-Identifier: MIT */
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), four bits at a
 * time from a 16-entry table (64 bytes): recovery and the walk behind
 * the damage report check every frame on the store, so a bit-by-bit loop
 * (a branch per bit) was most of their time.  Pure; shared with the host
 * tool.
 */
#include "init/journal/crc32c.h"

/* The CRC of each 4-bit value: entry i is i shifted through the
 * reflected polynomial four times. */
static const uint32_t crc_nibble[16] = {
	0x00000000, 0x105ec76f, 0x20bd8ede, 0x30e349b1, 0x417b1dbc, 0x5125dad3, 0x61c69362, 0x7198540d,
	0x82f63b78, 0x92a8fc17, 0xa24bb5a6, 0xb21572c9, 0xc38d26c4, 0xd3d3e1ab, 0xe330a81a, 0xf36e6f75,
};

uint32_t crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *bytes = buf;
	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= bytes[i];
		crc = crc >> 4 ^ crc_nibble[crc & 15];   /* the low four bits */
		crc = crc >> 4 ^ crc_nibble[crc & 15];   /* the high four */
	}
	return ~crc;
}
