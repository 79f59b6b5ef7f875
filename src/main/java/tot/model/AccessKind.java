package tot.model;

/**
 * What an access did to its path: read it (an input), wrote it (an output), removed it, ran it,
 * or made it a directory (mkdir: no file, never an input or output; what the run later looks
 * for below it cannot have been there before the run).
 */
public enum AccessKind { INPUT, OUTPUT, DELETED, EXEC, MKDIR }
