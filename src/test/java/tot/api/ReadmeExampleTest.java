package tot.api;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's library section shows the example that `verify` builds and runs as a separate project
 * (src/it/api-example, maven-invoker-plugin), and the coordinates that `install` uses.
 */
class ReadmeExampleTest {
    private static String librarySection() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## tot as a Java library");
        assertTrue(start >= 0, "README has the library section");
        return readme.substring(start, readme.indexOf("\n## ", start + 1));
    }

    @Test
    void theExampleIsTheOneTheIntegrationTestRuns() throws Exception {
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(librarySection());
        assertTrue(m.find(), "a java block");
        assertEquals(Files.readString(Path.of("src/it/api-example/src/main/java/Example.java")), m.group(1));
    }

    @Test
    void theCoordinatesAreThePomsOwn() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String own = pom.substring(pom.indexOf("<groupId>"), pom.indexOf("<packaging>"));
        Matcher v = Pattern.compile("<groupId>(.*?)</groupId>\\s*<artifactId>(.*?)</artifactId>\\s*<version>(.*?)</version>").matcher(own);
        assertTrue(v.find());
        String section = librarySection();
        assertTrue(section.contains("<groupId>" + v.group(1) + "</groupId>\n  <artifactId>" + v.group(2)
                + "</artifactId>\n  <version>" + v.group(3) + "</version>"), section);
    }
}
