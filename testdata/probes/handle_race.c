/*
 * open_by_handle_at racing a thread that shares the fd table: the thread keeps dup2()ing an
 * O_PATH fd of decoy.txt onto fd 7 while the main thread closes fd 7 and opens in.txt by its
 * handle, which lands there. A tracer that names the new fd from /proc after the call can see
 * decoy.txt there (never read: O_PATH), and must not take it for the file opened.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile int stop;
static int decoy;

static void *spin(void *arg)
{
	(void)arg;
	while (!stop)
		dup2(decoy, 7);
	return NULL;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 2000;
	struct file_handle *h = malloc(sizeof(*h) + MAX_HANDLE_SZ);
	h->handle_bytes = MAX_HANDLE_SZ;
	int mount_id;
	if (name_to_handle_at(AT_FDCWD, "in.txt", h, &mount_id, 0) != 0) {
		perror("name_to_handle_at");
		return 2;
	}
	int mount_fd = open(".", O_RDONLY | O_DIRECTORY);
	decoy = open("decoy.txt", O_PATH);
	if (mount_fd < 0 || decoy < 0)
		return 3;
	while (dup(decoy) < 6) /* every fd below 7 taken: the handle's file gets 7 when it is free */
		;
	pthread_t t;
	pthread_create(&t, NULL, spin, NULL);
	int landed = 0;
	for (int i = 0; i < rounds; i++) {
		close(7);
		int fd = open_by_handle_at(mount_fd, h, O_RDONLY);
		if (fd == 7)
			landed++;
		else if (fd >= 0)
			close(fd);
	}
	stop = 1;
	pthread_join(t, NULL);
	printf("in.txt opened as fd 7 %d times\n", landed);
	return 0;
}
