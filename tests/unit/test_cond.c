/* SPDX-License-Identifier: MIT */
/* svc/run/cond.c: the kernel command line taken apart by structure, and
 * the conditions of a service file against real paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svc/conf/conf_store.h"
#include "svc/run/cond.h"
#include "tests/unit/t.h"

#define HAS(lit, arg) cond_cmdline_has(lit, sizeof lit - 1, arg)

/* /proc/cmdline is read 256 bytes at a time: a word, a quote or a
 * WORD=VALUE may run across two reads. */
static void across_pieces(void)
{
	char text[600];
	memset(text, ' ', sizeof text);
	memcpy(text + 250, "keel.split=value", 16);    /* bytes 250..265: across 256 */
	memcpy(text + 508, "q=\"x y\" tail", 12);      /* the quote opens at 510, closes at 514 */
	ok(cond_cmdline_has(text, sizeof text, "keel.split=value"), "a word across two pieces");
	ok(cond_cmdline_has(text, sizeof text, "keel.split"), "its left side");
	ok(!cond_cmdline_has(text, sizeof text, "keel.spl"), "not a part of it");
	ok(cond_cmdline_has(text, sizeof text, "q=x y"), "a quoted value across two pieces");
	ok(cond_cmdline_has(text, sizeof text, "tail"), "and the word after it");
	ok(!cond_cmdline_has(text, sizeof text, "y"), "a word inside those quotes is not a word");
}

static void cmdline(void)
{
	const char cl[] = "BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro quiet keel.safe console=ttyS0,115200\n";
	ok(HAS(cl, "quiet"), "a bare word");
	ok(HAS(cl, "root"), "WORD matches the left side of an assignment");
	ok(HAS(cl, "root=/dev/vda1"), "WORD=VALUE matches exactly");
	ok(!HAS(cl, "root=/dev/vda"), "WORD=VALUE: a prefix of the value is not the value");
	ok(!HAS(cl, "roo"), "a prefix of a word is not the word");
	ok(!HAS(cl, "quiet=1"), "WORD=VALUE does not match a bare WORD");
	ok(HAS(cl, "console=ttyS0,115200"), "the last word, before the newline");
	ok(!HAS(cl, "vmlinuz"), "a part of a value is not a word");
	ok(HAS(cl, "keel.safe"), "dots are part of a word");
	ok(HAS("a\tb", "b"), "tabs separate words");
	ok(HAS("x=\"a b\" y", "x=a b"), "a quoted value keeps its blank and loses its quotes");
	ok(HAS("x=\"a b\" y", "y"), "and the word after it is a word");
	ok(!HAS("x=\"a b\" y", "b"), "a word inside quotes is not a word");
	ok(!HAS("x=\"a b y", "y"), "an unclosed quote runs to the end");
	ok(!HAS("", "quiet"), "an empty command line");
	ok(!HAS("   \n", "quiet"), "only blanks");
	ok(!HAS("quiet", "quiet="), "WORD= needs an empty value");
	ok(HAS("quiet=", "quiet="), "which it then matches");
	ok(!HAS("qu\0iet", "quiet"), "a NUL ends the text");
	ok(HAS("a\0quiet", "a"), "what is before the NUL counts");
	char longw[200];
	memset(longw, 'a', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	longw[SVC_CMDWORD_MAX - 1] = '\0';   /* arg: 63 a's */
	char text[200];
	memset(text, 'a', sizeof text);
	ok(!cond_cmdline_has(text, sizeof text, longw), "a word longer than SVC_CMDWORD_MAX matches nothing");
	ok(cond_cmdline_has(text, SVC_CMDWORD_MAX - 1, longw), "one of 63 bytes matches");
	ok(HAS("a \"\" b", "b"), "an empty quoted word does not end the line");
	across_pieces();
}

static void conditions(void)
{
	struct svc_conf c;
	char why[128];
	char dir[] = "/tmp/keel-cond.XXXXXX", full[64], empty[64];
	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(full, sizeof full, "%s/full", dir);
	snprintf(empty, sizeof empty, "%s/empty", dir);
	FILE *f = fopen(full, "w");
	ok(f && fputs("x\n", f) >= 0 && !fclose(f), "a file with a byte");
	f = fopen(empty, "w");
	ok(f && !fclose(f), "an empty file");

	memset(&c, 0, sizeof c);
	conf_store_empty(&c);
	ok(cond_met(&c, why, sizeof why), "no condition: met");
	c.cond_path = t_str("%s", full);
	ok(cond_met(&c, why, sizeof why), "condition_path_exists of a file: met");
	c.cond_path = t_str("!%s", full);
	ok(!cond_met(&c, why, sizeof why), "negated: not met");
	char want[160];
	snprintf(want, sizeof want, "condition_path_exists=!%s not met", full);
	is_str(why, want, "why names the key and the value as written");
	c.cond_path = t_str("!%s/nothing", dir);
	ok(cond_met(&c, why, sizeof why), "negated, of a missing path: met");
	c.cond_nonempty = t_str("%s", empty);
	ok(!cond_met(&c, why, sizeof why), "condition_file_not_empty of an empty file: not met");
	c.cond_nonempty = t_str("%s", dir);
	ok(!cond_met(&c, why, sizeof why), "of a directory: not met");
	c.cond_nonempty = t_str("%s", full);
	ok(cond_met(&c, why, sizeof why), "of a file with a byte: met");
	c.cond_cmdline = t_str("!keel.no-such-word-1720");
	ok(cond_met(&c, why, sizeof why), "condition_kernel_cmdline = !a word not on this kernel's line: met");
	c.cond_cmdline = t_str("keel.no-such-word-1720");
	ok(!cond_met(&c, why, sizeof why), "the word itself: not met");
	is_str(why, "condition_kernel_cmdline=keel.no-such-word-1720 not met", "and says so");
	unlink(full);
	unlink(empty);
	rmdir(dir);
}

int main(void)
{
	cmdline();
	conditions();
	return done();
}
