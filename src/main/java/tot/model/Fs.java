package tot.model;

/** A process's filesystem context (its cwd and root): shared by tasks cloned with CLONE_FS. */
final class Fs {
    String cwd;
    /** Where "/" is (chroot); "/" itself unless changed. */
    String root = "/";

    Fs(String cwd) {
        this.cwd = cwd;
    }

    Fs copy() {
        Fs copy = new Fs(cwd);
        copy.root = root;
        return copy;
    }
}
