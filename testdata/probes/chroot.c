/* Changes its root to ./jail (chroot needs root), then names files as a program inside sees them:
 * "/" and ".." stay in the jail; a relative name from a working directory left outside it does not. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void touch(const char *p) { close(open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644)); }

int main(void) {
    if (chroot("jail") != 0) { perror("chroot"); return 1; }
    touch("outside.txt");              /* the working directory is still the one outside the jail */
    if (chdir("/") != 0) return 1;     /* the jail's root */
    touch("/abs.txt");
    touch("../../up.txt");             /* ".." stops at the root */
    char b[8];
    int fd = open("/in.txt", O_RDONLY);
    if (fd >= 0) { read(fd, b, sizeof b); close(fd); }
    if (chdir("/work") != 0) return 1;
    touch("after-chdir.txt");
    return 0;
}
