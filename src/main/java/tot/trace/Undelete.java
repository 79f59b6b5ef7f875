package tot.trace;

import static tot.linux.Linux.F_OK;

import tot.linux.ErrnoException;
import tot.linux.Kernel;

/**
 * `--undelete` (fptrace's -u): at the entry of unlink, rmdir or unlinkat the tracee's syscall is
 * turned into an existence check on the same path, in the ABI it was made in, so nothing is
 * deleted and the program sees success exactly when the file exists. The seccomp filter lets the
 * replacement through.
 */
final class Undelete {
    private Undelete() {}

    /** Rewrites the syscall {@code name} that task {@code tid} is entering in {@code abi}. */
    static void rewrite(Kernel kernel, int tid, Abi abi, String name) throws ErrnoException {
        long[] regs = kernel.getRegs(tid);
        if (name.equals("unlinkat")) { // unlinkat(dirfd, path, flags) → faccessat(dirfd, path, F_OK)
            regs[Abi.NUMBER] = abi.number("faccessat");
            abi.setArg(regs, 2, F_OK);
        } else { // unlink(path), rmdir(path) → access(path, F_OK)
            regs[Abi.NUMBER] = abi.number("access");
            abi.setArg(regs, 1, F_OK);
        }
        kernel.setRegs(tid, regs);
    }
}
