package tot.api;

/**
 * A run's cache key ({@code tot key}): the SHA-256 of its command line and the sorted (path,
 * sha1) of its inputs. Immutable.
 *
 * @param digest         64 hex digits: the key
 * @param text           what it is the SHA-256 of ({@code tot key --explain})
 * @param unhashed       how many inputs had no recorded sha1 and were hashed as they are now
 */
public record CacheKeyResult(String digest, String text, int unhashed) {}
