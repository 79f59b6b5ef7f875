package tot.syscalls;

import static tot.syscalls.Arg.*;
import static tot.syscalls.Handler.*;
import static tot.syscalls.SyscallClass.*;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import tot.syscalls.Syscall.ArgFilter;

/**
 * The one syscall table: every syscall tot knows, once, with its classes, argument roles, whether
 * its result is needed and its handler. The seccomp filter, the tracer's dispatch and the
 * `--trace` classes read it. Numbers are per architecture: another architecture is another
 * number column in {@link Row} and another {@link Arch}.
 */
public final class SyscallTable {
    private SyscallTable() {}

    private static final int F_DUPFD = 0, F_SETFD = 2, F_DUPFD_CLOEXEC = 1030;

    /** A table row: the syscall and its number on each architecture (-1: absent there). */
    private record Row(int x86_64, Syscall syscall) {}

    private static Row row(int x86_64, String name, Set<SyscallClass> classes, List<Arg> args,
                           boolean needsExit, Handler handler, ArgFilter onlyIf) {
        return new Row(x86_64, new Syscall(name, classes, args, needsExit, handler, onlyIf));
    }

    private static Row row(int x86_64, String name, Set<SyscallClass> classes, List<Arg> args,
                           boolean needsExit, Handler handler) {
        return row(x86_64, name, classes, args, needsExit, handler, null);
    }

    private static final Set<SyscallClass> FILE_DESC = EnumSet.of(FILE, DESC);

    private static final List<Row> ROWS = List.of(
        row(2, "open", FILE_DESC, List.of(PATH, OPEN_FLAGS, MODE), true, OPEN),
        row(257, "openat", FILE_DESC, List.of(DIRFD, PATH, OPEN_FLAGS, MODE), true, OPEN),
        row(437, "openat2", FILE_DESC, List.of(DIRFD, PATH, OPEN_HOW, SIZE), true, OPEN),
        row(85, "creat", FILE_DESC, List.of(PATH, MODE), true, OPEN),
        row(3, "close", EnumSet.of(DESC), List.of(FD), false, CLOSE),
        row(436, "close_range", EnumSet.of(DESC), List.of(FD, FD, CLOSE_RANGE_FLAGS), true, CLOSE_RANGE),
        row(32, "dup", EnumSet.of(DESC), List.of(FD), true, DUP),
        row(33, "dup2", EnumSet.of(DESC), List.of(FD, FD), true, DUP),
        row(292, "dup3", EnumSet.of(DESC), List.of(FD, FD, OPEN_FLAGS), true, DUP),
        row(72, "fcntl", EnumSet.of(DESC), List.of(FD, FCNTL_CMD, INT), true, FCNTL,
                new ArgFilter(1, F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD)),
        row(22, "pipe", EnumSet.of(DESC), List.of(FD_PAIR_OUT), true, PIPE),
        row(293, "pipe2", EnumSet.of(DESC), List.of(FD_PAIR_OUT, OPEN_FLAGS), true, PIPE),
        row(80, "chdir", EnumSet.of(FILE), List.of(PATH), true, CHDIR),
        row(81, "fchdir", EnumSet.of(DESC), List.of(FD), true, CHDIR),
        row(56, "clone", EnumSet.of(PROCESS), List.of(CLONE_FLAGS, PTR, PTR, PTR, PTR), false, SPAWN),
        row(435, "clone3", EnumSet.of(PROCESS), List.of(CLONE_ARGS, SIZE), false, SPAWN),
        row(57, "fork", EnumSet.of(PROCESS), List.of(), false, SPAWN),
        row(58, "vfork", EnumSet.of(PROCESS), List.of(), false, SPAWN),
        row(59, "execve", EnumSet.of(FILE, PROCESS), List.of(PATH, ARGV, ENVP), true, EXEC),
        row(322, "execveat", EnumSet.of(FILE, PROCESS), List.of(DIRFD, PATH, ARGV, ENVP, AT_FLAGS), true, EXEC),
        row(82, "rename", EnumSet.of(FILE), List.of(PATH, PATH), true, RENAME),
        row(264, "renameat", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH), true, RENAME),
        row(316, "renameat2", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH, RENAME_FLAGS), true, RENAME),
        row(86, "link", EnumSet.of(FILE), List.of(PATH, PATH), true, LINK),
        row(265, "linkat", FILE_DESC, List.of(DIRFD, PATH, DIRFD, PATH, AT_FLAGS), true, LINK),
        row(88, "symlink", EnumSet.of(FILE), List.of(STRING, PATH), true, SYMLINK),
        row(266, "symlinkat", FILE_DESC, List.of(STRING, DIRFD, PATH), true, SYMLINK),
        row(87, "unlink", EnumSet.of(FILE), List.of(PATH), true, DELETE),
        row(263, "unlinkat", FILE_DESC, List.of(DIRFD, PATH, AT_FLAGS), true, DELETE),
        row(84, "rmdir", EnumSet.of(FILE), List.of(PATH), true, DELETE),
        row(83, "mkdir", EnumSet.of(FILE), List.of(PATH, MODE), true, MKDIR),
        row(258, "mkdirat", FILE_DESC, List.of(DIRFD, PATH, MODE), true, MKDIR),
        row(76, "truncate", EnumSet.of(FILE), List.of(PATH, SIZE), true, TRUNCATE),
        row(77, "ftruncate", EnumSet.of(DESC), List.of(FD, SIZE), true, TRUNCATE),
        row(319, "memfd_create", EnumSet.of(DESC), List.of(STRING, INT), true, NEW_FD),
        row(425, "io_uring_setup", EnumSet.of(DESC), List.of(INT, PTR), true, IO_URING)
    );

    /** The rows of one architecture, indexed by syscall number. */
    public static final class Arch {
        public final String name;
        public final int auditArch;
        private final Syscall[] byNumber;
        private final Map<Syscall, Integer> numbers = new LinkedHashMap<>();

        private Arch(String name, int auditArch, ToIntFunction<Row> column) {
            this.name = name;
            this.auditArch = auditArch;
            byNumber = new Syscall[ROWS.stream().mapToInt(column).max().orElse(0) + 1];
            for (Row r : ROWS) {
                int nr = column.applyAsInt(r);
                if (nr < 0) continue;
                byNumber[nr] = r.syscall();
                numbers.put(r.syscall(), nr);
            }
        }

        /** The row for syscall number {@code nr}, or null when tot does not know it. */
        public Syscall byNumber(long nr) {
            return nr >= 0 && nr < byNumber.length ? byNumber[(int) nr] : null;
        }

        /** This architecture's number for {@code s}, or -1. */
        public int number(Syscall s) {
            return numbers.getOrDefault(s, -1);
        }
    }

    public static final Arch X86_64 = new Arch("x86_64", 0xc000003e, Row::x86_64);

    /** The syscalls deps.json needs: what `tot log` traps by default. */
    public static List<Syscall> defaultSet() {
        return ROWS.stream().map(Row::syscall).toList();
    }

    /** The set as strace's `-e trace=` list. */
    public static String names(List<Syscall> set) {
        return String.join(",", set.stream().map(Syscall::name).toList());
    }
}
