/*
 * Threads of one process exec at once, 20 times (a child each): one exec wins and the kernel ends
 * the other threads (de_thread), those inside an exec of their own too. Their exec had no outcome
 * to doubt: the process's program was replaced by the winner's.
 */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_barrier_t start;

static void *exec_true(void *unused)
{
	(void)unused;
	pthread_barrier_wait(&start);
	execl("/bin/true", "true", (char *)0);
	return 0;
}

int main(void)
{
	for (int i = 0; i < 20; i++) {
		pid_t child = fork();
		if (child == 0) {
			pthread_t t;
			pthread_barrier_init(&start, 0, 4);
			for (int k = 0; k < 3; k++) pthread_create(&t, 0, exec_true, 0);
			exec_true(0);
			_exit(127);
		}
		waitpid(child, 0, 0);
	}
	return 0;
}
