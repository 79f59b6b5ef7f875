package tot.store;

import java.util.List;

/**
 * A run as tot.db holds it: {@code source} log, deps.json, events or strace; {@code sourceFile}
 * the imported file's name; times in epoch nanoseconds (null: unknown); {@code exit} the
 * command's status, -N when killed by signal N; only a {@code complete} run is shown unless asked
 * for by number; {@code host}, {@code user} and {@code machine} where it was recorded (null and
 * {@link Machine#UNKNOWN}'s nulls: unknown).
 */
public record StoredRun(long id, String source, String sourceFile, List<String> command, String cwd, String host,
                        String user, Long startNanos, Long endNanos, Integer exit, boolean complete, Machine machine) {}
