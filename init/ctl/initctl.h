/* SPDX-License-Identifier: MIT */
/*
 * initctl: the control client (the same binary, called as initctl).
 */
#ifndef KEEL_INITCTL_H
#define KEEL_INITCTL_H

/* Run initctl with its argv; returns the exit code (0 ok, 1 error,
 * 2 refused, 3 no such service, 100 usage, 111 cannot reach init). */
int initctl_main(int argc, char **argv);

#endif
