package tot.model;

/** A process's filesystem context (its cwd and root): shared by tasks cloned with CLONE_FS. */
final class Fs {
    String cwd;
    /** A chdir went where the trace could not tell: {@code cwd} is the one before it (see {@link ProcessModel#cwdUnknown}). */
    boolean cwdUnknown;
    /** Where "/" is (chroot); "/" itself unless changed. */
    String root = "/";

    Fs(String cwd) {
        this.cwd = cwd;
    }

    Fs copy() {
        Fs copy = new Fs(cwd);
        copy.root = root;
        copy.cwdUnknown = cwdUnknown;
        return copy;
    }
}
