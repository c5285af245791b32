/* SPDX-License-Identifier: MIT */
/*
 * Value parsers for the config loader: strings to booleans, integers,
 * durations, sizes, signals, names and ports.  Pure functions: no I/O, no
 * allocation, outputs are written only on success, every integer is
 * overflow-checked against its field's range.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "init/rt/num.h"
#include "init/rt/sig.h"
#include "svc/conf/conf.h"
#include "svc/conf/conf_val.h"

int val_bool(const char *s, bool *b)
{
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };

	if (val_enum(s, yes, 3) >= 0) {
		*b = true;
		return 0;
	}
	if (val_enum(s, no, 3) >= 0) {
		*b = false;
		return 0;
	}
	return -1;
}

/* Leading decimal digits of s into *v (at most max); returns the count of
 * digits, or -1 if there are none or the number exceeds max. */
static int digits(const char *s, uint64_t max, uint64_t *v)
{
	int n = num_prefix(s, 10, max, v);
	return n < 0 ? -1 : n;
}

int val_uint(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v;
	int n = digits(s, max, &v);

	if (n < 0 || s[n])
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int val_int(const char *s, int32_t min, int32_t max, int32_t *out)
{
	bool neg = s[0] == '-';
	uint64_t v, limit = neg ? (uint64_t)(-(int64_t)min) : (uint64_t)(max < 0 ? 0 : max);
	int n = digits(s + neg, limit, &v);
	int64_t value;

	if (n < 0 || s[neg + n])
		return -1;
	value = neg ? -(int64_t)v : (int64_t)v;
	if (value < min || value > max)
		return -1;
	*out = (int32_t)value;
	return 0;
}

int val_octal(const char *s, uint32_t max, uint32_t *out)
{
	uint32_t v = 0;
	int i = 0;

	for (; s[i] >= '0' && s[i] <= '7'; i++) {
		if (i == 4)
			return -1;
		v = v * 8 + (uint32_t)(s[i] - '0');
	}
	if (i == 0 || s[i] || v > max)
		return -1;
	*out = v;
	return 0;
}

int val_limit(const char *s, bool sized, uint64_t *out)
{
	static const char *const units[] = { "K", "M", "G", "T", "k", "m", "g", "t" };
	uint64_t v;
	int n, u, shift = 0;

	if (strcmp(s, "infinity") == 0) {
		*out = UINT64_MAX;
		return 0;
	}
	n = digits(s, SVC_LIMIT_MAX, &v);
	if (n < 0)
		return -1;
	if (s[n]) {
		u = sized ? val_enum(s + n, units, 8) : -1;
		if (u < 0)
			return -1;
		shift = 10 * (u % 4 + 1);
	}
	if (v > SVC_LIMIT_MAX >> shift)
		return -1;
	*out = v << shift;
	return 0;
}

/* Capability names by number (include/uapi/linux/capability.h), without "cap_". */
static const char *const cap_names[VAL_CAP_LAST + 1] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
	"setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
	"net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio",
	"sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
	"audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

int val_cap(const char *s, size_t len)
{
	if (len <= 4 || strncasecmp(s, "cap_", 4) != 0)
		return -1;
	s += 4;
	len -= 4;
	for (int i = 0; i <= VAL_CAP_LAST; i++)
		if (strlen(cap_names[i]) == len && strncasecmp(s, cap_names[i], len) == 0)
			return i;
	return -1;
}

bool val_is_id(const char *s)
{
	size_t i = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && !s[i];
}

int val_enum(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* Number, then an optional unit from units[] (scale[] its factor); the bare
 * number uses bare_scale.  The product must fit in 32 bits. */
static int scaled(const char *s, const char *const *units, const uint32_t *scale,
		  int nunits, uint32_t bare_scale, uint32_t *out)
{
	uint64_t v, f = bare_scale;
	int n = digits(s, UINT32_MAX, &v);

	if (n < 0)
		return -1;
	if (s[n]) {
		int u = val_enum(s + n, units, nunits);
		if (u < 0)
			return -1;
		f = scale[u];
	}
	if (v * f > UINT32_MAX)
		return -1;
	*out = (uint32_t)(v * f);
	return 0;
}

int conf_duration_ms(const char *s, uint32_t *ms)
{
	static const char *const units[] = { "ms", "s", "m", "h" };
	static const uint32_t scale[] = { 1, 1000, 60000, 3600000 };

	return scaled(s, units, scale, 4, 1000, ms);
}

int conf_size(const char *s, uint32_t *bytes)
{
	static const char *const units[] = { "K", "M", "G", "k", "m", "g" };
	static const uint32_t scale[] = { 1u << 10, 1u << 20, 1u << 30,
					  1u << 10, 1u << 20, 1u << 30 };

	return scaled(s, units, scale, 6, 1, bytes);
}

int val_signal(const char *s, uint8_t *sig)
{
	uint32_t n;

	if (val_uint(s, 31, &n) == 0) {
		if (n == 0)
			return -1;
		*sig = (uint8_t)n;
		return 0;
	}
	if (*s >= '0' && *s <= '9')
		return -1;   /* a number past 31 */
	int no = sig_parse(s);   /* the one table of names: init/rt/sig.c */
	if (no <= 0 || no > 31)
		return -1;
	*sig = (uint8_t)no;
	return 0;
}

static bool is_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

bool val_svc_name(const char *s, size_t len)
{
	if (len == 0 || len >= SVC_NAME_MAX || s[0] == '.' || s[0] == '@')
		return false;   /* "@...": PID 1's pseudo-jobs (init/health/boothook.h) */
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\0' || (!is_alnum(s[i]) && !strchr("-_.@", s[i])))
			return false;
	return true;
}

bool val_user(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= SVC_USER_MAX || s[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_alnum(s[i]) && !strchr("-_.", s[i]))
			return false;
	return true;
}

static const char *const protos[] = { "tcp", "udp", "tcp6", "udp6" };

const char *val_proto_name(int proto)
{
	return proto >= 0 && proto < 4 ? protos[proto] : "?";
}

int val_port(const char *s, size_t len, struct svc_port *p)
{
	char buf[16];
	char *colon;
	uint32_t port;
	int proto;

	if (len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	colon = strchr(buf, ':');
	if (!colon)
		return -1;
	*colon = '\0';
	proto = val_enum(buf, protos, 4);
	if (proto < 0 || val_uint(colon + 1, 65535, &port) < 0 || port == 0)
		return -1;
	p->proto = (uint8_t)proto;
	p->port = (uint16_t)port;
	return 0;
}

size_t val_next_item(const char **s, const char **word)
{
	const char *p = *s;
	size_t n = 0;

	while (*p == ' ' || *p == '\t' || *p == ',')
		p++;
	*word = p;
	while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != ',')
		n++;
	*s = p + n;
	return n;
}

void val_vmsg(char *out, size_t size, const char *path, int line, const char *fmt, va_list ap)
{
	int n = snprintf(out, size, "%s:%d: ", path, line);

	if (n >= 0 && (size_t)n < size)
		vsnprintf(out + n, size - (size_t)n, fmt, ap);
}
