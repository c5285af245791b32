// SRCS: svc/conf/conf.c svc/conf/conf_set.c svc/conf/conf_val.c svc/conf/conf_dir.c svc/conf/argv.c svc/conf/order.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the config loader.  The input is up to 8 service
 * files separated by lines "%%"; file k is parsed as /etc/svc.d/sk.ini
 * (so after=/requires= can name s0..s7), then the cross-file checks and the
 * start order run over the table.  The first file is also parsed as
 * init.ini.  Besides the sanitizers, the invariants of the result are
 * checked and a violation traps: a good service has an absolute argv[0] and
 * words that fit its buffer, a bad one has an error naming its path, the
 * start order lists each good service at most once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "svc/conf/conf.h"
#include "svc/conf/order.h"

#define FILES 8

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
	struct init_conf ic;
	const char *p = (const char *)data, *end = p + size;
	char path[32], err[SVC_ERR_MAX];
	int idx[FILES], n = 0, k;

	while (n < FILES) {
		const char *sep = memmem(p, (size_t)(end - p), "\n%%\n", 4);
		const char *stop = sep ? sep + 1 : end;
		snprintf(path, sizeof path, "/etc/svc.d/s%d.ini", n);
		conf_parse_svc_buf(path, p, (size_t)(stop - p), &tab[n], &ln[n], err, sizeof err);
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
	k = order_start(tab, n, idx);
	for (int i = 0; i < k; i++) {
		if (idx[i] < 0 || idx[i] >= n || tab[idx[i]].bad)
			__builtin_trap();
		for (int j = 0; j < i; j++)
			if (idx[j] == idx[i])
				__builtin_trap();
	}
	return 0;
}
