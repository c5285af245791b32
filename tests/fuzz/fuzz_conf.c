// SRCS: svc/conf/conf.c svc/conf/conf_src.c init/rt/file.c init/rt/lines.c svc/conf/conf_store.c svc/conf/arena.c init/rt/pages.c svc/conf/conf_set.c svc/conf/conf_val.c svc/conf/conf_dir.c svc/conf/argv.c svc/conf/order.c svc/run/order_live.c svc/run/job.c svc/run/restart.c init/rt/sig.c init/rt/num.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the config loader.  The input is up to 8 service
 * files separated by lines "%%"; file k is parsed as /etc/svc.d/sk.ini
 * (so after=/requires= can name s0..s7), then the cross-file checks run
 * over the table and the good services become jobs that the orderer
 * (order_ready, order_needed) is asked about.  The first file is also parsed as
 * init.ini.  Besides the sanitizers, the invariants of the result are
 * checked and a violation traps: a good service has an absolute argv[0] and
 * words that fit its buffer, a bad one has an error naming its path, a
 * job not ready to start says why.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "svc/conf/conf.h"
#include "svc/conf/conf_work.h"
#include "svc/conf/conf_store.h"
#include "svc/conf/order.h"
#include "svc/run/order_live.h"

#define FILES 8

/* svc/run/job.c frees a job's output pipe (svc/out/output.c) with the job;
 * this target makes no pipes, so there is nothing to free. */
void out_job_gone(uint16_t id)
{
	(void)id;
}

static void check(const struct svc_conf *c)
{
	char *v[SVC_ARGS_MAX + 2];
	int n;

	if (c->bad) {
		if (strncmp(c->error, c->path, strlen(c->path)) != 0 || !memchr(c->error, 0, SVC_ERR_MAX))
			__builtin_trap();
		return;
	}
	n = svc_argv(c, v, SVC_ARGS_MAX + 2);
	if (n != c->argc || n < 1 || v[0][0] != '/' || v[n] != NULL)
		__builtin_trap();
	if (svc_envv(c, v, SVC_ENV_MAX + 2) != c->envc)
		__builtin_trap();
	for (int i = 0; i < c->envc; i++)
		if (!strchr(v[i], '='))
			__builtin_trap();
	if (c->nafter > SVC_DEPS_MAX || c->nrequires > SVC_DEPS_MAX ||
	    c->nsockets > SVC_SOCK_MAX || c->nports > SVC_PORT_MAX)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct svc_conf tab[FILES];
	static struct conf_lines ln[FILES];
	static struct conf_work work;
	struct init_conf ic;
	const char *p = (const char *)data, *end = p + size;
	char path[32], err[SVC_ERR_MAX];
	int n = 0;

	conf_store_begin();   /* each input is a load of its own: the arena starts empty */
	while (n < FILES) {
		const char *sep = memmem(p, (size_t)(end - p), "\n%%\n", 4);
		const char *stop = sep ? sep + 1 : end;
		snprintf(path, sizeof path, "/etc/svc.d/s%d.ini", n);
		conf_parse_svc_buf(path, p, (size_t)(stop - p), &tab[n], &ln[n], &work, err, sizeof err);
		if (n == 0)
			conf_parse_init_buf("/etc/init.ini", p, (size_t)(stop - p), &ic, err, sizeof err);
		n++;
		if (!sep)
			break;
		p = sep + 4;
	}
	conf_check_table(tab, ln, n);
	for (int i = 0; i < n; i++)
		check(&tab[i]);
	struct job *jobs[FILES];
	int k = 0;
	for (int i = 0; i < n; i++)
		if (!tab[i].bad && (jobs[k] = job_new(&tab[i])))
			k++;
	for (int i = 0; i < k; i++) {
		char why[JOB_WHY_MAX];
		why[0] = '\0';
		if (!order_ready(jobs[i], why, sizeof why) && !why[0])
			__builtin_trap();
		(void)order_needed(jobs[i]);
	}
	for (int i = 0; i < k; i++)
		job_free(jobs[i]);
	return 0;
}
