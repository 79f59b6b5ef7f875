/*
 * execve's arguments changed in memory by another thread of the caller while it execs: each of
 * N children (argv[1], default 200) starts a thread that keeps rewriting the string argv[1] of
 * the exec between "good" and "evil", then execs /bin/echo with it, its standard output going to
 * out.I. With "path" (argv[2]) the thread rewrites the file name instead, between /bin/echo and
 * /bin/true, and the arguments are "prog ran-echo" (out.I is empty when true ran). A tracer that
 * reads the call's memory at its entry may record another word, or another program, than ran.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char word[8] = "good";
static char path[16] = "/bin/echo";

static void *flip_word(void *p) {
    (void)p;
    for (;;) {
        memcpy(word, "evil", 5);
        memcpy(word, "good", 5);
    }
    return NULL;
}

static void *flip_path(void *p) {
    (void)p;
    for (;;) {
        memcpy(path, "/bin/true", 10);
        memcpy(path, "/bin/echo", 10);
    }
    return NULL;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    int paths = argc > 2 && strcmp(argv[2], "path") == 0;
    for (int i = 0; i < n; i++) {
        pid_t child = fork();
        if (child == 0) {
            char out[32];
            snprintf(out, sizeof out, "out.%d", i);
            int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(fd, 1);
            close(fd);
            pthread_t t;
            pthread_create(&t, NULL, paths ? flip_path : flip_word, NULL);
            char *args[] = {paths ? "prog" : "/bin/echo", paths ? "ran-echo" : word, NULL};
            execv(paths ? path : "/bin/echo", args);
            _exit(127);
        }
        waitpid(child, NULL, 0);
    }
    return 0;
}
