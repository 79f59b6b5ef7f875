/*
 * execve("/bin/true") whose argv points COUNT times at one string of LENGTH bytes: the kernel
 * refuses it at once (E2BIG: its arguments' total and each one's length are bounded), a tracer
 * that reads every string before the kernel would read COUNT * LENGTH bytes. Prints the errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 4000, length = argc > 2 ? atol(argv[2]) : 1 << 20;
	char *s = malloc(length + 1);
	char **v = malloc((count + 2) * sizeof(*v));
	if (!s || !v)
		return 2;
	memset(s, 'a', length);
	s[length] = 0;
	v[0] = "true";
	for (long i = 1; i <= count; i++)
		v[i] = s;
	v[count + 1] = NULL;
	execv("/bin/true", v);
	printf("execve %s\n", strerrorname_np(errno));
	return 0;
}
