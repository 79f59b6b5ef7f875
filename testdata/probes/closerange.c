/* close_range and pipe2: which fds survive into the exec'd cat. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <sys/syscall.h>

int main(void) {
    int a[2], b[2];
    pipe2(a, 0);                 /* inherited unless closed */
    pipe2(b, O_CLOEXEC);         /* never inherited */
    int keep = open("kept.txt", O_WRONLY | O_CREAT, 0644);
    dup2(keep, 7);               /* fd 7 survives: 7 < 8 */
    syscall(SYS_close_range, 8, ~0U, 0);
    syscall(SYS_close_range, 3, 6, CLOSE_RANGE_CLOEXEC);
    execl("/bin/cat", "cat", (char *)0);
    return 1;
}
