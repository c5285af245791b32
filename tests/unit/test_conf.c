/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of one service file's parse (svc/conf/conf.c, svc/conf/conf_set.c,
 * svc/conf/conf_val.c): every key, defaults, value syntax, continuation lines,
 * and every per-file error with its exact "path:line: what" message.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "svc/conf/argv.h"
#include "svc/conf/conf.h"
#include "svc/conf/conf_work.h"
#include "tests/unit/t.h"

static struct conf_work work;   /* the loader's working memory */

#define PATH "/etc/svc.d/web.ini"

static struct svc_conf c;
static struct conf_lines ln;
static char err[SVC_ERR_MAX];

static int parse(const char *text)
{
	err[0] = '\0';
	return conf_parse_svc_buf(PATH, text, strlen(text), &c, &ln, &work, err, sizeof err);
}

/* The error a text gives, or "" when it parses. */
static const char *error_of(const char *text)
{
	return parse(text) == 0 ? "" : err;
}

static void test_defaults(void)
{
	is_int(parse("[service]\nexec = /bin/true\n"), 0, "minimal file parses");
	is_str(c.name, "web", "name from the file name");
	is_str(c.path, PATH, "path kept");
	is_str(c.args, "/bin/true", "argv[0]");
	is_int(c.argc, 1, "one word");
	is_int(c.type, SVC_SIMPLE, "type default simple");
	is_int(c.restart, RESTART_ALWAYS, "restart default always");
	is_int(c.restart_delay_ms, 1000, "restart_delay default 1s");
	is_int(c.restart_delay_max_ms, 1000, "restart_delay_max default = restart_delay");
	is_int(c.restart_window_ms, 60000, "restart_window default 60s");
	is_int(c.stable_after_ms, 60000, "stable_after default = restart_window");
	is_int(c.stop_timeout_ms, 5000, "stop_timeout default 5s");
	is_int(c.restart_limit, 5, "restart_limit default 5");
	is_int(c.stop_signal, SIGTERM, "stop_signal default TERM");
	is_int(c.on_limit, ONLIMIT_STOP, "on_limit default stop");
	ok(!c.critical && !c.safe && !c.singleton && !c.kill_others, "flags default off");
	ok(!c.user[0] && !c.group[0] && !c.workdir[0] && !c.pidfile[0], "strings default empty");
	ok(!c.nafter && !c.nrequires && !c.envc && !c.nsockets && !c.nports, "lists empty");
	ok(!c.bad && !c.error[0], "not bad");
	is_int(ln.section, 1, "section line recorded");

	parse("[service]\nexec = /bin/true\ntype = oneshot\n");
	is_int(c.restart, RESTART_NO, "oneshot: restart default no");
	parse("[service]\nexec=/bin/true\nrestart_delay=3s\nrestart_window=10s\n");
	is_int(c.restart_delay_max_ms, 3000, "restart_delay_max follows restart_delay");
	is_int(c.stable_after_ms, 10000, "stable_after follows restart_window");
}

static void test_every_key(void)
{
	static const char text[] =
		"; a comment\n"
		"# another\n"
		"[service]\n"
		"exec = /bin/sh -c 'echo hi'\n"
		"type = notify\n"
		"after = net, log\n"
		"requires = db\n"
		"restart = on-failure\n"
		"restart_delay = 500ms\n"
		"restart_delay_max = 1m\n"
		"restart_limit = 7\n"
		"restart_window = 2m\n"
		"stable_after = 30s\n"
		"on_limit = safe-mode\n"
		"user = www-data\n"
		"group = 33\n"
		"env = LANG=C.UTF-8\n"
		"env = PATH=/bin:/usr/bin\n"
		"workdir = /var/www\n"
		"stop_signal = SIGINT\n"
		"stop_timeout = 1h\n"
		"critical = yes\n"
		"safe = true\n"
		"singleton = 1\n"
		"kill_others = no\n"
		"pidfile = /run/web.pid\n"
		"sockets = /run/web.sock /run/web2.sock\n"
		"ports = tcp:80, tcp6:443 udp:53 udp6:5353\n";

	is_str(error_of(text), "", "a file with every key parses");
	is_int(c.argc, 3, "exec words");
	is_str(c.args + strlen(c.args) + 4, "echo hi", "quoted word");
	is_int(c.type, SVC_NOTIFY, "type");
	is_int(c.nafter, 2, "after count");
	is_str(svc_word(c.after, 0), "net", "after[0]");
	is_str(svc_word(c.after, 1), "log", "after[1]");
	is_int(c.nrequires, 1, "requires count");
	is_str(svc_word(c.requires, 0), "db", "requires[0]");
	is_int(ln.requires[0], 7, "requires line recorded");
	is_int(c.restart, RESTART_ON_FAILURE, "restart");
	is_int(c.restart_delay_ms, 500, "restart_delay");
	is_int(c.restart_delay_max_ms, 60000, "restart_delay_max");
	is_int(c.restart_limit, 7, "restart_limit");
	is_int(c.restart_window_ms, 120000, "restart_window");
	is_int(c.stable_after_ms, 30000, "stable_after");
	is_int(c.on_limit, ONLIMIT_SAFE, "on_limit");
	is_str(c.user, "www-data", "user");
	is_str(c.group, "33", "group");
	is_int(c.envc, 2, "env count");
	is_str(c.env, "LANG=C.UTF-8", "env[0]");
	is_str(c.env + strlen(c.env) + 1, "PATH=/bin:/usr/bin", "env[1]");
	is_str(c.workdir, "/var/www", "workdir");
	is_int(c.stop_signal, SIGINT, "stop_signal");
	is_int(c.stop_timeout_ms, 3600000, "stop_timeout");
	ok(c.critical && c.safe && c.singleton && !c.kill_others, "booleans");
	is_str(c.pidfile, "/run/web.pid", "pidfile");
	is_int(c.nsockets, 2, "sockets count");
	is_str(c.sockets[1], "/run/web2.sock", "sockets[1]");
	is_int(ln.sockets[1], 27, "socket line recorded");
	is_int(c.nports, 4, "ports count");
	ok(c.ports[0].proto == PROTO_TCP && c.ports[0].port == 80, "tcp:80");
	ok(c.ports[1].proto == PROTO_TCP6 && c.ports[1].port == 443, "tcp6:443");
	ok(c.ports[2].proto == PROTO_UDP && c.ports[2].port == 53, "udp:53");
	ok(c.ports[3].proto == PROTO_UDP6 && c.ports[3].port == 5353, "udp6:5353");
}

static void test_values(void)
{
	static const struct { const char *s; int ok; uint32_t ms; } dur[] = {
		{ "500ms", 1, 500 }, { "2s", 1, 2000 }, { "1m", 1, 60000 }, { "1h", 1, 3600000 },
		{ "7", 1, 7000 }, { "0", 1, 0 }, { "4294967295ms", 1, 4294967295u },
		{ "4294967s", 1, 4294967000u }, { "4294968s", 0, 0 }, { "", 0, 0 }, { "s", 0, 0 },
		{ "5x", 0, 0 }, { "-1", 0, 0 }, { "1.5s", 0, 0 }, { "2 s", 0, 0 }, { "99999999999", 0, 0 },
	};
	static const struct { const char *s; int ok; uint32_t b; } size[] = {
		{ "4K", 1, 4096 }, { "1M", 1, 1048576 }, { "1G", 1, 1073741824 }, { "100", 1, 100 },
		{ "3k", 1, 3072 }, { "4G", 0, 0 }, { "5T", 0, 0 }, { "K", 0, 0 }, { "", 0, 0 },
	};
	uint32_t v;

	for (size_t i = 0; i < sizeof dur / sizeof dur[0]; i++) {
		v = 12345;
		is_int(conf_duration_ms(dur[i].s, &v), dur[i].ok ? 0 : -1, "duration '%s'", dur[i].s);
		is_int(v, dur[i].ok ? dur[i].ms : 12345, "duration '%s' value", dur[i].s);
	}
	for (size_t i = 0; i < sizeof size / sizeof size[0]; i++) {
		v = 12345;
		is_int(conf_size(size[i].s, &v), size[i].ok ? 0 : -1, "size '%s'", size[i].s);
		is_int(v, size[i].ok ? size[i].b : 12345, "size '%s' value", size[i].s);
	}
	static const char *const sigs[] = { "TERM", "SIGTERM", "term", "15", "SigTerm" };
	for (size_t i = 0; i < 5; i++) {
		char t[96];
		snprintf(t, sizeof t, "[service]\nexec=/bin/true\nstop_signal=%s\n", sigs[i]);
		parse(t);
		is_int(c.stop_signal, SIGTERM, "stop_signal=%s", sigs[i]);
	}
	parse("[service]\nexec=/bin/true\nstop_signal=KILL\n");
	is_int(c.stop_signal, SIGKILL, "stop_signal=KILL");
	parse("[service]\nexec=/bin/true\nstop_signal=SIGHUP\n");
	is_int(c.stop_signal, SIGHUP, "stop_signal=SIGHUP");
	parse("[service]\nexec=/bin/true\nstop_signal=sigsegv\n");
	is_int(c.stop_signal, SIGSEGV, "stop_signal=sigsegv: every name of init/rt/sig.c");
	static const char *const bools[] = { "yes", "true", "1", "no", "false", "0" };
	for (int i = 0; i < 6; i++) {
		char t[96];
		snprintf(t, sizeof t, "[service]\nexec=/bin/true\ncritical=%s\n", bools[i]);
		is_int(parse(t), 0, "critical=%s", bools[i]);
		is_int(c.critical, i < 3, "critical=%s value", bools[i]);
	}
	parse("[service]\nexec=/bin/true\nrestart_limit=0\nrestart=no\n");
	ok(c.restart_limit == 0 && c.restart == RESTART_NO, "restart_limit=0, restart=no");
	parse("[service]\nexec=/bin/true\nrestart=always\ntype=oneshot\n");
	ok(c.restart == RESTART_ALWAYS && c.type == SVC_ONESHOT, "explicit restart kept for oneshot");
	parse("[service]\nexec=/bin/true\non_limit=reboot\ntype=simple\n");
	ok(c.on_limit == ONLIMIT_REBOOT && c.type == SVC_SIMPLE, "on_limit=reboot, type=simple");
	parse("[service]\nexec=/bin/true\nrestart_limit=32\n");
	is_int(c.restart_limit, 32, "restart_limit max");
	parse("[service]\nexec=/bin/true\nrestart_delay=5s\nrestart_delay_max=1s\n");
	ok(!c.bad && c.restart_delay_max_ms == 1000, "restart_delay_max below restart_delay is kept");
	parse("[service]\nexec=/bin/true\nafter = a b,c , d\nafter=e\nafter = a\n");
	is_int(c.nafter, 5, "after: separators, repeats, duplicate dropped");
	is_str(svc_word(c.after, 4), "e", "after[4]");
}

static void test_continuation(void)
{
	is_str(error_of("[service]\nexec = /bin/echo one\n  two \"three four\"\n\tfive ; note\n"),
	       "", "exec continues on indented lines");
	is_int(c.argc, 5, "five words");
	is_int(parse("[service]\nexec =\n    /bin/echo a\n    b\n"), 0, "exec words all on indented lines");
	is_int(c.argc, 3, "three words");
	is_str(c.args, "/bin/echo", "argv[0] resolved from the continuation");
	is_str(error_of("[service]\nexec =\n    nosuchprog-keel\n"),
	       PATH ":3: exec: 'nosuchprog-keel' not found in /sbin:/bin:/usr/sbin:/usr/bin",
	       "argv[0] on a continuation line is checked there");
	is_int(parse("[service]\nexec=/bin/true\nenv = A=1\n  B=2\nafter = a\n  b\n"), 0,
	       "env and after continue");
	is_int(c.envc, 2, "two env entries");
	is_int(c.nafter, 2, "two after entries");
	is_int(parse("[service]\r\nexec = /bin/true\r\nuser = x\r\n"), 0, "CRLF line ends");
	is_str(c.user, "x", "CR stripped");
	is_int(parse("\xEF\xBB\xBF[service]\nexec=/bin/true\n"), 0, "UTF-8 BOM accepted");
	is_int(parse("[service]\nexec=/bin/true\nuser = a ; comment\n"), 0, "inline comment");
	is_str(c.user, "a", "inline comment stripped");
	is_int(parse("[service]\nexec=/bin/true\nenv = A=x;y\n"), 0, "';' without a blank is data");
	is_str(c.env, "A=x;y", "value keeps ';'");
	is_int(parse("[service]\nexec=/bin/true\nenv = A=x #y\n"), 0, "'#' inline is data");
	is_str(c.env, "A=x #y", "value keeps '#'");
	is_int(parse("[service]\nexec=/bin/true"), 0, "no final newline");
	is_int(parse("[ service ]\nexec=/bin/true\n"), 0, "blanks inside [ ] ignored");
	is_int(parse("[service]\nexec=/bin/true\n[service]\nuser=a\n"), 0, "section repeated");
}

static void test_errors(void)
{
	static const struct { const char *text, *want; } t[] = {
		{ "[service]\nexec=/bin/true\nbogus = 1\n", PATH ":3: unknown key 'bogus'" },
		{ "[unit]\nexec=/bin/true\n", PATH ":1: unknown section [unit]" },
		{ "[service]\nexec=/bin/true\n[empty]\n", PATH ":3: unknown section [empty]" },
		{ "exec=/bin/true\n[service]\n", PATH ":1: key 'exec' outside [service]" },
		{ "[service]\nexec=/bin/true\nuser=a\nuser=b\n",
		  PATH ":4: duplicate key 'user' (first at line 3)" },
		{ "[service]\nexec=/bin/true\nexec=/bin/sh\n",
		  PATH ":3: duplicate key 'exec' (first at line 2)" },
		{ "[service]\nexec=/bin/true\nuser=a\n b\n",
		  PATH ":4: user: takes one line (an indented line continues it)" },
		{ "[service]\nuser=a\n", PATH ":1: missing exec" },
		{ "\n\n", PATH ":0: missing exec" },
		{ "", PATH ":0: missing exec" },
		{ "[service]\nexec=/bin/true\nnoequals\n", PATH ":3: expected 'key = value'" },
		{ "[service\nexec=/bin/true\n", PATH ":1: section header without ']'" },
		{ "[service]\nexec=\n", PATH ":2: exec: empty command" },
		{ "[service]\nexec=keel-no-such-prog\n",
		  PATH ":2: exec: 'keel-no-such-prog' not found in /sbin:/bin:/usr/sbin:/usr/bin" },
		{ "[service]\nexec=/nonexistent/x\n",
		  PATH ":2: exec: '/nonexistent/x': No such file or directory" },
		{ "[service]\nexec=/etc\n", PATH ":2: exec: '/etc': not an executable file" },
		{ "[service]\nexec=bin/true\n", PATH ":2: exec: 'bin/true' is not an absolute path" },
		{ "[service]\nexec=/bin/echo \"a\n", PATH ":2: exec: unterminated quote" },
		{ "[service]\nexec=/bin/echo a\\\n", PATH ":2: exec: trailing backslash" },
		{ "[service]\nexec=/bin/true\ntype=daemon\n",
		  PATH ":3: type: bad value 'daemon' (simple, oneshot, notify, forking)" },
		{ "[service]\nexec=/bin/true\nrestart=sometimes\n",
		  PATH ":3: restart: bad value 'sometimes' (always, on-failure, no)" },
		{ "[service]\nexec=/bin/true\non_limit=panic\n",
		  PATH ":3: on_limit: bad value 'panic' (stop, reboot, safe-mode)" },
		{ "[service]\nexec=/bin/true\nrestart_delay=5x\n",
		  PATH ":3: restart_delay: bad value '5x' (e.g. 500ms, 2s, 1m, 1h; at most 49 days)" },
		{ "[service]\nexec=/bin/true\nrestart_limit=33\n",
		  PATH ":3: restart_limit: bad value '33' (0..32)" },
		{ "[service]\nexec=/bin/true\ncritical=maybe\n",
		  PATH ":3: critical: bad value 'maybe' (yes, no, true, false, 1, 0)" },
		{ "[service]\nexec=/bin/true\nstop_signal=SIGFOO\n",
		  PATH ":3: stop_signal: bad value 'SIGFOO' (e.g. TERM, SIGINT, 9)" },
		{ "[service]\nexec=/bin/true\nstop_signal=0\n",
		  PATH ":3: stop_signal: bad value '0' (e.g. TERM, SIGINT, 9)" },
		{ "[service]\nexec=/bin/true\nstop_signal=32\n",
		  PATH ":3: stop_signal: bad value '32' (e.g. TERM, SIGINT, 9)" },
		{ "[service]\nexec=/bin/true\nstop_signal=SIGRTMIN\n",
		  PATH ":3: stop_signal: bad value 'SIGRTMIN' (e.g. TERM, SIGINT, 9)" },
		{ "[service]\nexec=/bin/true\nuser=a b\n", PATH ":3: user: bad name 'a b'" },
		{ "[service]\nexec=/bin/true\ngroup=-x\n", PATH ":3: group: bad name '-x'" },
		{ "[service]\nexec=/bin/true\nworkdir=var\n", PATH ":3: workdir: 'var' is not an absolute path" },
		{ "[service]\nexec=/bin/true\ncondition_path_exists=!x\n",
		  PATH ":3: condition_path_exists: '!x' is not an absolute path" },
		{ "[service]\nexec=/bin/true\ncondition_path_exists=-/x\n",
		  PATH ":3: condition_path_exists: '-/x' is not an absolute path" },
		{ "[service]\nexec=/bin/true\nenv_file=!/x\n", PATH ":3: env_file: '!/x' is not an absolute path" },
		{ "[service]\nexec=/bin/true\ncondition_kernel_cmdline=a b\n",
		  PATH ":3: condition_kernel_cmdline: bad value 'a b' ([!]WORD or [!]WORD=VALUE, at most 63 characters, "
		  "no blank or quote)" },
		{ "[service]\nexec=/bin/true\ncondition_kernel_cmdline=!\n",
		  PATH ":3: condition_kernel_cmdline: bad value '!' ([!]WORD or [!]WORD=VALUE, at most 63 characters, "
		  "no blank or quote)" },
		{ "[service]\nexec=/bin/true\ncondition_kernel_cmdline=\"q\"\n",
		  PATH ":3: condition_kernel_cmdline: bad value '\"q\"' ([!]WORD or [!]WORD=VALUE, at most 63 characters, "
		  "no blank or quote)" },
		{ "[service]\nexec=/bin/true\ncondition_kernel_cmdline==v\n",
		  PATH ":3: condition_kernel_cmdline: bad value '=v' ([!]WORD or [!]WORD=VALUE, at most 63 characters, "
		  "no blank or quote)" },
		{ "[service]\nexec=/bin/true\npidfile=\n", PATH ":3: pidfile: '' is not an absolute path" },
		{ "[service]\nexec=/bin/true\nenv=NOVALUE\n", PATH ":3: env: bad entry 'NOVALUE' (want NAME=value)" },
		{ "[service]\nexec=/bin/true\nenv=1A=x\n", PATH ":3: env: bad entry '1A=x' (want NAME=value)" },
		{ "[service]\nexec=/bin/true\nenv=A=1\nenv=A=2\n", PATH ":4: env: 'A' set twice" },
		{ "[service]\nexec=/bin/true\nafter=ok bad/name\n", PATH ":3: after: bad service name 'bad/name'" },
		{ "[service]\nexec=/bin/true\nrequires=.hidden\n", PATH ":3: requires: bad service name '.hidden'" },
		{ "[service]\nexec=/bin/true\nafter=a b c d e f g h i\n", PATH ":3: after: too many entries (max 8)" },
		{ "[service]\nexec=/bin/true\nsockets=run/x\n",
		  PATH ":3: sockets: bad socket path (want an absolute path) 'run/x'" },
		{ "[service]\nexec=/bin/true\nports=tcp:0\n",
		  PATH ":3: ports: bad port (want tcp:N, udp:N, tcp6:N or udp6:N) 'tcp:0'" },
		{ "[service]\nexec=/bin/true\nports=sctp:80\n",
		  PATH ":3: ports: bad port (want tcp:N, udp:N, tcp6:N or udp6:N) 'sctp:80'" },
		{ "[service]\nexec=/bin/true\nports=tcp:65536\n",
		  PATH ":3: ports: bad port (want tcp:N, udp:N, tcp6:N or udp6:N) 'tcp:65536'" },
		{ "[service]\nexec=/bin/true\nports=tcp:1 tcp:2 tcp:3 tcp:4 tcp:5\n",
		  PATH ":3: ports: too many entries (max 4)" },
		{ "[service]\nexec=/bin/true\nbogus=1\nalso=2\n", PATH ":3: unknown key 'bogus'" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		is_str(error_of(t[i].text), t[i].want, "error %zu: %s", i, t[i].want);
		ok(c.bad && strcmp(c.error, err) == 0, "error %zu: bad set, c->error = err", i);
	}
	is_int(parse("[service]\nexec=/bin/true\nenv=A=1\nbogus=2\n"), -1, "error after a good key");
	is_int(c.envc, 1, "good keys before the error are still applied");
}

static void test_limits(void)
{
	char t[CONF_FILE_MAX + 64], line[256];

	memset(line, 'x', sizeof line);
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\n;%.197s\n", line);
	is_str(error_of(t), "", "a 198-character line is fine");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\n;%.198s\n", line);
	is_str(error_of(t), PATH ":3: line too long (199 > 198 characters)", "199 characters");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\nuser=%.250s\r\n", line);
	is_str(error_of(t), PATH ":3: line too long (255 > 198 characters)", "255 characters");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\nenv=A=%.190s\n  B=%.199s\nuser=u\n", line, line);
	is_str(error_of(t), PATH ":4: line too long (203 > 198 characters)", "long continuation line");
	is_str(error_of("[service]\nexec=/bin/true\nuser=a\0b\n" + 0), "", "C string ends at NUL");
	is_int(conf_parse_svc_buf(PATH, "[service]\nexec=/bin/true\nuser=a\0b\n", 33, &c, NULL, &work,
				  err, sizeof err), -1, "NUL byte inside the buffer");
	is_str(err, PATH ":3: NUL byte in line", "NUL byte message");
	memset(t, '\n', sizeof t);
	memcpy(t, "[service]\nexec=/bin/true\n", 25);
	is_int(conf_parse_svc_buf(PATH, t, CONF_FILE_MAX, &c, NULL, &work, err, sizeof err), 0,
	       "a file of exactly CONF_FILE_MAX bytes");
	is_int(conf_parse_svc_buf(PATH, t, CONF_FILE_MAX + 1, &c, NULL, &work, err, sizeof err), -1,
	       "one byte more");
	is_str(err, PATH ":0: file too large (16385 > 16384 bytes)", "too-large message");
	char words[600] = "[service]\nexec=/bin/echo";
	for (int i = 0; i < 32; i++)
		strcat(words, " w");
	is_str(error_of(words), PATH ":2: exec: too many words", "33 words");
	snprintf(t, sizeof t, "[service]\nexec=/bin/echo %.180s\n %.180s\n %.140s\n", line, line, line);
	is_str(error_of(t), PATH ":4: exec: command line too long", "argv of 513 bytes");
	snprintf(t, sizeof t, "[service]\nexec=/bin/echo %.180s\n %.180s\n %.139s\n", line, line, line);
	is_int(parse(t), 0, "argv of 512 bytes fits");
	is_int(argv_packed_len(c.args, SVC_ARGS_BYTES, c.argc), 512, "all 512 bytes used");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\nworkdir=/%.127s\n", line);
	is_str(error_of(t), PATH ":3: workdir: path too long (128 > 127 characters)", "path too long");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\ncondition_path_exists=!/%.126s\n", line);
	is_int(parse(t), 0, "'!' and a path of 127 characters");
	is_int((int)strlen(c.cond_path), 128, "kept with its '!'");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\nenv_file=-/%.127s\n", line);
	is_str(error_of(t), PATH ":3: env_file: path too long (128 > 127 characters)", "'-' and a path too long");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\ncondition_kernel_cmdline=!%.63s\n", line);
	is_int(parse(t), 0, "'!' and a word of 63 characters");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\ncondition_kernel_cmdline=%.64s\n", line);
	ok(strstr(error_of(t), "condition_kernel_cmdline: bad value") != NULL, "a word of 64 characters");
	snprintf(t, sizeof t, "[service]\nexec=/bin/true\nsockets=/%.107s\n", line);
	is_str(error_of(t), PATH ":3: sockets: path too long (108 > 107 characters)", "socket path");
	is_int(conf_parse_svc_buf("/x/bad name.ini", "", 0, &c, NULL, &work, err, sizeof err), -1, "bad name");
	is_str(err, "/x/bad name.ini:0: bad service name 'bad name'", "bad name message");
}

static void test_not_executable(void)
{
	char dir[] = "/tmp/keel-conf-XXXXXX", file[64], text[128], want[192];
	int fd;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(file, sizeof file, "%s/prog", dir);
	fd = open(file, O_WRONLY | O_CREAT, 0644);
	ok(fd >= 0, "plain file created");
	close(fd);
	snprintf(text, sizeof text, "[service]\nexec=%s\n", file);
	snprintf(want, sizeof want, PATH ":2: exec: '%s': not an executable file", file);
	is_str(error_of(text), want, "a file without x bits is not executable");
	chmod(file, 0700);
	is_str(error_of(text), "", "with an x bit it is");
	unlink(file);
	rmdir(dir);
}

static void test_hash(void)
{
	uint64_t h1, h2;

	parse("[service]\nexec=/bin/true\n");
	h1 = c.hash;
	parse("[service]\nexec=/bin/true\n");
	is_int(c.hash == h1, 1, "same bytes, same hash");
	parse("[service]\nexec=/bin/true\n\n");
	h2 = c.hash;
	ok(h2 != h1, "any byte changes the hash");
	conf_parse_svc_buf(PATH, "", 0, &c, NULL, &work, err, sizeof err);
	ok(c.hash == 0xcbf29ce484222325ull, "FNV-1a 64 offset basis for no bytes");
	conf_parse_svc_buf(PATH, "a", 1, &c, NULL, &work, err, sizeof err);
	ok(c.hash == 0xaf63dc4c8601ec8cull, "FNV-1a 64 of \"a\"");
}

/* ready = and ready_timeout: values, defaults, and what ready needs. */
static void test_ready(void)
{
	static const struct { const char *text, *want; } t[] = {
		{ "[service]\nexec=/bin/true\nready=fd:2\n",
		  PATH ":3: ready: bad value 'fd:2' (fd:N with N 3..255, pidfile, port, socket)" },
		{ "[service]\nexec=/bin/true\nready=fd:256\n",
		  PATH ":3: ready: bad value 'fd:256' (fd:N with N 3..255, pidfile, port, socket)" },
		{ "[service]\nexec=/bin/true\nready=fd:\n",
		  PATH ":3: ready: bad value 'fd:' (fd:N with N 3..255, pidfile, port, socket)" },
		{ "[service]\nexec=/bin/true\nready=notify\n",
		  PATH ":3: ready: bad value 'notify' (fd:N with N 3..255, pidfile, port, socket)" },
		{ "[service]\nexec=/bin/true\nready=pidfile\n", PATH ":3: ready: needs pidfile" },
		{ "[service]\nexec=/bin/true\nready=port\n", PATH ":3: ready: needs ports" },
		{ "[service]\nexec=/bin/true\nready=socket\npidfile=/run/x\n", PATH ":3: ready: needs sockets" },
		{ "[service]\nexec=/bin/true\nready=fd:3\ntype=notify\n",
		  PATH ":3: ready: only for type = simple (notify has READY=1, forking its main pid)" },
		{ "[service]\nexec=/bin/true\ntype=oneshot\nready=fd:3\n",
		  PATH ":4: ready: only for type = simple (notify has READY=1, forking its main pid)" },
		{ "[service]\nexec=/bin/true\nready_timeout=soon\n",
		  PATH ":3: ready_timeout: bad value 'soon' (e.g. 500ms, 2s, 1m, 1h; at most 49 days)" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		is_str(error_of(t[i].text), t[i].want, "ready error %zu: %s", i, t[i].want);
	is_int(parse("[service]\nexec=/bin/true\ntype=forking\npidfile=/run/x.pid\n"), 0, "type = forking");
	ok(c.type == SVC_FORKING && c.restart == RESTART_ALWAYS, "forking: type, restart default always");
	is_str(error_of("[service]\nexec=/bin/true\ntype=forking\nready=port\nports=tcp:80\n"),
	       PATH ":4: ready: only for type = simple (notify has READY=1, forking its main pid)", "forking: no ready key");
	is_int(parse("[service]\nexec=/bin/true\n"), 0, "no ready key");
	ok(c.ready == READY_SPAWN && c.ready_timeout_ms == 30000, "ready when spawned, ready_timeout 30s");
	is_int(parse("[service]\nexec=/bin/true\nready = fd:255\nready_timeout = 0\n"), 0, "fd:255");
	ok(c.ready == READY_FD && c.ready_fd == 255 && c.ready_timeout_ms == 0, "fd 255, no time limit");
	is_int(parse("[service]\nexec=/bin/true\nready=port\nports=tcp:80\n"), 0, "port with ports");
	is_int(c.ready, READY_PORT, "ready = port");
	is_int(parse("[service]\nexec=/bin/true\nsockets=/run/a\nready=socket\n"), 0, "sockets first");
	is_int(c.ready, READY_SOCKET, "ready = socket");
	is_int(parse("[service]\nexec=/bin/true\npidfile=/run/a.pid\nready=pidfile\n"), 0, "pidfile");
	is_int(c.ready, READY_PIDFILE, "ready = pidfile");
}

int main(void)
{
	test_defaults();
	test_ready();
	test_every_key();
	test_values();
	test_continuation();
	test_errors();
	test_limits();
	test_not_executable();
	test_hash();
	return done();
}
