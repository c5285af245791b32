/* SPDX-License-Identifier: MIT */
/*
 * The end of the system: signal what is left, sync, remount read-only and
 * reboot(2); as a plain process, exit 0.
 */
#ifndef KEEL_SHUTDOWN_H
#define KEEL_SHUTDOWN_H

enum shutdown_how { SHUT_NONE, SHUT_POWEROFF, SHUT_REBOOT, SHUT_HALT };

/* "poweroff", "reboot", "halt". */
const char *shutdown_name(int how);

/* Send sig to every process left: kill(-1) as PID 1, else to each child
 * of ours found in /proc.  Returns how many were signalled (PID 1: -1). */
int shutdown_signal_all(int sig);

/* Sync, remount / read-only (real system only), reboot(2) or exit(0).
 * Never returns. */
void shutdown_final(int how) __attribute__((noreturn));

#endif
