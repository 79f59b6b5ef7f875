/* Reaches a process outside the trace (pid in argv[1]) the ways that would make it act for the
 * program: ptrace(PTRACE_SEIZE), process_vm_writev, /proc/PID/mem opened for writing. Prints the
 * outcome of each ("0" or the errno's name), one per line. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

static void say(long r) {
    printf("%s\n", r < 0 ? (errno == EPERM ? "EPERM" : errno == EACCES ? "EACCES" : errno == EFAULT ? "EFAULT" : strerror(errno)) : "0");
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    pid_t pid = atoi(argv[1]);
    say(ptrace(PTRACE_SEIZE, pid, 0, 0));
    char byte = 0;
    struct iovec local = {&byte, 1}, remote = {(void *) 0x10, 1}; /* an address no process maps: EFAULT when allowed */
    say(process_vm_writev(pid, &local, 1, &remote, 1, 0));
    char mem[64];
    snprintf(mem, sizeof mem, "/proc/%d/mem", pid);
    int fd = open(mem, O_RDWR);
    say(fd);
    return 0;
}
