package tot.imports;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tot.util.SafeText;
import tot.util.Times;

/**
 * A Jackson streaming parser with typed reads that fail as {@link ImportException}s naming the
 * file and line. The line is the parser's (deps.json) or the one the caller set (JSON Lines,
 * parsed a line at a time).
 */
final class JsonInput {
    /**
     * The caller closes its streams (the import reads to the end after the parser); the input a
     * Jackson error quotes is cut like {@link SafeText#quote} cuts it.
     */
    static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .errorReportConfiguration(ErrorReportConfiguration.builder().maxErrorTokenLength(SafeText.LIMIT)
                    .maxRawContentLength(SafeText.LIMIT).build())
            .build();

    private final String file;
    private JsonParser parser;
    private int line;

    JsonInput(String file) {
        this.file = file;
    }

    /** Parses {@code parser} from now on; {@code line} > 0: every error is on that line. */
    JsonInput reset(JsonParser parser, int line) {
        this.parser = parser;
        this.line = line;
        return this;
    }

    JsonParser parser() {
        return parser;
    }

    /** The line of the current token. */
    int line() {
        return line > 0 ? line : parser.currentTokenLocation().getLineNr();
    }

    ImportException error(String reason) {
        return new ImportException(file, line(), reason);
    }

    /**
     * A Jackson error (bad JSON, a number out of range) as an import error on its line; a file
     * that ends too soon, on the line of its last token.
     */
    ImportException error(JsonProcessingException e) {
        int at = line > 0 || e.getLocation() == null ? line()
                : e instanceof JsonEOFException && parser.currentToken() != null ? line() : e.getLocation().getLineNr();
        String m = e.getOriginalMessage();
        m = m == null ? e.toString() : m.lines().findFirst().orElse(m);
        m = START_MARKER.matcher(m).replaceAll(line > 0 ? "" : " (opened on line $1)").strip(); // a JSON Lines line is one object
        return new ImportException(file, at, "bad JSON: " + m);
    }

    private static final Pattern START_MARKER = Pattern.compile(" ?\\(start marker at \\[Source: .*?; line: (\\d+), column: \\d+\\]\\)");

    JsonToken next() throws ImportException, IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw error(e);
        }
    }

    /** The next field's name, or null at the end of the object; the parser is then on its value. */
    String nextField() throws ImportException, IOException {
        JsonToken t = next();
        if (t == JsonToken.END_OBJECT) return null;
        String name = parser.currentName();
        next();
        return name;
    }

    void skip() throws ImportException, IOException {
        try {
            parser.skipChildren();
        } catch (JsonProcessingException e) {
            throw error(e);
        }
    }

    int intValue(String key) throws ImportException, IOException {
        expect(key, JsonToken.VALUE_NUMBER_INT, "an integer");
        try {
            if (parser.getNumberType() != JsonParser.NumberType.INT) throw error('"' + key + "\": " + SafeText.quote(text()) + " is out of range");
            return parser.getIntValue();
        } catch (JsonProcessingException e) {
            throw error(e);
        }
    }

    long longValue(String key) throws ImportException, IOException {
        expect(key, JsonToken.VALUE_NUMBER_INT, "an integer");
        try {
            JsonParser.NumberType type = parser.getNumberType();
            if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                throw error('"' + key + "\": " + SafeText.quote(text()) + " is out of range");
            }
            return parser.getLongValue();
        } catch (JsonProcessingException e) {
            throw error(e);
        }
    }

    /** The current token's text; a string's is read only now (Jackson reads lazily), so it may be where the JSON is bad. */
    private String text() throws ImportException, IOException {
        try {
            return parser.getText();
        } catch (JsonProcessingException e) {
            throw error(e);
        }
    }

    /** An integer, or null for JSON null. */
    Integer intOrNull(String key) throws ImportException, IOException {
        return parser.currentToken() == JsonToken.VALUE_NULL ? null : intValue(key);
    }

    boolean bool(String key) throws ImportException, IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) throw error('"' + key + "\": expected a boolean, found " + describe(t));
        return t == JsonToken.VALUE_TRUE;
    }

    String string(String key) throws ImportException, IOException {
        expect(key, JsonToken.VALUE_STRING, "a string");
        return text();
    }

    /** An array of strings; JSON null (Go's nil slice, as fptrace writes it) is an empty list. */
    List<String> strings(String key) throws ImportException, IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) return List.of();
        expect(key, JsonToken.START_ARRAY, "an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonToken t; (t = next()) != JsonToken.END_ARRAY; ) {
            if (t != JsonToken.VALUE_STRING) throw error('"' + key + "\": expected an array of strings, found " + describe(t) + " in it");
            out.add(text());
        }
        return out;
    }

    /** An fd table, {@code {"0": "/dev/null", "1": "out.txt"}} (deps.json's FDs, an exec event's fds); JSON null is an empty one. */
    SortedMap<Integer, String> fds(String key) throws ImportException, IOException {
        SortedMap<Integer, String> out = new TreeMap<>();
        if (parser.currentToken() == JsonToken.VALUE_NULL) return out;
        expect(key, JsonToken.START_OBJECT, "an object of fd numbers to paths");
        for (String fd; (fd = nextField()) != null; ) {
            if (!FD.matcher(fd).matches()) throw error('"' + key + "\": \"" + SafeText.quote(fd) + "\" is not an fd number");
            expect(key + "." + fd, JsonToken.VALUE_STRING, "a path (a string)");
            out.put(Integer.parseInt(fd), text());
        }
        return out;
    }

    private static final Pattern FD = Pattern.compile("0|[1-9][0-9]{0,8}");

    /** An array of strings whose elements may be null (a syscall event's unreadable paths). */
    List<String> stringsOrNulls(String key) throws ImportException, IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) return List.of();
        expect(key, JsonToken.START_ARRAY, "an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonToken t; (t = next()) != JsonToken.END_ARRAY; ) {
            if (t == JsonToken.VALUE_NULL) out.add(null);
            else if (t == JsonToken.VALUE_STRING) out.add(text());
            else throw error('"' + key + "\": expected an array of strings, found " + describe(t) + " in it");
        }
        return out;
    }

    /**
     * An ISO-8601 instant as epoch nanoseconds (tot's Start and End), or a time of day without a
     * date as {@link Times} keeps it; null for JSON null.
     */
    Long instant(String key) throws ImportException, IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) return null;
        String text = string(key);
        try {
            return Times.parseIso(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw error('"' + key + "\": not a time: \"" + SafeText.quote(text) + '"');
        }
    }

    private void expect(String key, JsonToken type, String what) throws ImportException {
        JsonToken t = parser.currentToken();
        if (t != type) throw error('"' + key + "\": expected " + what + ", found " + describe(t));
    }

    static String describe(JsonToken t) {
        if (t == null) return "the end of the input";
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_OBJECT, END_ARRAY, FIELD_NAME, VALUE_EMBEDDED_OBJECT, NOT_AVAILABLE -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }
}
