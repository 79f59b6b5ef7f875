package tot.store;

/** An access together with the execution that made it. */
public record ExecutionAccess(StoredExecution execution, StoredAccess access) {}
