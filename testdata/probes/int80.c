/* A 64-bit program that calls the kernel through the i386 ABI (int $0x80) and the x32 bit:
 * tot must decode the first and warn about what it cannot decode. Build with -no-pie so its
 * static strings lie below 4 GiB, where 32-bit pointers reach them. */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char out[] = "int80.out";
static char gone[] = "int80.gone";
static char text[] = "hi\n";
static unsigned int socket_args[3] = {1, 1, 0}; /* AF_UNIX, SOCK_STREAM, 0 */
static unsigned int sendto_args[6];             /* six words: the longest block socketcall takes */

static char buf[16];
static unsigned int kludge[2];                  /* msgrcv's old form through ipc: {msgp, msgtyp} */

static long i386_5(long nr, long a, long b, long c, long d, long e) {
    long r;
    __asm__ volatile ("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e) : "memory");
    return r;
}

static long i386(long nr, long a, long b, long c) {
    return i386_5(nr, a, b, c, 0, 0);
}

int main(void) {
    long fd = i386(5, (long) out, 01 | 0100 | 01000, 0644); /* open(out, O_WRONLY|O_CREAT|O_TRUNC) */
    i386(4, fd, (long) text, 3);                            /* write */
    i386(6, fd, 0, 0);                                      /* close */
    long unlinked = i386(10, (long) gone, 0, 0);            /* unlink */
    long sock = i386(102, 1, (long) socket_args, 0);        /* socketcall(SYS_SOCKET, …) */
    sendto_args[0] = sock;                                  /* sendto(sock, text, 3, 0, NULL, 0): not connected */
    sendto_args[1] = (unsigned int) (long) text;
    sendto_args[2] = 3;
    long sent = i386(102, 11, (long) sendto_args, 0);       /* socketcall(SYS_SENDTO, …) */
    long msgctl = i386_5(117, 14, -1, 2, 0, 0);             /* ipc(MSGCTL, -1, IPC_STAT, 0, NULL): msgctl(-1, IPC_STAT, NULL) */
    kludge[0] = (unsigned int) (long) buf;
    kludge[1] = 7;
    long received = i386_5(117, 12, -1, sizeof buf, 0, (long) kludge); /* ipc(MSGRCV, …): msgrcv(-1, buf, 16, 7, 0) */
    long unknown = i386(1000, 0, 0, 0);                     /* no such syscall */
    long x32 = syscall(0x40000000 | 87, gone);              /* x32 unlink */
    int x32errno = x32 < 0 ? errno : 0;
    printf("open %ld unlink %ld socket %ld sendto %ld msgctl %ld msgrcv %ld unknown %ld x32 %ld errno %d\n", fd, unlinked,
           sock >= 0 ? 0 : sock, sent, msgctl, received, unknown, x32, x32errno);
    return 0;
}
