package tot.strace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tot.strace.StraceRecord.LoggedCall;
import tot.util.ByteStrings;

/** Test helpers: whole logs as lists (fine for the small test logs; the parser itself streams). */
final class Logs {
    private Logs() {}

    static final Path DIR = Path.of("testdata/strace");

    /** Every record of {@code text} (a String of bytes, ByteStrings convention), pid 0 by default. */
    static List<StraceRecord> parse(String text) {
        return parse(ByteStrings.encode(text), 0);
    }

    static List<StraceRecord> parse(byte[] log, int defaultPid) {
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log), "test.log", defaultPid)) {
            return drain(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<StraceRecord> file(String name) {
        try (StraceParser p = StraceParser.open(DIR.resolve(name))) {
            return drain(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<StraceRecord> drain(StraceParser p) throws IOException {
        List<StraceRecord> out = new ArrayList<>();
        for (StraceRecord r; (r = p.next()) != null; ) out.add(r);
        return out;
    }

    /** The only record of a one-call text. */
    static LoggedCall call(String line) {
        List<StraceRecord> rs = parse(line + "\n");
        if (rs.size() != 1 || !(rs.getFirst() instanceof LoggedCall c)) throw new AssertionError("not one call: " + rs);
        return c;
    }

    /** The record that began on {@code line}. */
    static StraceRecord at(List<StraceRecord> records, int line) {
        return records.stream().filter(r -> r.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no record at line " + line));
    }

    static LoggedCall callAt(List<StraceRecord> records, int line) {
        return (LoggedCall) at(records, line);
    }

    static List<LoggedCall> calls(List<StraceRecord> records) {
        return records.stream().filter(r -> r instanceof LoggedCall).map(r -> (LoggedCall) r).toList();
    }

    static List<LoggedCall> calls(List<StraceRecord> records, String name) {
        return records.stream().filter(r -> r instanceof LoggedCall c && c.name().equals(name)).map(r -> (LoggedCall) r).toList();
    }
}
