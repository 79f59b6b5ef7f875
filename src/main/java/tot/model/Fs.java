package tot.model;

/** A process's filesystem context (its cwd): shared by tasks cloned with CLONE_FS. */
final class Fs {
    String cwd;

    Fs(String cwd) {
        this.cwd = cwd;
    }

    Fs copy() {
        return new Fs(cwd);
    }
}
