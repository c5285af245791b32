/* SPDX-License-Identifier: MIT */
/*
 * keel has no heap: every table is sized at build or boot time
 * (docs/design.md).  Two libraries keel links still name the allocator:
 * Debian's libinih keeps a heap path for its line buffer (taken only when
 * its ini_use_stack is 0; Debian builds it with 1, so lines live on the
 * stack) and the stdio functions of the same object (fopen for ini_parse,
 * which keel never calls) reach musl's malloc.  Only a name is needed to
 * link them, so these definitions stand in for musl's allocator and keep
 * it out of the binary (about 7 KiB of code).  Nothing in keel calls
 * them (tools/lint.sh); if a library ever did, it would get the answer
 * of an exhausted heap: NULL and ENOMEM, which every caller handles.
 *
 * Only in the musl build of build/init: the host builds of the tests
 * (sanitizers, glibc) keep their own allocator.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

void *malloc(size_t size)
{
	(void)size;
	errno = ENOMEM;
	return NULL;
}

void *calloc(size_t count, size_t size)
{
	(void)count;
	(void)size;
	errno = ENOMEM;
	return NULL;
}

void *realloc(void *old, size_t size)
{
	(void)old;
	(void)size;
	errno = ENOMEM;
	return NULL;
}

void free(void *block)
{
	(void)block;
}
