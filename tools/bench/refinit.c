// SPDX-License-Identifier: MIT
/*
 * refinit: the bench's "minimal" row, the floor every ratio is taken
 * against.  A PID 1 that only forks, execs and waits: it reads FILE (one
 * service a line, words separated by spaces, at most 64 lines), starts
 * each, and restarts a service the moment it exits, with no delay, no
 * limit, no state and no signal handling.  Every other pid it reaps and
 * forgets.  Not a usable init: it exists so that the bench knows what a
 * fork/exec/wait loop costs on this machine.
 *   refinit FILE
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { MAX_SVCS = 64, MAX_WORDS = 16, FILE_MAX = 16384 };

static char text[FILE_MAX];
static char *words[MAX_SVCS][MAX_WORDS + 1];
static pid_t running[MAX_SVCS];

static int parse(char *cursor)
{
	int count = 0;

	while (*cursor && count < MAX_SVCS) {
		char *end = strchr(cursor, '\n');
		int n = 0;

		if (end)
			*end = '\0';
		for (char *word = strtok(cursor, " \t"); word && n < MAX_WORDS; word = strtok(NULL, " \t"))
			words[count][n++] = word;
		words[count][n] = NULL;
		if (n)
			count++;
		if (!end)
			break;
		cursor = end + 1;
	}
	return count;
}

static void start(int i)
{
	pid_t pid = fork();

	if (pid == 0) {
		execv(words[i][0], words[i]);
		_exit(127);
	}
	running[i] = pid;
}

int main(int argc, char **argv)
{
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : -1;
	ssize_t len = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
	int count;

	if (len < 0)
		return 1;
	close(fd);
	count = parse(text);
	for (int i = 0; i < count; i++)
		start(i);
	for (;;) {
		pid_t pid = wait(NULL);

		if (pid < 0) {
			if (errno == ECHILD)
				pause();
			continue;
		}
		for (int i = 0; i < count; i++)
			if (running[i] == pid)
				start(i);
	}
}
