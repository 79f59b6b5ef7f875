package tot.store;

import java.util.List;

/**
 * A syscall event as tot.db holds it (tot log --trace, imports): when, by which process of which
 * program ({@code executable} null before the run's first exec), the absolute paths it named (null
 * entries: unreadable), its result when {@code errno} is 0.
 */
public record StoredCall(Long timeNanos, Integer pid, String executable, String name, List<String> paths, Long result,
                         int errno) {}
