// SPDX-License-Identifier: GPL-2.0
/*
 * tot's eBPF engine, kernel side: what the traced process tree does, without stopping it.
 *
 * Raw tracepoints on every syscall entry and exit, plus sched_process_fork/exec/exit. A process
 * is traced when its tgid is in `traced` (tot puts the command there; fork adds children), so any
 * other process costs one hash lookup. Which syscalls matter, and which of their arguments are
 * strings or point to a value to read, comes from `calls`, filled by tot from its syscall table
 * (tot.syscalls.SyscallTable) before the command starts. Strings are read at syscall EXIT from the
 * pointer saved at entry: the kernel has faulted the page in by then (at entry it may not be
 * resident, and a BPF program cannot fault). Records go to user space through one ring buffer in
 * the order they were reserved; what cannot be sent is counted, never silently dropped.
 *
 * Built by Maven with `clang -target bpf -g -O2`; CO-RE: the few kernel structs below are local
 * declarations that libbpf relocates against the running kernel's BTF.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <asm-generic/errno-base.h>

typedef unsigned long long u64;
typedef long long s64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

struct pt_regs {
	unsigned long bx, cx, dx, si, di, bp, ax, r10, r8, r9, orig_ax;
} __attribute__((preserve_access_index));

struct thread_info {
	u32 status;
} __attribute__((preserve_access_index));

typedef struct {
	int counter;
} atomic_t;

struct signal_struct {
	atomic_t live;
	struct task_struct *group_exec_task;
} __attribute__((preserve_access_index));

struct mm_struct {
	unsigned long arg_start, arg_end, env_start, env_end;
} __attribute__((preserve_access_index));

struct super_block {
	u32 s_dev;
} __attribute__((preserve_access_index));

struct inode {
	unsigned short i_mode;
	unsigned long i_ino;
	struct super_block *i_sb;
	u32 i_generation;
	long long i_size;
} __attribute__((preserve_access_index));

/* The status-change time, as each kernel keeps it: CO-RE picks the flavour the running one has. */
struct timespec64 {
	long long tv_sec;
	long tv_nsec;
} __attribute__((preserve_access_index));

struct inode___ctime_sec { /* 6.11 and later; since 6.13 bit 31 of the nanoseconds says the time was asked for (multigrain) */
	long long i_ctime_sec;
	u32 i_ctime_nsec;
} __attribute__((preserve_access_index));

struct inode___ctime_hidden { /* 6.6 to 6.10 */
	struct timespec64 __i_ctime;
} __attribute__((preserve_access_index));

struct inode___ctime_plain { /* before 6.6 */
	struct timespec64 i_ctime;
} __attribute__((preserve_access_index));

struct file {
	unsigned int f_mode;
	struct inode *f_inode;
} __attribute__((preserve_access_index));

#define FMODE_CREATED 0x100000 /* the open made the file (include/linux/fs.h, 1 << 20 since 4.19) */

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
} __attribute__((preserve_access_index));

struct files_struct {
	struct fdtable *fdt;
} __attribute__((preserve_access_index));

struct task_struct {
	struct thread_info thread_info;
	int pid, tgid;
	int exit_code, exit_signal;
	void *vfork_done;
	void *fs;
	struct files_struct *files;
	struct mm_struct *mm;
	struct signal_struct *signal;
} __attribute__((preserve_access_index));

struct linux_binprm {
	const char *filename, *interp;
} __attribute__((preserve_access_index));

#define X32_SYSCALL_BIT 0x40000000
#define TS_COMPAT 0x0002 /* arch/x86/include/asm/thread_info.h: an i386 syscall is running */

/* Record kinds (tot.trace.BpfRecord reads the same layout). */
#define KIND_CALL 1
#define KIND_FORK 2
#define KIND_EXEC 3
#define KIND_EXIT 4

/* `calls` value bits, as tot.trace.BpfCalls sets them from the syscall table. */
#define CALL_TRACED  0x1      /* record it */
#define CALL_AT_ENTRY 0x2     /* record at entry (the result is not needed: close) */
#define CALL_NO_RECORD 0x4    /* only remember the arguments (fork, clone: for the fork record) */
#define CALL_FAILED_ONLY 0x8  /* exec: a success is the exec record; only a failure is a call record */
#define CALL_GUARDED 0x10     /* names a process: tot's guard filter may refuse it before its entry (EPERM) */
#define CALL_FD_KIND 0x20     /* open: say whether the new fd is a directory */
#define STR1_SHIFT 8          /* index+1 of the first string argument (0: none) */
#define STR2_SHIFT 12         /* index+1 of the second */
#define DEREF_SHIFT 16        /* index+1 of an argument pointing to 8 bytes to read at exit */
#define ARGV_SHIFT 20         /* exec: index+1 of argv, whose argv[0] is read at entry (a script's is replaced) */
#define BLOCK_SHIFT 24        /* index+1 of an argument pointing to the 32-bit words of another call's arguments (socketcall) */
#define BLOCK_WORDS 6
#define ARGF_SHIFT 28         /* index+1 of the argument whose value must be in `call_args` (ioctl's request) */

/* Record flags. */
#define F_COMPAT 0x1          /* an i386 call (its numbers and argument registers) */
#define F_STR1_UNREADABLE 0x2
#define F_STR2_UNREADABLE 0x4
#define F_DEREF_UNREADABLE 0x8
#define F_TRUNCATED 0x10      /* argv or environment longer than a record holds */
#define F_ENV 0x20            /* the exec record carries the environment */
#define F_SPAWN_CALL 0x40     /* fork record: args/nr are the parent's spawning call */
#define F_SCRIPT 0x80         /* exec record of a #! script: argv[0] as given follows the file name */
#define F_BLOCK 0x100         /* call record: data[] holds the argument block's words read (len1 bytes) */
#define F_REFUSED 0x200       /* call record: it never ran (EPERM without an entry: tot's guard refused it) */
#define F_EMPTY_ARGV 0x400    /* exec record: the call's argv was empty (the "" the kernel gave the program is not the call's) */
#define F_FD_KNOWN 0x800      /* call record: the new fd's file was found; F_FD_DIRECTORY / F_FD_REGULAR say what it is */
#define F_FD_DIRECTORY 0x1000
#define NR_OPENAT2 437        /* the same number on x86_64 and i386 */
#define NR_OPEN_BY_HANDLE_AT 304
#define NR_OPEN_BY_HANDLE_AT_I386 342
#define FILEID_INO32_GEN 1
#define FILEID_INO32_GEN_PARENT 2
#define RESOLVE_IN_ROOT 0x10
#define F_IN_ROOT 0x2000      /* openat2 call record: open_how.resolve has RESOLVE_IN_ROOT ("/" and ".." stay in the dirfd) */
#define F_FD_REGULAR 0x4000   /* with F_FD_KNOWN: a regular file (the only kind O_TRUNC empties) */
#define F_FD_CREATED 0x8000   /* with F_FD_KNOWN: the open made the file (O_CREAT where there was none) */

/* Counters in `stats`. */
#define STAT_LOST 0           /* records the ring buffer had no room for */
#define STAT_INFLIGHT_FULL 1  /* syscalls whose entry could not be remembered */
#define STAT_TRACED_FULL 2    /* processes that could not be added to `traced` */
#define STAT_LIVE 3           /* traced processes alive: the last one's exit wakes tot at once */
#define STATS 4

#define SMALL_STR 256
#define ARG0_MAX 256
#define PATH_MAX 4096
#define ARGS_SMALL 8192
#define ARGS_BIG (128 * 1024)

struct record {
	u32 kind;
	u32 tid;
	u32 tgid;
	u32 nr;      /* the syscall (call, exec, fork with F_SPAWN_CALL) */
	u64 time;    /* CLOCK_MONOTONIC ns */
	s64 ret;     /* call: its result; exit: the wait status; fork: flags derived from the tasks */
	u64 args[6];
	u32 aux;     /* fork: the child's tid; exec: the tid that called exec; exit: 1 when the process is gone;
		      * call: an open with no path (open_by_handle_at): its file's device (the kernel's dev_t) */
	u32 flags;
	u16 len1;    /* bytes of data[] for the first string (with its NUL) or the argument block, then the second, then the third */
	u16 len2;
	u32 len3;    /* exec: the environment block; call: an open with no path: its file's i_generation */
	u64 extra;   /* the 8 bytes read at exit (pipe fds, open_how.flags, clone_args.flags); exit: records lost;
		      * call: an open with no path: its file's inode number */
	u64 start;   /* call: when it entered; exec: the bytes of argv */
	u64 size;    /* call: an open of a regular file: its size at the exit */
	u64 ctime;   /* ... and its status-change time (ns; 0: not known): user space hashes it later, and
		      * a file that changed meanwhile (another name, size or time) is left unhashed */
	u64 ino;     /* ... and its inode number: another file of the same size and time (written in the
		      * same tick of the file clock) renamed or linked in its place is not it */
};

struct inflight {
	u64 args[6];
	u64 time;
	u32 nr;
	u32 flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, u32);
	__type(value, u8);
} traced SEC(".maps");

/* [0 .. 1023] x86_64 numbers, [1024 .. 2047] i386 numbers. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2048);
	__type(key, u32);
	__type(value, u32);
} calls SEC(".maps");

/*
 * The argument values a call with an ARGF_SHIFT index is recorded for (as tot's seccomp filter
 * traps ioctl only for FIOCLEX/FIONCLEX): key (slot << 32) | the value as the kernel takes it,
 * an unsigned int.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, u64);
	__type(value, u32);
} call_args SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, u32);
	__type(value, struct inflight);
} inflight SEC(".maps");

/*
 * argv[0] of an exec, read at its entry: for a #! script the kernel replaces it on the new stack
 * (with the interpreter, then the script's name), so the exec record cannot read it there.
 */
struct arg0 {
	u32 len;   /* with its NUL; 0: unreadable */
	u32 empty; /* argv was NULL or {NULL}: the kernel then gives the program argv {""}, the call had none */
	char s[ARG0_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, u32);
	__type(value, struct arg0);
} exec_arg0 SEC(".maps");

/* Records lost per traced tgid: told with the process's exit. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, u32);
	__type(value, u64);
} lost SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, STATS);
	__type(key, u32);
	__type(value, u64);
} stats SEC(".maps");

/*
 * [0]: the tid whose forks start a traced process (tot's spawning thread), [1]: record
 * environments, [2] and [3]: the highest x86_64 and i386 numbers tot's table knows.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, u32);
} config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024);
} events SEC(".maps");

/*
 * Submitting wakes no one unless the ring is filling up (or the last traced process exits): tot
 * reads it every few tens of milliseconds anyway, and a wake-up per record would be a cross-CPU
 * wake-up per syscall of the traced tree.
 */
#define WAKE_AT (4 * 1024 * 1024)

static __always_inline u64 wake_flags(void)
{
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) > WAKE_AT ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline void count(u32 stat)
{
	u64 *v = bpf_map_lookup_elem(&stats, &stat);
	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline void count_lost(u32 tgid)
{
	count(STAT_LOST);
	u64 one = 1, *v = bpf_map_lookup_elem(&lost, &tgid);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&lost, &tgid, &one, BPF_NOEXIST);
}

static __always_inline u32 config_value(u32 key)
{
	u32 *v = bpf_map_lookup_elem(&config, &key);
	return v ? *v : 0;
}

static __always_inline int is_traced(u32 tgid)
{
	return bpf_map_lookup_elem(&traced, &tgid) != 0;
}

static __always_inline void header(struct record *r, u32 kind, u64 pid_tgid)
{
	r->kind = kind;
	r->tid = (u32)pid_tgid;
	r->tgid = pid_tgid >> 32;
	r->time = bpf_ktime_get_ns();
	r->aux = 0;
	r->flags = 0;
	r->len1 = r->len2 = 0;
	r->len3 = 0;
	r->extra = 0;
	r->ret = 0;
	r->nr = 0;
	r->start = 0;
	r->size = 0;
	r->ctime = 0;
	r->ino = 0;
}

static __always_inline int compat_call(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	return (BPF_CORE_READ(task, thread_info.status) & TS_COMPAT) != 0;
}

static __always_inline u32 call_bits(u32 nr, int compat)
{
	if (nr > config_value(compat ? 3 : 2))
		return CALL_TRACED | CALL_AT_ENTRY; /* newer than tot's table: recorded, so that it is said */
	if (nr >= 1024)
		return 0;
	u32 key = nr + (compat ? 1024 : 0);
	u32 *v = bpf_map_lookup_elem(&calls, &key);
	return v ? *v : 0;
}

/* The arguments as the syscall ABI passes them (i386: ebx, ecx, edx, esi, edi, ebp). */
static __always_inline void read_args(struct pt_regs *regs, int compat, u64 *args)
{
	if (compat) {
		args[0] = (u32)BPF_CORE_READ(regs, bx);
		args[1] = (u32)BPF_CORE_READ(regs, cx);
		args[2] = (u32)BPF_CORE_READ(regs, dx);
		args[3] = (u32)BPF_CORE_READ(regs, si);
		args[4] = (u32)BPF_CORE_READ(regs, di);
		args[5] = (u32)BPF_CORE_READ(regs, bp);
	} else {
		args[0] = BPF_CORE_READ(regs, di);
		args[1] = BPF_CORE_READ(regs, si);
		args[2] = BPF_CORE_READ(regs, dx);
		args[3] = BPF_CORE_READ(regs, r10);
		args[4] = BPF_CORE_READ(regs, r8);
		args[5] = BPF_CORE_READ(regs, r9);
	}
}

static __always_inline u64 arg_at(const u64 *args, u32 index_plus_one)
{
	switch (index_plus_one) {
	case 1: return args[0];
	case 2: return args[1];
	case 3: return args[2];
	case 4: return args[3];
	case 5: return args[4];
	case 6: return args[5];
	}
	return 0;
}

/*
 * A multiplexer's argument block: word by word (the kernel reads only as many as the call takes,
 * and the block may end at the end of a mapping), as many as can be read.
 */
static __always_inline void read_block(struct record *r, u8 *data, u64 block)
{
	u32 n = 0;
	for (int i = 0; i < BLOCK_WORDS; i++) {
		if (bpf_probe_read_user(data + 4 * i, 4, (void *)(block + 4 * i)) != 0)
			break;
		n++;
	}
	if (n) {
		r->flags |= F_BLOCK;
		r->len1 = 4 * n;
	}
}

/*
 * Sends a call record: header + up to two strings read from the saved pointers, or an argument
 * block. The record is reserved at a fixed size (the verifier needs one): small first; a string
 * that fills its small slot is read again into a record with room for PATH_MAX.
 */
#define SEND_CALL(SIZE)                                                                            \
	static __always_inline int send_call_##SIZE(u64 pid_tgid, u32 nr, u32 bits, u32 flags,   \
						    const u64 *args, s64 ret, u64 start, u64 extra, u32 aux, u32 gen, \
						    u64 size, u64 ctime, u64 ino)                                    \
	{                                                                                          \
		struct record *r = bpf_ringbuf_reserve(&events, sizeof(struct record) + 2 * SIZE, 0); \
		if (!r)                                                                            \
			return -1;                                                                 \
		header(r, KIND_CALL, pid_tgid);                                                    \
		r->nr = nr;                                                                        \
		r->ret = ret;                                                                      \
		r->flags = flags;                                                                  \
		for (int i = 0; i < 6; i++)                                                        \
			r->args[i] = args[i];                                                      \
		r->extra = extra;                                                                  \
		r->aux = aux;                                                                      \
		r->len3 = gen;                                                                     \
		r->start = start;                                                                  \
		r->size = size;                                                                    \
		r->ctime = ctime;                                                                  \
		r->ino = ino;                                                                      \
		u8 *data = (u8 *)(r + 1);                                                          \
		u32 s1 = (bits >> STR1_SHIFT) & 0xf, s2 = (bits >> STR2_SHIFT) & 0xf;             \
		if (s1) {                                                                          \
			long n = bpf_probe_read_user_str(data, SIZE, (void *)arg_at(args, s1));  \
			if (n < 0)                                                                 \
				r->flags |= F_STR1_UNREADABLE;                                     \
			else if (n >= SIZE && SIZE < PATH_MAX) {                                   \
				bpf_ringbuf_discard(r, BPF_RB_NO_WAKEUP);                          \
				return 1;                                                          \
			} else                                                                     \
				r->len1 = n;                                                       \
		}                                                                                  \
		if (s2) {                                                                          \
			long n = bpf_probe_read_user_str(data + SIZE, SIZE, (void *)arg_at(args, s2)); \
			if (n < 0)                                                                 \
				r->flags |= F_STR2_UNREADABLE;                                     \
			else if (n >= SIZE && SIZE < PATH_MAX) {                                   \
				bpf_ringbuf_discard(r, BPF_RB_NO_WAKEUP);                          \
				return 1;                                                          \
			} else                                                                     \
				r->len2 = n;                                                       \
		}                                                                                  \
		u32 b = (bits >> BLOCK_SHIFT) & 0xf;                                               \
		if (b && !s1 && !s2)                                                               \
			read_block(r, data, arg_at(args, b));                                      \
		bpf_ringbuf_submit(r, wake_flags());                                                          \
		return 0;                                                                          \
	}

SEND_CALL(SMALL_STR)
SEND_CALL(PATH_MAX)

static __always_inline u64 ctime_nanos(struct inode *inode)
{
	struct inode___ctime_sec *a = (void *)inode;
	if (bpf_core_field_exists(a->i_ctime_sec))
		return BPF_CORE_READ(a, i_ctime_sec) * 1000000000ULL + (BPF_CORE_READ(a, i_ctime_nsec) & 0x3fffffff);
	struct inode___ctime_hidden *b = (void *)inode;
	if (bpf_core_field_exists(b->__i_ctime))
		return BPF_CORE_READ(b, __i_ctime.tv_sec) * 1000000000ULL + BPF_CORE_READ(b, __i_ctime.tv_nsec);
	struct inode___ctime_plain *c = (void *)inode;
	return BPF_CORE_READ(c, i_ctime.tv_sec) * 1000000000ULL + BPF_CORE_READ(c, i_ctime.tv_nsec);
}

/*
 * F_FD_KNOWN, with F_FD_DIRECTORY or F_FD_REGULAR for fd `fd` of the current task's file and
 * F_FD_CREATED when the open made it; 0 when not
 * found. Its file's inode number, device and generation into *ino, *dev and *gen; a regular
 * file's size and status-change time into *size and *ctime.
 */
static __always_inline u32 fd_kind(s64 fd, u64 *ino, u32 *dev, u32 *gen, u64 *size, u64 *ctime)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	if (!fdt || fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return 0;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = 0;
	if (bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) != 0 || !f)
		return 0;
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	unsigned short mode = BPF_CORE_READ(inode, i_mode);
	*ino = BPF_CORE_READ(inode, i_ino);
	*dev = BPF_CORE_READ(inode, i_sb, s_dev);
	*gen = BPF_CORE_READ(inode, i_generation);
	u32 type = mode & 0170000;
	if (type == 0100000) {
		*size = BPF_CORE_READ(inode, i_size);
		*ctime = ctime_nanos(inode);
	}
	u32 created = BPF_CORE_READ(f, f_mode) & FMODE_CREATED ? F_FD_CREATED : 0;
	return F_FD_KNOWN | (type == 0040000 ? F_FD_DIRECTORY : 0) | (type == 0100000 ? F_FD_REGULAR : 0) | created;
}

/*
 * Whether the file handle at `handle` (struct file_handle in the program's memory) can name the
 * inode `ino` of generation `gen`: the inode number and generation of FILEID_INO32_GEN(_PARENT)
 * handles (ext2/3/4, and others through the generic encoder) must be the file's; a handle of
 * another encoding cannot be checked here and passes.
 */
static __always_inline int handle_is(u64 handle, u64 ino, u32 gen)
{
	struct {
		u32 bytes;
		int type;
		u32 ino;
		u32 gen;
	} h;
	if (bpf_probe_read_user(&h, sizeof(h), (void *)handle) != 0)
		return 1;
	if ((h.type != FILEID_INO32_GEN && h.type != FILEID_INO32_GEN_PARENT) || h.bytes < 8)
		return 1;
	return h.ino == (u32)ino && h.gen == gen;
}

static __always_inline void send_call(u64 pid_tgid, u32 nr, u32 bits, int compat, u64 *args, s64 ret, u64 start)
{
	u32 flags = compat ? F_COMPAT : 0;
	u64 ino = 0, size = 0, ctime = 0;
	u32 dev = 0, gen = 0;
	if ((bits & CALL_FD_KIND) && ret >= 0)
		flags |= fd_kind(ret, &ino, &dev, &gen, &size, &ctime);
	u64 extra = 0;
	u32 aux = 0, generation = 0;
	u32 d = (bits >> DEREF_SHIFT) & 0xf;
	if (d && bpf_probe_read_user(&extra, sizeof(extra), (void *)arg_at(args, d)) != 0)
		flags |= F_DEREF_UNREADABLE;
	if (!d && !((bits >> STR1_SHIFT) & 0xf)) { /* an open with no path: tot names its file from its fd */
		extra = ino;
		aux = dev;
		generation = gen;
		if (nr == (compat ? NR_OPEN_BY_HANDLE_AT_I386 : NR_OPEN_BY_HANDLE_AT) && !handle_is(args[1], ino, gen))
			extra = 0; /* another file is at the fd by now (a thread dup2'ed it there): left unnamed */
	}
	u64 resolve = 0;
	if (d && nr == NR_OPENAT2 && bpf_probe_read_user(&resolve, sizeof(resolve), (void *)(arg_at(args, d) + 16)) == 0
	    && (resolve & RESOLVE_IN_ROOT))
		flags |= F_IN_ROOT;
	u64 stamp_ino = size || ctime ? ino : 0; /* a regular file's */
	int rc = send_call_SMALL_STR(pid_tgid, nr, bits, flags, args, ret, start, extra, aux, generation, size, ctime, stamp_ino);
	if (rc > 0)
		rc = send_call_PATH_MAX(pid_tgid, nr, bits, flags, args, ret, start, extra, aux, generation, size, ctime, stamp_ino);
	if (rc < 0)
		count_lost(pid_tgid >> 32);
}

/* save_arg0's struct arg0, built here rather than on a stack that sys_enter's own frame leaves too small for it */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct arg0);
} arg0_scratch SEC(".maps");

static __noinline void save_arg0(u32 tid, int compat, u64 argv)
{
	u32 zero = 0;
	struct arg0 *a = bpf_map_lookup_elem(&arg0_scratch, &zero);
	if (!a)
		return;
	u64 ptr = 0;
	long rc;
	if (compat) {
		u32 p32 = 0;
		rc = bpf_probe_read_user(&p32, sizeof(p32), (void *)argv);
		ptr = p32;
	} else {
		rc = bpf_probe_read_user(&ptr, sizeof(ptr), (void *)argv);
	}
	a->empty = argv == 0 || (rc == 0 && ptr == 0);
	long n = ptr ? bpf_probe_read_user_str(a->s, sizeof(a->s), (void *)ptr) : -1;
	a->len = n > 0 && n < ARG0_MAX ? n : 0; /* cut short counts as unreadable: said, never a wrong argv[0] */
	bpf_map_update_elem(&exec_arg0, &tid, a, BPF_ANY);
}

SEC("raw_tracepoint/sys_enter")
int sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	if (!is_traced(pid_tgid >> 32))
		return 0;
	u32 nr = ctx->args[1];
	int compat = compat_call();
	u32 bits = call_bits(nr, compat);
	if (!compat && (nr & X32_SYSCALL_BIT))
		bits = CALL_TRACED | CALL_AT_ENTRY; /* an x32 call: tot cannot decode it, but says so */
	if (!(bits & CALL_TRACED))
		return 0;
	struct inflight in = {};
	read_args((struct pt_regs *)ctx->args[0], compat, in.args);
	u32 filtered = (bits >> ARGF_SHIFT) & 0xf;
	if (filtered) {
		u64 key = ((u64)(nr + (compat ? 1024 : 0)) << 32) | (u32)arg_at(in.args, filtered);
		if (!bpf_map_lookup_elem(&call_args, &key))
			return 0;
	}
	in.nr = nr;
	in.flags = compat ? F_COMPAT : 0;
	in.time = bpf_ktime_get_ns();
	if (bits & CALL_AT_ENTRY) {
		send_call(pid_tgid, nr, bits, compat, in.args, 0, in.time);
		return 0;
	}
	u32 tid = pid_tgid;
	u32 argv_index = (bits >> ARGV_SHIFT) & 0xf;
	if (argv_index)
		save_arg0(tid, compat, arg_at(in.args, argv_index));
	if (bpf_map_update_elem(&inflight, &tid, &in, BPF_ANY) != 0) {
		count(STAT_INFLIGHT_FULL);
		count_lost(pid_tgid >> 32);
	}
	return 0;
}

/*
 * An exit without an entry: a seccomp filter that refuses a call skips its entry tracepoint, not
 * its exit. A call that names a process and failed with EPERM so is one tot's guard refused
 * (the guard only refuses those), and so is an x32 call that failed with ENOSYS (the guard
 * refuses them all): recorded, its arguments still in the registers.
 */
static __noinline int refused(struct bpf_raw_tracepoint_args *ctx, u64 pid_tgid)
{
	s64 ret = ctx->args[1];
	if (ret != -1 /* -EPERM */ && ret != -38 /* -ENOSYS */)
		return 0;
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	int compat = compat_call();
	u32 nr = BPF_CORE_READ(regs, orig_ax);
	int x32 = !compat && (nr & X32_SYSCALL_BIT);
	if (x32 ? ret != -38 : (ret != -1 || !(call_bits(nr, compat) & CALL_GUARDED)))
		return 0;
	struct record *r = bpf_ringbuf_reserve(&events, sizeof(struct record), 0);
	if (!r) {
		count_lost(pid_tgid >> 32);
		return 0;
	}
	header(r, KIND_CALL, pid_tgid);
	r->nr = nr;
	r->ret = ret;
	r->flags = F_REFUSED | (compat ? F_COMPAT : 0);
	u64 args[6];
	read_args(regs, compat, args);
	for (int i = 0; i < 6; i++)
		r->args[i] = args[i];
	r->start = r->time;
	bpf_ringbuf_submit(r, wake_flags());
	return 0;
}

SEC("raw_tracepoint/sys_exit")
int sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	if (!is_traced(pid_tgid >> 32))
		return 0;
	u32 tid = pid_tgid;
	struct inflight *in = bpf_map_lookup_elem(&inflight, &tid);
	if (!in)
		return refused(ctx, pid_tgid);
	struct inflight saved = *in;
	bpf_map_delete_elem(&inflight, &tid);
	s64 ret = ctx->args[1];

	u32 bits = call_bits(saved.nr, saved.flags & F_COMPAT);
	if (bits & CALL_NO_RECORD)
		return 0;
	if (bits & CALL_FAILED_ONLY)
		bpf_map_delete_elem(&exec_arg0, &tid);
	if ((bits & CALL_FAILED_ONLY) && ret >= 0)
		return 0;
	send_call(pid_tgid, saved.nr, bits, saved.flags & F_COMPAT, saved.args, ret, saved.time);
	return 0;
}

SEC("raw_tracepoint/sched_process_fork")
int process_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	u32 ptgid = BPF_CORE_READ(parent, tgid), ppid = BPF_CORE_READ(parent, pid);
	u32 ctgid = BPF_CORE_READ(child, tgid), cpid = BPF_CORE_READ(child, pid);
	int root = config_value(0) != 0 && config_value(0) == ppid;
	if (!root && !is_traced(ptgid))
		return 0;
	if (ctgid != ptgid) {
		u8 one = 1;
		long rc = bpf_map_update_elem(&traced, &ctgid, &one, BPF_NOEXIST);
		if (rc == 0) {
			count(STAT_LIVE);
		} else if (rc != -EEXIST) {
			count(STAT_TRACED_FULL);
			count_lost(ptgid);
		}
	}
	if (root)
		return 0; /* tot's own spawn: the command's process is the start of the trace, tot knows it */
	struct record *r = bpf_ringbuf_reserve(&events, sizeof(struct record), 0);
	if (!r) {
		count_lost(ptgid);
		return 0;
	}
	header(r, KIND_FORK, ((u64)ptgid << 32) | ppid);
	r->aux = cpid;
	/* what the child shares, from the tasks themselves (a clone tot did not see the entry of still says) */
	u64 flags = BPF_CORE_READ(child, exit_signal) & 0xff;
	if (ctgid == ptgid)
		flags |= 0x10000; /* CLONE_THREAD */
	if (BPF_CORE_READ(child, mm) == BPF_CORE_READ(parent, mm))
		flags |= 0x100; /* CLONE_VM */
	if (BPF_CORE_READ(child, fs) == BPF_CORE_READ(parent, fs))
		flags |= 0x200; /* CLONE_FS */
	if (BPF_CORE_READ(child, files) == BPF_CORE_READ(parent, files))
		flags |= 0x400; /* CLONE_FILES */
	if (BPF_CORE_READ(child, vfork_done))
		flags |= 0x4000; /* CLONE_VFORK */
	r->ret = flags;
	struct inflight *in = bpf_map_lookup_elem(&inflight, &ppid);
	if (in) {
		r->flags = F_SPAWN_CALL | (in->flags & F_COMPAT);
		r->nr = in->nr;
		for (int i = 0; i < 6; i++)
			r->args[i] = in->args[i];
		if (in->nr == 435) { /* clone3 (one number on both ABIs): its struct's flags, read by the kernel just now */
			u64 f = 0;
			if (bpf_probe_read_user(&f, sizeof(f), (void *)in->args[0]) == 0)
				r->extra = f;
			else
				r->flags |= F_DEREF_UNREADABLE;
		}
	}
	bpf_ringbuf_submit(r, wake_flags());
	return 0;
}

/* The exec record: the name it was given, argv and (when asked) the environment of the new image, as the kernel just wrote them on its stack. */
#define SEND_EXEC(SIZE)                                                                              \
	static __always_inline int send_exec_##SIZE(struct task_struct *task, u32 former,         \
						    struct linux_binprm *bprm, int env, int last) \
	{                                                                                            \
		struct record *r = bpf_ringbuf_reserve(&events, sizeof(struct record) + PATH_MAX + ARG0_MAX + 2 * SIZE, 0); \
		if (!r)                                                                              \
			return -1;                                                                   \
		header(r, KIND_EXEC, bpf_get_current_pid_tgid());                                    \
		r->aux = former;                                                                     \
		struct inflight *in = bpf_map_lookup_elem(&inflight, &former);                       \
		if (in) {                                                                            \
			r->nr = in->nr;                                                              \
			r->flags = in->flags & F_COMPAT;                                             \
			for (int i = 0; i < 6; i++)                                                  \
				r->args[i] = in->args[i];                                            \
		}                                                                                    \
		u8 *data = (u8 *)(r + 1);                                                            \
		long n = bpf_probe_read_kernel_str(data, PATH_MAX, BPF_CORE_READ(bprm, filename));   \
		r->len1 = n > 0 ? n : 0;                                                             \
		if (n < 0)                                                                           \
			r->flags |= F_STR1_UNREADABLE;                                               \
		struct arg0 *a = bpf_map_lookup_elem(&exec_arg0, &former);                           \
		if (a && a->empty)                                                                   \
			r->flags |= F_EMPTY_ARGV;                                                    \
		if (BPF_CORE_READ(bprm, interp) != BPF_CORE_READ(bprm, filename)) {                  \
			r->flags |= F_SCRIPT;                                                        \
			if (a && a->len > 0 && a->len <= ARG0_MAX) {                                 \
				bpf_probe_read_kernel(data + PATH_MAX, ARG0_MAX, a->s);              \
				r->extra = a->len;                                                   \
			}                                                                            \
		}                                                                                    \
		data += ARG0_MAX;                                                                    \
		struct mm_struct *mm = BPF_CORE_READ(task, mm);                                      \
		unsigned long as = BPF_CORE_READ(mm, arg_start), ae = BPF_CORE_READ(mm, arg_end);    \
		u32 fl = 0;                                                                          \
		if (!last && ae - as > SIZE) {                                                       \
			bpf_ringbuf_discard(r, BPF_RB_NO_WAKEUP);                                    \
			return 1;                                                                    \
		}                                                                                    \
		if (ae > as) {                                                                       \
			unsigned long len = ae - as;                                                 \
			if (len > SIZE) {                                                            \
				len = SIZE;                                                          \
				fl |= F_TRUNCATED;                                                   \
			}                                                                            \
			if (bpf_probe_read_user(data + PATH_MAX, len, (void *)as) == 0) \
				r->start = len; /* up to 128 KiB: more than len2 holds */            \
			else                                                                         \
				fl |= F_STR2_UNREADABLE;                                             \
		}                                                                                    \
		if (env) {                                                                           \
			unsigned long es = BPF_CORE_READ(mm, env_start), ee = BPF_CORE_READ(mm, env_end); \
			fl |= F_ENV;                                                                 \
			if (!last && ee - es > SIZE) {                                               \
				bpf_ringbuf_discard(r, BPF_RB_NO_WAKEUP);                            \
				return 1;                                                            \
			}                                                                            \
			if (ee > es) {                                                               \
				unsigned long len = ee - es;                                         \
				if (len > SIZE) {                                                    \
					len = SIZE;                                                  \
					fl |= F_TRUNCATED;                                           \
				}                                                                    \
				if (bpf_probe_read_user(data + PATH_MAX + SIZE, len, (void *)es) == 0) \
					r->len3 = len;                                               \
				else                                                                 \
					fl |= F_STR2_UNREADABLE;                                     \
			}                                                                            \
		}                                                                                    \
		r->flags |= fl;                                                                      \
		bpf_ringbuf_submit(r, wake_flags());                                                            \
		return 0;                                                                            \
	}

SEND_EXEC(ARGS_SMALL)
SEND_EXEC(ARGS_BIG)

SEC("raw_tracepoint/sched_process_exec")
int process_exec(struct bpf_raw_tracepoint_args *ctx)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	if (!is_traced(pid_tgid >> 32))
		return 0;
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	u32 former = ctx->args[1];
	struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
	int env = config_value(1) != 0;
	int rc = send_exec_ARGS_SMALL(task, former, bprm, env, 0);
	if (rc > 0)
		rc = send_exec_ARGS_BIG(task, former, bprm, env, 1);
	if (rc < 0)
		count_lost(pid_tgid >> 32);
	bpf_map_delete_elem(&inflight, &former); /* its exit shows in the new image: not a call record */
	bpf_map_delete_elem(&exec_arg0, &former);
	return 0;
}

/*
 * Counts a traced process out (after on_exit took it out of `traced`); whether it was the last
 * one (then tot is woken at once: the trace is over). Of two last processes exiting at once on
 * two CPUs each reads the count after its own decrement, so the later one reads 0: at least one
 * wakes tot.
 */
static __always_inline int last_exit(void)
{
	u32 key = STAT_LIVE;
	u64 *live = bpf_map_lookup_elem(&stats, &key);
	if (!live)
		return 0;
	__sync_fetch_and_add(live, -1);
	return *live == 0;
}

/*
 * A thread's exit; `group_dead` when it was the process's last thread. The record is made once
 * per process: of two threads that both see the group dead, only the one that takes the process
 * out of `traced` (an atomic delete) reports it.
 */
static __always_inline int on_exit(struct bpf_raw_tracepoint_args *ctx, int group_dead)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	u32 tgid = pid_tgid >> 32, tid = pid_tgid;
	if (!is_traced(tgid))
		return 0;
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	bpf_map_delete_elem(&inflight, &tid);
	bpf_map_delete_elem(&exec_arg0, &tid);
	/* the leader killed by a non-leader thread's exec: its id lives on in the exec'ing thread */
	struct task_struct *exec_task = BPF_CORE_READ(task, signal, group_exec_task);
	if (tid == tgid && exec_task && exec_task != task)
		return 0;
	group_dead = group_dead && bpf_map_delete_elem(&traced, &tgid) == 0;
	u64 wake = group_dead && last_exit() ? BPF_RB_FORCE_WAKEUP : wake_flags();
	struct record *r = bpf_ringbuf_reserve(&events, sizeof(struct record), 0);
	if (r) {
		header(r, KIND_EXIT, pid_tgid);
		r->ret = BPF_CORE_READ(task, exit_code);
		r->aux = group_dead;
		if (group_dead) {
			u64 *n = bpf_map_lookup_elem(&lost, &tgid);
			if (n) {
				r->extra = *n;
				bpf_map_delete_elem(&lost, &tgid);
			}
		}
		bpf_ringbuf_submit(r, wake);
	} else {
		count_lost(tgid);
	}
	return 0;
}

/*
 * Two programs for one tracepoint, attached in this order until one is accepted: recent kernels
 * (6.18 here) pass `group_dead`; older ones (6.1) pass only the task, and attaching a program that
 * reads a second argument fails there with EINVAL. Then the group is dead when its live-thread
 * count, which do_exit decrements before the tracepoint, is 0 (two threads exiting at once may
 * both see 0: the delete in on_exit picks one).
 */
SEC("raw_tracepoint/sched_process_exit")
int process_exit(struct bpf_raw_tracepoint_args *ctx)
{
	return on_exit(ctx, ctx->args[1] != 0);
}

SEC("raw_tracepoint/sched_process_exit")
int process_exit_by_live_count(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	return on_exit(ctx, BPF_CORE_READ(task, signal, live.counter) == 0);
}

char LICENSE[] SEC("license") = "GPL";
