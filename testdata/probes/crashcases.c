/* fptrace's crash cases, one after another; tot must record them and carry on.
 * argv[1] selects the final exec: "nullargv" runs execve(path, NULL, envp) with an env entry
 * without '='. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    /* bad pointers (EFAULT) for path arguments */
    syscall(SYS_openat, AT_FDCWD, (char *)1, O_RDONLY);
    syscall(SYS_open, (char *)-4096L, O_RDONLY);
    syscall(SYS_rename, (char *)1, "x");
    syscall(SYS_unlink, (char *)1);
    syscall(SYS_execve, (char *)1, (char **)0, (char **)0);
    syscall(SYS_chdir, (char *)1);
    /* an O_PATH|O_NOFOLLOW open of a dangling symlink (fixture "dangling") */
    int p = open("dangling", O_PATH | O_NOFOLLOW);
    /* dup2 onto a close-on-exec fd: the new fd is inherited */
    int a = open("kept.txt", O_RDONLY);
    int b = open("other.txt", O_RDONLY | O_CLOEXEC);
    dup2(a, b);
    /* still traced correctly afterwards */
    close(open("after.txt", O_RDONLY));
    if (p < 0 || a < 0 || b < 0) return 2;
    if (argc > 1 && strcmp(argv[1], "nullargv") == 0) {
        char *envp[] = {"NO_EQUALS_SIGN", "A=b", NULL};
        syscall(SYS_execve, "/bin/cat", (char **)0, envp);
        return 3;
    }
    execl("/bin/cat", "cat", (char *)0);
    return 4;
}
