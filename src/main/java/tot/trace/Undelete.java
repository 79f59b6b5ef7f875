package tot.trace;

import static tot.sys.Linux.*;
import static tot.sys.Structs.user_regs_struct.*;

import tot.sys.ErrnoException;
import tot.sys.Kernel;

/**
 * `--undelete` (fptrace's -u): at the entry of unlink, rmdir or unlinkat the tracee's syscall is
 * turned into an existence check on the same path, so nothing is deleted and the program sees
 * success exactly when the file exists. The seccomp filter lets the replacement through.
 */
final class Undelete {
    private Undelete() {}

    /** Rewrites the syscall {@code name} that task {@code tid} is entering. */
    static void rewrite(Kernel kernel, int tid, String name) throws ErrnoException {
        long[] regs = kernel.getRegs(tid);
        if (name.equals("unlinkat")) { // unlinkat(dirfd, path, flags) → faccessat(dirfd, path, F_OK)
            regs[ORIG_RAX] = SYS_faccessat;
            regs[RDX] = F_OK;
        } else { // unlink(path), rmdir(path) → access(path, F_OK)
            regs[ORIG_RAX] = SYS_access;
            regs[RSI] = F_OK;
        }
        kernel.setRegs(tid, regs);
    }
}
