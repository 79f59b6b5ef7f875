/*
 * Everything tot binds through the Foreign Function & Memory API (package tot.linux).
 * The bindings in src/main/java/tot/linux are written by hand in jextract's shape from this
 * file; NativeLayoutTest compiles a probe against the system headers and checks every
 * struct size, field offset and constant named here.
 *
 * Functions: two downcalls serve everything.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/bpf.h>     /* the eBPF engine's bpf() commands */
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <poll.h>          /* the eBPF engine's guard waits on its seccomp listener */
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>     /* SECCOMP_IOCTL_NOTIF_*: _IOWR */
#include <sys/mman.h>      /* MFD_CLOEXEC, mmap of the eBPF ring buffer */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

/* ptrace, wait4, kill, tgkill, process_vm_readv/writev, rt_sigprocmask: errno captured. */
long syscall(long number, ...);

int posix_spawn(pid_t *pid, const char *path,
                const posix_spawn_file_actions_t *file_actions,
                const posix_spawnattr_t *attrp,
                char *const argv[], char *const envp[]);

extern char **environ;

/* A command started in another directory (the eBPF engine: no stopper shell to cd). */
int posix_spawn_file_actions_init(posix_spawn_file_actions_t *file_actions);
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *file_actions, const char *path);
int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *file_actions);

/* A handler without SA_RESTART for the signal that wakes the tracer thread out of wait4. */
int sigaction(int signum, const struct sigaction *act, struct sigaction *oldact);
pid_t getpid(void);           /* its address is that handler: a no-op, async-signal-safe */

/* Structs read or written (x86_64 layouts). */
struct user_regs_struct;      /* PTRACE_GETREGS / PTRACE_SETREGS: 27 unsigned longs */
struct ptrace_syscall_info;   /* PTRACE_GET_SYSCALL_INFO */
struct sock_filter;           /* one BPF instruction */
struct sock_fprog;            /* seccomp(SECCOMP_SET_MODE_FILTER) argument */
struct seccomp_data;          /* what the BPF program loads: nr, arch, ip, args[6] */
struct seccomp_notif;         /* SECCOMP_IOCTL_NOTIF_RECV: a call the eBPF engine's guard decides */
struct seccomp_notif_resp;    /* SECCOMP_IOCTL_NOTIF_SEND: its answer */
struct iovec;                 /* process_vm_readv / process_vm_writev */
struct open_how;              /* openat2 */
struct clone_args;            /* clone3 */
struct sigaction;             /* glibc's: handler, 128-byte mask, flags, restorer */
struct stat;                  /* newfstatat: st_mode (a directory, a file?); a file's identity for its sha1 (dev, ino, size, mtim, ctim) */
struct statx;                 /* statx(AT_STATX_DONT_SYNC, STATX_TYPE): whether a traced open opened a directory */
struct dirent64;              /* getdents64: listing /proc/PID/fd and /proc/PID/task */
struct flock;                 /* fcntl(F_OFD_SETLK, F_OFD_GETLK): a run being written marks its database (ByteLocks) */

/* Constants are listed in NativeLayoutTest's probe (one line each) and in tot.linux.Linux. */
