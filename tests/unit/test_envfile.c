/* SPDX-License-Identifier: MIT */
/* svc/run/envfile.c: env_file lines parsed by length (quotes, comments,
 * blanks, errors naming the line), and files loaded with their rules
 * (missing, "-" optional, not regular, too large). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svc/run/envfile.h"
#include "tests/unit/t.h"

static struct envfile ef;
static char why[256];

#define PARSE(lit) envfile_parse(lit, sizeof lit - 1, &ef, why, sizeof why)

/* The variables of ef joined by '|'. */
static const char *joined(void)
{
	static char out[ENVFILE_BYTES + ENVFILE_VARS];
	char *v[ENVFILE_VARS];
	envfile_vars(&ef, v);
	out[0] = '\0';
	for (unsigned i = 0; i < ef.n; i++) {
		strcat(out, i ? "|" : "");
		strcat(out, v[i]);
	}
	return out;
}

static void parse(void)
{
	is_int(PARSE("A=1\nB=two words\n"), 2, "two variables");
	is_str(joined(), "A=1|B=two words", "values keep inner blanks");
	is_int(PARSE("# comment\n\n   \n  # indented comment\nA=1"), 1, "comments and blank lines skipped");
	is_str(joined(), "A=1", "a last line without a newline counts");
	is_int(PARSE("  A=1  \t\r\nB=2\r\n"), 2, "blanks around and CRLF dropped");
	is_str(joined(), "A=1|B=2", "as written");
	is_int(PARSE("A=\"x y\"\nB='p q'\nC=\"\"\nD=''\nE="), 5, "quotes");
	is_str(joined(), "A=x y|B=p q|C=|D=|E=", "quotes removed, empty values kept");
	is_int(PARSE("A=\"it's\"\nB='say \"hi\"'\nC=a\"b\"\nD=\\n$X"), 4, "no escapes, no variables");
	is_str(joined(), "A=it's|B=say \"hi\"|C=a\"b\"|D=\\n$X", "inner text as is");
	is_int(PARSE("A=x#y\nB=1 # not a comment"), 2, "# inside a value is data");
	is_str(joined(), "A=x#y|B=1 # not a comment", "kept");
	is_int(PARSE("_a9=1\nPATH=/opt/bin"), 2, "names with _ and digits; PATH");

	is_int(PARSE("A=1\nB\n"), -EINVAL, "a line without =");
	is_str(why, "line 2: not KEY=VALUE", "names the line");
	is_int(ef.n, 0, "nothing kept after an error");
	is_int(PARSE("1A=x"), -EINVAL, "a name starting with a digit");
	is_int(PARSE("A B=x"), -EINVAL, "a blank in the name");
	is_int(PARSE("A =x"), -EINVAL, "a blank before =");
	is_int(PARSE("=x"), -EINVAL, "no name");
	is_int(PARSE("export A=x"), -EINVAL, "no shell syntax");
	is_int(PARSE("A=\"x"), -EINVAL, "an unterminated double quote");
	is_str(why, "line 1: unterminated quote", "says so");
	is_int(PARSE("A='x\""), -EINVAL, "mismatched quotes");
	is_int(PARSE("A=\""), -EINVAL, "a lone quote");
	is_int(PARSE("A=1\nA=2"), -EINVAL, "a name set twice");
	is_str(why, "line 2: A set twice", "names it");
	is_int(PARSE("A=x\0y"), -EINVAL, "a NUL byte in a value");
	is_str(why, "line 1: NUL byte", "says so");
	is_int(PARSE("A\0=x"), -EINVAL, "a NUL byte in a name");

	char big[ENVFILE_BYTES * 2];
	size_t n = 0;
	for (int i = 0; i < ENVFILE_VARS; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "V%d=%d\n", i, i);
	is_int(envfile_parse(big, n, &ef, why, sizeof why), ENVFILE_VARS, "32 variables fit");
	n += (size_t)snprintf(big + n, sizeof big - n, "X=1\n");
	is_int(envfile_parse(big, n, &ef, why, sizeof why), -E2BIG, "33 do not");
	memset(big, 'x', sizeof big);
	memcpy(big, "A=", 2);
	is_int(envfile_parse(big, ENVFILE_BYTES - 2, &ef, why, sizeof why), 1, "a value of 4092 bytes fits");
	is_int(envfile_parse(big, ENVFILE_BYTES, &ef, why, sizeof why), -E2BIG, "4094 do not (with its NUL)");
	ok(PARSE("A=1") == 1 && envfile_sets(&ef, "A=other") && envfile_sets(&ef, "A") && !envfile_sets(&ef, "AB=1") &&
	   !envfile_sets(&ef, "B"), "envfile_sets compares whole names");
}

/* The loader's case: the text is ef.buf itself, packed in place.  Each
 * result must be what parsing a copy gives. */
static void in_place(const char *text, const char *want, const char *what)
{
	size_t len = strlen(text);
	ok(len <= ENVFILE_BYTES, "%s: fits", what);
	memcpy(ef.buf, text, len);
	int n = envfile_parse(ef.buf, len, &ef, why, sizeof why);
	is_str(n < 0 ? why : joined(), want, "%s", what);
}

static void packed_in_place(void)
{
	in_place("A=1\nB=2", "A=1|B=2", "short lines, no blanks: each pair moves by nothing");
	in_place("   A = 1\n", "line 1: not KEY=VALUE", "an error in place");
	in_place("  A=\"x y\"  \r\n\n# c\n\tB='q'\nC=last", "A=x y|B=q|C=last",
		 "blanks, quotes, CRLF and comments: the packed end stays behind the reading");
	in_place("A=1\nB=2\nA=3\n", "line 3: A set twice", "a name set twice, checked against what was packed");
	char big[ENVFILE_BYTES];
	memset(big, 'x', sizeof big);
	memcpy(big, "A=", 2);
	memcpy(ef.buf, big, ENVFILE_BYTES - 2);
	is_int(envfile_parse(ef.buf, ENVFILE_BYTES - 2, &ef, why, sizeof why), 1, "a value of 4092 bytes in place");
	is_int((int)strlen(ef.buf), ENVFILE_BYTES - 2, "packed whole, its NUL one past the text");
	ok(memcmp(ef.buf, big, ENVFILE_BYTES - 2) == 0, "and unchanged");
}

static void load(void)
{
	char dir[] = "/tmp/keel-envfile.XXXXXX", path[64], spec[80], fifo[64];
	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(path, sizeof path, "%s/env", dir);
	is_int(envfile_load("", &ef, why, sizeof why), 0, "no env_file: nothing");
	is_int(envfile_load(path, &ef, why, sizeof why), -ENOENT, "a missing file is an error");
	char want[160];
	snprintf(want, sizeof want, "env_file %s: No such file or directory", path);
	is_str(why, want, "naming the file");
	snprintf(spec, sizeof spec, "-%s", path);
	is_int(envfile_load(spec, &ef, why, sizeof why), 0, "written -PATH: no error");
	is_int(ef.n, 0, "and no variables");
	FILE *f = fopen(path, "w");
	ok(f && fputs("A=1\nB='x y'\n", f) >= 0 && !fclose(f), "a file");
	is_int(envfile_load(spec, &ef, why, sizeof why), 0, "-PATH of a file that is there");
	is_str(joined(), "A=1|B=x y", "is read");
	f = fopen(path, "w");
	ok(f && fputs("A=1\nB='x\n", f) >= 0 && !fclose(f), "a bad file");
	is_int(envfile_load(path, &ef, why, sizeof why), -EINVAL, "a bad line fails the load");
	snprintf(want, sizeof want, "env_file %s: line 2: unterminated quote", path);
	is_str(why, want, "with file and line");
	is_int(envfile_load(dir, &ef, why, sizeof why), -EINVAL, "a directory is refused");
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	ok(mkfifo(fifo, 0600) == 0, "a FIFO");
	is_int(envfile_load(fifo, &ef, why, sizeof why), -EINVAL, "is refused at once, never waited on");
	snprintf(want, sizeof want, "env_file %s: not a regular file", fifo);
	is_str(why, want, "says so");
	f = fopen(path, "w");
	for (int i = 0; f && i < 1100; i++)
		fputs("#xx\n", f);
	ok(f && !fclose(f), "a file of 4400 bytes");
	is_int(envfile_load(path, &ef, why, sizeof why), -E2BIG, "too large");
	unlink(fifo);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	parse();
	packed_in_place();
	load();
	return done();
}
