/* Makes and ends threads without pause, forever: /proc/PID/task always lists some that have
 * just ended. Each thread opens argv[1]. With "main_exits" as argv[2], the main thread instead
 * starts one thread that opens argv[1] every 10 ms and then calls pthread_exit (a zombie leader
 * whose process goes on). */
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

static const char *file;

static void *once(void *arg) {
    (void) arg;
    int fd = open(file, O_RDONLY);
    if (fd >= 0) close(fd);
    return NULL;
}

static void *forever(void *arg) {
    for (;;) {
        once(arg);
        usleep(10000);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    file = argv[1];
    pthread_t t[4];
    if (argc > 2 && !strcmp(argv[2], "main_exits")) {
        pthread_create(&t[0], NULL, forever, NULL);
        pthread_exit(NULL);
    }
    for (;;) {
        for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, once, NULL);
        for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    }
}
