/* SPDX-License-Identifier: MIT */
/*
 * Journal storage behind one small ops table, so the journal code never
 * knows whether it writes a regular file, a block device, an MTD
 * character device or (in tests) a fault-injecting RAM simulator.
 * Offsets are bytes from the start of the journal area.  prog() is
 * durable when it returns 0 (file and block: pwrite + fdatasync; MTD:
 * write() programs synchronously).  erase() sets [off, off+len) to 0xFF;
 * off and len are multiples of geom.erase.  Every call returns 0 or -errno.
 */
#ifndef KEEL_STORE_H
#define KEEL_STORE_H

#include <stdint.h>

#define STORE_RDONLY  1u   /* opened for reading only (the host tool) */
#define STORE_MTD     2u   /* an MTD device: MEMERASE, no fdatasync */
#define STORE_NOERASE 4u   /* an MTD device without erase (mtdram): erase writes 0xFF */
#define STORE_MAX     (256u << 20)   /* bytes used at most, whatever the device or file size */

struct store_geom {
	uint32_t size;      /* bytes usable */
	uint32_t erase;     /* erase block, a power of two */
	uint32_t prog;      /* program unit the journal aligns frames to, a power of two */
	uint32_t flags;     /* STORE_* */
};

struct store;

struct store_ops {
	int (*read)(struct store *s, uint32_t off, void *buf, uint32_t len);
	int (*prog)(struct store *s, uint32_t off, const void *buf, uint32_t len);
	int (*erase)(struct store *s, uint32_t off, uint32_t len);
	void (*close)(struct store *s);
};

struct store {
	const struct store_ops *ops;
	struct store_geom geom;
	int fd;              /* the fd back-end */
	void *ctx;           /* simulators */
};

/* Open path as a journal store, by file type: a character device is an
 * MTD device (MEMGETINFO: erase block, P = max(writesize, 16)); a block
 * device a raw partition (E 4096, P 512; at most size bytes of it if size
 * is not 0); anything else a regular file (E 4096, P 16), created when
 * missing and extended with 0xFF to size bytes when shorter (then synced
 * with its file system, so the directory entry is durable too).  flags:
 * STORE_RDONLY opens for reading only and never creates or extends.
 * The open never blocks (O_NONBLOCK); anything but a regular file or a
 * device (a FIFO, a socket) is -EINVAL.  Returns 0 or -errno. */
int store_open(struct store *s, const char *path, uint32_t size, uint32_t flags);

#endif
