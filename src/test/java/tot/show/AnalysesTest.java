package tot.show;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tot.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tot.store.Store;
import tot.store.StoreReader;

/** tot summary / files / accesses on the fixture database: exact rows, on both backends. */
@ParameterizedClass
@EnumSource(Backend.class)
class AnalysesTest {
    @Parameter
    Backend backend;

    @TempDir
    Path dir;
    private tot.store.Location db;

    @BeforeEach
    void fill() throws Exception {
        db = backend.target().location(StoreFixture.fill(dir));
    }

    private interface Body { void run(Analyses a) throws Exception; }

    private List<String> lines(String run, boolean devices, Format format, Body body) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (StoreReader c = StoreReader.open(db); PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            body.run(new Analyses(c, format, out, run, devices));
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void filesCountsAccessesPerExecutableAndPath() throws Exception {
        assertEquals(List.of("count,executable,path", "2,/usr/bin/use,/w/out", "2,/w/gen,/w/missing.h", "2,/w/gen,/w/out",
                "1,/usr/bin/cat,/w/out"), lines(null, false, Format.CSV, Analyses::files));
        assertEquals(List.of("count,executable,path", "1,/usr/bin/cat,/w/out", "1,/usr/bin/use,/w/out",
                "1,/w/gen,/w/missing.h", "1,/w/gen,/w/out"), lines("last", false, Format.CSV, Analyses::files));
    }

    @Test
    void summaryListsProgramsAndCountsFailures() throws Exception {
        List<String> out = lines("1", false, Format.TABLE, Analyses::summary);
        assertEquals("Programs executed", out.get(0));
        assertTrue(out.get(1).startsWith("time") && out.get(1).contains("execution  exit  path"), out.get(1));
        assertTrue(out.get(2).endsWith("0  /usr/bin/make"), out.get(2));
        assertTrue(out.get(3).endsWith("0  /w/gen         -o out"), out.get(3));
        int failed = out.indexOf("Failed calls");
        assertEquals(List.of("count  executable  syscall  errno", "    1  /w/gen      openat   ENOENT"), out.subList(failed + 1, out.size()));
    }

    @Test
    void accessesAreChronologicalWithTheirResult() throws Exception {
        List<String> out = lines("1", false, Format.CSV, Analyses::accesses);
        assertEquals("time,pid,execution,executable,kind,syscall,path,result", out.get(0));
        assertEquals(4, out.size(), out.toString());
        assertTrue(out.get(1).endsWith(",101," + Store.shortId("run-a", 2) + ",/w/gen,write,openat,/w/out,ok"), out.get(1));
        assertTrue(out.get(2).endsWith(",/w/gen,read,openat,/w/missing.h,ENOENT"), out.get(2));
        assertTrue(out.get(3).endsWith(",/usr/bin/use,read,openat,/w/out,ok"), out.get(3));
    }
}
