package tot.trace;

/** What tot reads of openat2's struct open_how: its open flags and its resolve flags. */
record OpenHow(long flags, long resolve) {
    /** "/" and ".." stay in the directory: it is the name's root. */
    static final long RESOLVE_IN_ROOT = 0x10;

    boolean inRoot() {
        return (resolve & RESOLVE_IN_ROOT) != 0;
    }
}
