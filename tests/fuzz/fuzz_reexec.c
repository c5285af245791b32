// SRCS: init/reexec_state.c svc/run/restart.c init/rt/esc.c svc/conf/conf_val.c init/rt/sig.c init/rt/num.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the re-exec state reader (init/reexec_state.c).
 * Oracles: (1) it never reads out of bounds or crashes (ASan, UBSan);
 * (2) whatever it accepts passes its own check and writes back into a
 * state that reads the same, field for field, and writes the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "init/reexec_state.h"

static struct reexec_state first, second;
static char text[REEXEC_STATE_MAX], again[REEXEC_STATE_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[128];
	if (reexec_state_read(&first, (const char *)data, size, why, sizeof why) != 0)
		return 0;
	if (reexec_state_check(&first, why, sizeof why) != 0)
		abort();
	int n = reexec_state_write(&first, text, sizeof text);
	if (n <= 0)
		abort();
	if (reexec_state_read(&second, text, (size_t)n, why, sizeof why) != 0)
		abort();
	if (second.version != REEXEC_STATE_VERSION)
		abort();
	second.version = first.version;   /* an older state is written in the current version */
	if (memcmp(&first, &second, sizeof first) != 0)
		abort();
	int m = reexec_state_write(&second, again, sizeof again);
	if (m != n || memcmp(text, again, (size_t)n) != 0)
		abort();
	return 0;
}
