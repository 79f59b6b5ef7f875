/**
 * tot as a library: trace a command ({@link tot.api.Tot#trace}), attach to running processes
 * ({@link tot.api.Tot#attach}) or keep their last syscalls ({@link tot.api.Tot#blackbox}), and
 * query a tot database ({@link tot.api.RunStore}). Results are immutable records; failures are
 * checked {@link tot.api.TotException}s with the causes the {@code tot} command reports.
 *
 * <p>This package is tot's only interface for other programs; the others are internal (public
 * to each other, without JPMS modules) and change without notice. Threads and lifecycles are
 * described on {@link tot.api.Tracing}, {@link tot.api.BlackboxRecorder} and
 * {@link tot.api.RunStore}.
 */
package tot.api;
