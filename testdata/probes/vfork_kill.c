/*
 * vfork children killed as soon as the parent resumes, that is once the kernel has replaced
 * their program (or they died): a tracer may see no exec event for them, and no result.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 30; i++) {
		pid_t child = vfork();
		if (child == 0) {
			execl("/bin/true", "true", (char *)0);
			_exit(127);
		}
		kill(child, SIGKILL);
		waitpid(child, 0, 0);
	}
	return 0;
}
