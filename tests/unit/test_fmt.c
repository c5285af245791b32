/* SPDX-License-Identifier: MIT */
/*
 * init/rt/fmt.c against glibc's vsnprintf: every conversion keel's
 * format strings use (grep -ohE '%[-0-9.*lzhjt]*[a-zA-Z]' in init/ svc/,
 * PRIu32 included), the rest of what fmt.h says it supports, and a few
 * of keel's whole format strings, each with edge values.  For each case
 * the full text and the return value must be glibc's, and so must the
 * buffer for every len from 0 to the length + 2 (the bytes past the NUL
 * untouched).  Then the unsupported conversions: the marker, and the
 * arguments after a float still read right.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "init/rt/fmt.h"
#include "t.h"

#define BIG 512
#define SENTINEL 0x5a

static int fmt_call(char *dst, size_t len, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = fmt_vsnprintf(dst, len, format, ap);
	va_end(ap);
	return n;
}

/* Every len from 0 to the full length + 2: same return, same bytes in a
 * buffer filled with SENTINEL before.  Returns the first bad len or -1. */
static int every_len(size_t full, const char *format, va_list ap)
{
	for (size_t len = 0; len <= full + 2 && len + 4 <= BIG; len++) {
		char want[BIG], got[BIG];
		va_list a, b;

		memset(want, SENTINEL, sizeof want);
		memset(got, SENTINEL, sizeof got);
		va_copy(a, ap);
		va_copy(b, ap);
		int rw = vsnprintf(want, len, format, a);
		int rg = fmt_vsnprintf(got, len, format, b);
		va_end(a);
		va_end(b);
		if (rw != rg || memcmp(want, got, len + 4) != 0)
			return (int)len;
	}
	return -1;
}

/* text with newlines shown as \n, for one TAP line. */
static const char *one_line(char *dst, size_t len, const char *text)
{
	size_t n = 0;

	for (; *text && n + 3 < len; text++) {
		if (*text == '\n') {
			dst[n++] = '\\';
			dst[n++] = 'n';
		} else {
			dst[n++] = *text;
		}
	}
	dst[n] = '\0';
	return dst;
}

__attribute__((format(printf, 1, 2)))
static void same(const char *format, ...)
{
	char want[BIG], got[BIG];
	va_list ap, a, b;

	va_start(ap, format);
	va_copy(a, ap);
	va_copy(b, ap);
	int rw = vsnprintf(want, sizeof want, format, a);
	int rg = fmt_vsnprintf(got, sizeof got, format, b);
	va_end(a);
	va_end(b);
	int bad_len = rw == rg && rw >= 0 ? every_len((size_t)rw, format, ap) : -2;
	va_end(ap);
	char shown_format[BIG], shown_want[BIG];
	ok(rw == rg && strcmp(want, got) == 0 && bad_len == -1, "\"%s\" -> \"%s\"",
	   one_line(shown_format, sizeof shown_format, format), one_line(shown_want, sizeof shown_want, want));
	if (rw != rg || strcmp(want, got) != 0)
		printf("#   got \"%s\" (%d), want \"%s\" (%d)\n", got, rg, want, rw);
	else if (bad_len != -1)
		printf("#   differs when cut at len %d\n", bad_len);
}

static const char LONG[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-70chars";

static void conversions_keel_uses(void)
{
	same("%s", "");
	same("%s", "text");
	same("%d|%d|%d|%d", 0, -1, INT_MIN, INT_MAX);
	same("%u|%u", 0u, UINT_MAX);
	same("%lu|%lu", 0ul, ULONG_MAX);
	same("%llu|%llu", 0ull, (unsigned long long)UINT64_MAX);
	same("%lld|%lld|%lld", (long long)INT64_MIN, (long long)INT64_MAX, 0ll);
	same("%zu|%zu", (size_t)0, SIZE_MAX);
	same("%" PRIu32 "|%" PRIu32, (uint32_t)0, UINT32_MAX);
	for (int prec = -1; prec <= 12; prec++)
		same("[%.*s]", prec, "hello");
	same("[%.*s]", 0, "");
	same("[%.40s] [%.40s]", LONG, "short");
	same("[%.60s] [%.64s]", LONG, LONG);
	same("%02d|%02d|%02d|%02d", 5, -5, 123, 0);
	same("%04d|%04d|%04d", -12, 2026, 123456);
	same("%02u|%02u", 7u, 1234u);
	same("%03llu|%03llu|%03llu", 7ull, 0ull, 1234ull);
	same("[%-7s] [%-7s] [%-7s]", "ab", "exactly", "longer than 7");
	same("[%-3s] [%-5s] [%-8s] [%-10s] [%-11s] [%-12s] [%-16s]", "a", "b", "c", "d", "e", "f", "g");
	same("[%-4u] [%-4u] [%-3u] [%-7u] [%-8u]", 7u, 123456u, 0u, UINT_MAX, 42u);
	same("[%6u] [%6u] [%5llu] [%5llu]", 7u, 1234567u, 0ull, (unsigned long long)UINT64_MAX);
	same("[%-5d] [%-5d] [%-5d]", -12, 123456, INT_MIN);
}

static void keel_format_strings(void)
{
	same("%-3u %-16s %-11s %-7s %-5d %-8u %-12s %-7s %s\n", 1u, "sshd", "running", "-", 412, 3u,
	     "ready", "1d2h", "");
	same("%-7u boot %-4u %6us  %-10s %-16s %-11s restarts %-4u %s\n", 12u, 3u, 59u, "stopped",
	     "a-very-long-service-name", "failed", 4u, "exit 1");
	same("%04d-%02d-%02dT%02d:%02d:%02dZ", 2026, 12, 4, 4, 5, 9);
	same("-- keel: %s id %u run %u%s at %llu.%03llus %s --\n", "web", 3u, 2u, " (restart)", 123ull, 45ull,
	     "started");
	same("%s: path too long (%zu > %d characters)", "dir", (size_t)4097, 4096);
	same("%s: bad %s '%.*s'", "svc.ini", "user", 3, "rootkit");
	same("100%% of %d", 7);
}

/* What fmt.h supports beyond keel's own strings, with flags gcc calls
 * redundant ('0' with '-' or a precision, ' ' with '+'): glibc ignores
 * them and so must fmt. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void other_supported(void)
{
	same("%i|%i", -7, INT_MAX);
	same("%x|%X|%o|%x|%o", 0xbeefu, 0xbeefu, 8u, 0u, UINT_MAX);
	same("%llx|%llX|%llo", (unsigned long long)UINT64_MAX, 0xabcdefull, (unsigned long long)UINT64_MAX);
	same("[%c] [%3c] [%-3c]", 'a', 'b', 'c');
	same("%hhd|%hhu|%hd|%hu", 300, 300, 70000, 70000);
	same("%jd|%ju|%td|%zd", (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX, (ptrdiff_t)-5, (ssize_t)-6);
	same("%+d|%+d|% d|% d|%+ d", 5, -5, 5, -5, 5);
	same("[%+05d] [%-+6d] [% 05d] [%-05d]", 42, 42, 42, 42);
	same("[%.0d] [%.0u] [%.5d] [%.3u] [%8.3d] [%-8.3d] [%08.3d]", 0, 0u, -42, 7u, -7, -7, 7);
	same("[%*d] [%*d] [%-*s] [%*s]", 6, 42, -6, 42, 5, "ab", -5, "cd");
	same("[%*.*s] [%.*d]", 8, 2, "abcdef", 4, 9);
	same("[%5s] [%.2s] [%5.1s]", "abcdefg", "abcdefg", "abcdefg");
}
#pragma GCC diagnostic pop

static void unsupported(void)
{
	char buf[64];
	int n;

	n = fmt_call(buf, sizeof buf, "a%fb%dc", 1.5, 7);
	is_str(buf, "a%?b7c", "%%f prints the marker, the int after it still reads right");
	is_int(n, 6, "and returns the length");
	n = fmt_call(buf, sizeof buf, "%Lf|%s", (long double)2.5, "x");
	is_str(buf, "%?|x", "%%Lf takes a long double");
	n = fmt_call(buf, sizeof buf, "%p|%d", (void *)buf, 3);
	is_str(buf, "%?|3", "%%p takes a pointer");
	n = fmt_call(buf, sizeof buf, "%n|%d", &n, 4);
	is_str(buf, "%?|4", "%%n writes nothing");
	n = fmt_call(buf, sizeof buf, "%#x|%u", 255u, 5u);
	is_str(buf, "%?|5", "the # flag is not supported");
	n = fmt_call(buf, sizeof buf, "%ls|%lc|%d", L"w", (wint_t)'w', 6);
	is_str(buf, "%?|%?|6", "wide %%ls and %%lc take their argument");
	n = fmt_call(buf, sizeof buf, "x%qy%d", 1);
	is_str(buf, "x%?", "an unknown letter ends the output");
	n = fmt_call(buf, sizeof buf, "tail%");
	is_str(buf, "tail%?", "a lone %% at the end");
	is_int(n, 6, "its length");
}

int main(void)
{
	conversions_keel_uses();
	keel_format_strings();
	other_supported();
	unsupported();
	return done();
}
