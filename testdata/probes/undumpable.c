/* A program that makes itself not dumpable (PR_SET_DUMPABLE 0, as ssh-agent does): a tot
 * without CAP_SYS_PTRACE can then read neither its memory nor its /proc fd links. It reads
 * in.txt, writes out.tmp and renames it to out.txt, then names tot (its parent) as the owner of a
 * pipe's SIGIO in memory (F_SETOWN_EX) with F_SETSIG's SIGKILL: let through, the write that
 * follows kills tot. Last it changes to sub/ (a chdir tot cannot read) and runs `cat data.txt`,
 * readable again: sub/data.txt is what cat reads. Prints "NAME RESULT ERRNO-NAME" per attempt. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void report(const char *name, long r) {
    printf("%s %ld %s\n", name, r < 0 ? -1L : 0L, r < 0 ? strerrorname_np(errno) : "OK");
    fflush(stdout);
}

int main(void) {
    report("undumpable", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
    char buf[16];
    int in = open("in.txt", O_RDONLY);
    report("read", read(in, buf, sizeof buf));
    int out = open("out.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    report("write", write(out, "x\n", 2));
    close(out);
    report("rename", rename("out.tmp", "out.txt"));
    int p[2];
    pipe(p);
    fcntl(p[0], F_SETSIG, SIGKILL);
    struct f_owner_ex owner = {F_OWNER_PID, getppid()};
    report("fcntl_setown_ex_tot", fcntl(p[0], F_SETOWN_EX, &owner));
    fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK);
    write(p[1], "x", 1); /* SIGIO, as F_SETSIG's SIGKILL, to the owner */
    usleep(100000);
    report("chdir", chdir("sub"));
    execl("/bin/cat", "cat", "data.txt", (char *)0);
    return 1;
}
