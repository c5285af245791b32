/* SPDX-License-Identifier: MIT */
/*
 * Journal storage back-ends behind one small ops table, so the journal
 * code never knows whether it writes a regular file, a block device, an
 * MTD character device or (in tests) a fault-injecting RAM simulator.
 * Offsets are bytes from the start of the journal area.  prog() is
 * durable when it returns 0 (file and block: pwrite + fdatasync; MTD:
 * write() programs synchronously).  erase() sets [off, off+len) to 0xFF;
 * off and len are multiples of geom.erase.  Every call returns 0 or -errno.
 */
#ifndef KEEL_STORE_H
#define KEEL_STORE_H

#include <stdbool.h>
#include <stdint.h>

#define STORE_BITWRITE 1u   /* programmed bytes can still have bits cleared (NOR) */
#define STORE_RDONLY   2u   /* opened for reading only (the host tool) */

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
	int fd;              /* file, block and MTD back-ends */
	void *ctx;           /* simulators */
};

/* Open path as a journal store: a character device is taken as MTD, a
 * block device as a raw partition, anything else as a regular file
 * (created and filled with 0xFF to size when missing; an existing file
 * keeps its size).  size: bytes wanted for a new file, and an upper
 * bound on a block device (0: the whole device).  flags: STORE_RDONLY
 * opens for reading only and never creates.  Returns 0 or -errno. */
int store_open(struct store *s, const char *path, uint32_t size, uint32_t flags);

/* The fd-based back-ends, for store_open() and tests. */
int store_file_open(struct store *s, const char *path, uint32_t size, uint32_t flags);
int store_blk_open(struct store *s, int fd, uint32_t size, uint32_t flags);
int store_mtd_open(struct store *s, int fd, uint32_t flags);

/* The pread/pwrite+fdatasync operations the file and block back-ends
 * share, and the plain read/write loops the MTD back-end reuses. */
extern const struct store_ops store_fd_ops;
int store_fd_read(struct store *s, uint32_t off, void *buf, uint32_t len);
int store_fd_write(struct store *s, uint32_t off, const void *buf, uint32_t len);
void store_fd_close(struct store *s);

#endif
