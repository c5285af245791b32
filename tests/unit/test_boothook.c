/* SPDX-License-Identifier: MIT */
/*
 * init/health/boothook.c's names and ring ids: the boot hooks' ids in
 * the log ring lie above every job id (job_new stops below them), their
 * names resolve both ways, and no service file may take such a name.
 */
#include <errno.h>
#include <string.h>

#include "init/health/boothook.h"
#include "svc/conf/conf.h"
#include "svc/conf/conf_val.h"
#include "svc/run/job.h"
#include "tests/unit/t.h"

static void names(void)
{
	is_int(boothook_by_name("@on_boot_healthy"), BOOTHOOK_HEALTHY, "@on_boot_healthy is the healthy hook");
	is_int(boothook_by_name("@on_boot_unhealthy"), BOOTHOOK_UNHEALTHY, "@on_boot_unhealthy the unhealthy one");
	is_int(boothook_by_name("on_boot_healthy"), -ENOENT, "the init.ini key is not a pseudo-job name");
	is_int(boothook_by_name("@on_boot_healthy "), -ENOENT, "nor a name with a trailing blank");
	for (int h = 0; h < BOOTHOOK_COUNT; h++) {
		ok(BOOTHOOK_ID(h) >= OUT_ID_OWN && BOOTHOOK_ID(h) <= UINT16_MAX, "hook %d's ring id %u is PID 1's own", h,
		   BOOTHOOK_ID(h));
		const char *n = boothook_name(BOOTHOOK_ID(h));
		ok(n && boothook_by_name(n) == h, "hook %d: id -> name -> hook (%s)", h, n ? n : "NULL");
		ok(n && !val_svc_name(n, strlen(n)), "no service file may be named %s", n ? n : "NULL");
	}
	ok(boothook_name(OUT_ID_OWN - 1) == NULL, "a job's id is no boot hook's");
	ok(val_svc_name("getty@tty1", 10), "an @ inside a name is still allowed");
}

static void ids(void)
{
	struct svc_conf c;
	conf_svc_defaults(&c);
	c.name = t_str("a");
	job_set_last_id(OUT_ID_OWN - 2);
	struct job *j = job_new(&c);
	ok(j && j->id == OUT_ID_OWN - 1, "the last id below the boot hooks' is handed out (%u)", j ? j->id : 0);
	c.name = t_str("b");
	ok(job_new(&c) == NULL, "then no more: a job never takes a boot hook's id");
	is_int((int)job_last_id(), (int)(OUT_ID_OWN - 1), "the id counter stays below them");
}

int main(void)
{
	names();
	ids();
	return done();
}
