/* Makes children that ask not to be traced (CLONE_UNTRACED), with clone and with clone3; each
 * child kills its parent's tracer (tot) and removes the file argv[1]; then a plain clone3. With
 * "wait" as argv[2], first waits to be traced (tot attach). Prints "NAME RESULT ERRNO-NAME" per
 * attempt. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

static int tracer;
static const char *victim;

static int traced(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int t = 0;
    while (fgets(line, sizeof line, f)) if (!strncmp(line, "TracerPid:", 10)) t = atoi(line + 10);
    fclose(f);
    return t;
}

static void report(const char *name, long r) {
    printf("%s %ld %s\n", name, r < 0 ? -1L : 0L, r < 0 ? strerrorname_np(errno) : "OK");
    fflush(stdout);
}

static int child(void *name) {
    char what[64];
    snprintf(what, sizeof what, "%s_kill", (char *) name);
    report(what, kill(tracer, SIGKILL));
    snprintf(what, sizeof what, "%s_unlink", (char *) name);
    report(what, unlink(victim));
    return 0;
}

int main(int argc, char **argv) {
    victim = argv[1];
    if (argc > 2 && !strcmp(argv[2], "wait")) {
        while (!traced()) usleep(10000);
        usleep(300000); /* seized, then stopped: its syscalls stop for tot from then on */
    }
    tracer = traced();
    char *stack = malloc(65536);
    int pid = clone(child, stack + 65536, CLONE_UNTRACED | SIGCHLD, "clone");
    report("clone", pid);
    if (pid > 0) waitpid(pid, NULL, 0);
    struct clone_args args = {.flags = CLONE_UNTRACED, .exit_signal = SIGCHLD};
    long r = syscall(SYS_clone3, &args, sizeof args);
    if (r == 0) _exit(child("clone3"));
    report("clone3", r);
    if (r > 0) waitpid(r, NULL, 0);
    struct clone_args plain = {.exit_signal = SIGCHLD};  /* a child that may be traced */
    r = syscall(SYS_clone3, &plain, sizeof plain);
    if (r == 0) _exit(0);
    report("clone3_plain", r);
    if (r > 0) waitpid(r, NULL, 0);
    return 0;
}
