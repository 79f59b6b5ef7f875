package tot.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.store.Store;

/** How a file to import is identified (sha1, format), and refused when it changes meanwhile. */
class SourceTest {
    @TempDir
    Path dir;

    @Test
    void theFirstNonBlankCharacterTellsTheFormat() throws Exception {
        Path deps = Files.writeString(dir.resolve("d"), "\n  \t[]\n");
        Path log = Files.writeString(dir.resolve("e"), "\r\n{\"t\":1,\"ev\":\"warning\"}\n");
        Source d = Source.read(deps.toString()), e = Source.read(log.toString());
        assertEquals(Source.Format.DEPS_JSON, d.format());
        assertEquals(Source.Format.EVENTS, e.format());
        assertEquals(ImportTest.sha1(deps), d.sha1());
        assertEquals(Files.size(log), e.size());
        Path strace = Files.writeString(dir.resolve("t"), "\n\n  123 close(3) = 0\n");
        assertEquals(Source.Format.STRACE, Source.read(strace.toString()).format(), "anything else is read as an strace log");
    }

    /** A pipe gives its bytes once: they are kept, so that the format told is the one parsed. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // a second open would wait for a writer
    void aPipeIsReadOnce() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        String deps = "[\n {\"ID\": 1}\n]\n";
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                Files.writeString(fifo, deps);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Source s = Source.read(fifo.toString());
        writer.join();
        assertEquals(Source.Format.DEPS_JSON, s.format());
        assertEquals(deps.length(), s.size());
        try (var in = s.open()) {
            assertEquals(deps, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "read again, whole");
        }
        s.checkUnchanged();
        s.removeCopy();
        assertEquals(false, Files.exists(s.path()), "the copy is removed");
    }

    /** A '[' starts deps.json, unless the line goes on like strace's ([pid N], -i, -n, --secontext, [ Process …]). */
    @Test
    void howAFileBeginsTellsTheFormat() throws Exception {
        for (String strace : List.of("[pid  1905] select(0, NULL, NULL, NULL, {0, 198904} <unfinished ...>\n",
                "[pid 17150<sh>] close(4) = 0\n", "[00007f55dd3f7ad7] execve(\"/usr/bin/sh\", [\"sh\"], 0x7ffe /* 39 vars */) = 0\n",
                "[  59] [00007fe5262a4ad7] execve(\"/bin/true\", [\"true\"], 0x7ffd /* 1 var */) = 0\n",
                "[unconfined_t] 14:37:21.990449 connect(3, {sa_family=AF_UNIX}, 110) = 0\n",
                "[ Process PID=1234 runs in 32 bit mode. ]\n", "hello\n")) {
            Path f = Files.writeString(dir.resolve("s"), "\n " + strace);
            assertEquals(Source.Format.STRACE, Source.read(f.toString()).format(), strace);
        }
        for (String deps : List.of("[]", "[\n  {\"Cmd\": {}}]", "[{\"Cmd\": {\"Args\": [\"a] b\"]}}]", "[ ]\n", "[\n  7\n]\n", "[1, 2]\n")) {
            Path f = Files.writeString(dir.resolve("d"), deps);
            assertEquals(Source.Format.DEPS_JSON, Source.read(f.toString()).format(), deps);
        }
    }

    @Test
    void aFileThatChangesAfterItWasHashedIsNotImported() throws Exception {
        Path log = Files.writeString(dir.resolve("events.jsonl"), "{\"t\":1,\"ev\":\"warning\",\"tid\":1,\"message\":\"m\"}\n");
        Source source = Source.read(log.toString());
        Files.writeString(log, "{\"t\":2,\"ev\":\"warning\",\"tid\":1,\"message\":\"m\"}\n"); // same size, new bytes
        Files.setLastModifiedTime(log, FileTime.fromMillis(Files.getLastModifiedTime(log).toMillis() + 1000));
        try (Store store = Store.open(dir.resolve("t.db"))) {
            Importer importer = new Importer(store, "/", false);
            importer.begin(List.of(source));
            ImportException x = assertThrows(ImportException.class, () -> importer.importFile(source));
            store.rollback();
            assertEquals(log + ": changed while being imported (is it still being written?)", x.getMessage());
        }
    }
}
