/*
 * A thread takes a working directory and an fd table of its own (unshare CLONE_FS, CLONE_FILES),
 * changes directory and closes an fd there: the main thread's relative names and its fd 3 are
 * as they were. (A thread's unshare is how a program gives one thread its own cwd.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

static void *own_cwd_and_fds(void *arg)
{
	(void)arg;
	if (unshare(CLONE_FS | CLONE_FILES) != 0 || chdir("sub") != 0)
		return (void *)1;
	close(3);
	close(open("thread_here", O_WRONLY | O_CREAT, 0644));
	return 0;
}

int main(void)
{
	if (open("held", O_WRONLY | O_CREAT, 0644) != 3)
		return 2;
	pthread_t t;
	void *failed;
	pthread_create(&t, 0, own_cwd_and_fds, 0);
	pthread_join(t, &failed);
	if (failed)
		return 3;
	close(open("main_here", O_WRONLY | O_CREAT, 0644));
	execl("/bin/true", "true", (char *)0); /* fd 3 is still the main thread's: inherited */
	return 4;
}
