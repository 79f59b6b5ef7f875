package tot.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tot.linux.BpfObject;
import tot.linux.ErrnoException;
import tot.linux.Linux;

/**
 * Whether the eBPF engine can run here, each refusal with its cause: a tot built without clang
 * (no BPF program in the jar), no libbpf, not root, a kernel too old, without BTF, or locked down.
 * Tracefs is not needed: the programs attach to raw tracepoints by name.
 */
public final class EbpfSupport {
    private EbpfSupport() {}

    /** The BPF object the Maven build compiles from src/main/bpf/tot.bpf.c (when clang exists). */
    static final String RESOURCE = "/tot/bpf/tot.bpf.o";
    /** The oldest kernel with everything the programs read (signal_struct.group_exec_task: 5.16). */
    private static final int[] OLDEST = {5, 16};
    private static final int CAP_SYS_ADMIN = 21, CAP_PERFMON = 38, CAP_BPF = 39;

    /** Whether this tot was built with its BPF program (the build had clang). */
    public static boolean built() {
        return EbpfSupport.class.getResource(RESOURCE) != null;
    }

    /** Null when the eBPF engine may be tried here, else why not (a clause naming the cause). */
    public static String unavailable() {
        if (!built()) return "this tot was built without its eBPF program (clang was not found when it was built)";
        String missing = BpfObject.libbpfMissing();
        if (missing != null) return missing;
        if (!privileged()) return "it needs root (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN)";
        String release = System.getProperty("os.version", "");
        if (older(release)) return "the kernel is too old (" + release + "; the eBPF engine needs " + OLDEST[0] + "." + OLDEST[1] + " or later)";
        if (!Files.exists(Path.of("/sys/kernel/btf/vmlinux"))) {
            return "the kernel has no BTF (/sys/kernel/btf/vmlinux is missing: CONFIG_DEBUG_INFO_BTF)";
        }
        try {
            String lockdown = Files.readString(Path.of("/sys/kernel/security/lockdown"));
            if (lockdown.contains("[confidentiality]")) return "the kernel is locked down (confidentiality): BPF may not read kernel memory";
        } catch (IOException e) {
            // no lockdown LSM, or securityfs not mounted: not locked down
        }
        return null;
    }

    /** Why loading or attaching failed, as a cause. */
    static String cause(ErrnoException e) {
        return switch (e.errno) {
            case Linux.EPERM, Linux.EACCES -> "the kernel refused BPF (" + e.getMessage()
                    + "): locked down, unprivileged, or a seccomp or LSM policy";
            case Linux.ENOENT -> "a tracepoint or kernel type is missing (" + e.getMessage() + "): the kernel is too old or lacks CONFIG_FTRACE_SYSCALLS";
            default -> "the kernel did not load tot's BPF programs (" + e.getMessage() + ")";
        };
    }

    static byte[] program() {
        try (InputStream in = EbpfSupport.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("no " + RESOURCE + " in tot's jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage());
        }
    }

    private static boolean privileged() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (!line.startsWith("CapEff:")) continue;
                long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (caps & (1L << CAP_SYS_ADMIN)) != 0 || ((caps & (1L << CAP_BPF)) != 0 && (caps & (1L << CAP_PERFMON)) != 0);
            }
        } catch (IOException | NumberFormatException e) {
            // cannot tell: let loading say
        }
        return true;
    }

    private static boolean older(String release) {
        String[] parts = release.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]), minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major < OLDEST[0] || (major == OLDEST[0] && minor < OLDEST[1]);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
