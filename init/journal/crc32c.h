/* SPDX-License-Identifier: MIT */
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, init and final
 * xor 0xFFFFFFFF), the checksum of every journal frame (init/journal/jframe.h).
 * Check value: crc32c(0, "123456789", 9) == 0xE3069283.
 */
#ifndef KEEL_CRC32C_H
#define KEEL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Continue a CRC: pass 0 to start, the previous result to extend. */
uint32_t crc32c(uint32_t crc, const void *buf, size_t len);

#endif
