package tot.model;

/** What an fd refers to. */
enum FdKind { FILE, PIPE_READ, PIPE_WRITE, PATH_ONLY, TMPFILE, OTHER }
