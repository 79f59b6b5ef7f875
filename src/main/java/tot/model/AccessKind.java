package tot.model;

/** What an access did to its path: read it (an input), wrote it (an output), removed it, or ran it. */
public enum AccessKind { INPUT, OUTPUT, DELETED, EXEC }
