package tot.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's `chromium`) driven through the Chrome DevTools Protocol over the
 * JDK's WebSocket client: open a page, evaluate JavaScript in it, click at a point, take a
 * screenshot, and see every request the page made.
 */
final class Chromium implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    /** Every event the browser sent (method and params), in order. */
    final List<JsonNode> events = new CopyOnWriteArrayList<>();

    /** The chromium on PATH, or null. */
    static String binary() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name).toString();
            }
        }
        return null;
    }

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts a headless browser of {@code width}×{@code height} with its profile in {@code profile}, on a blank page. */
    static Chromium start(Path profile, int width, int height) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // Its singleton socket directory goes to $TMPDIR and outlives the browser: keep it in the test's directory.
        pb.environment().put("TMPDIR", profile.toString());
        Process p = pb.start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String browserUrl = null;
        List<String> said = new ArrayList<>();
        for (String line; browserUrl == null && (line = err.readLine()) != null; ) {
            said.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) browserUrl = m.group(1);
        }
        if (browserUrl == null) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not start: " + String.join("\n", said));
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) { /* keep its stderr pipe from filling */ }
            } catch (IOException e) {
                // gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = null;
        for (JsonNode target : JSON.readTree(list)) {
            if (target.path("type").asText().equals("page")) pageUrl = target.path("webSocketDebuggerUrl").asText();
        }
        if (pageUrl == null) throw new AssertionError("chromium has no page: " + list);
        Listener listener = new Listener();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), listener).get(30, TimeUnit.SECONDS);
        Chromium c = new Chromium(p, ws);
        listener.owner = c;
        return c;
    }

    private static final class Listener implements WebSocket.Listener {
        Chromium owner;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    owner.received(JSON.readTree(text));
                } catch (IOException e) {
                    throw new AssertionError("bad DevTools message: " + text, e);
                }
            }
            ws.request(1);
            return null;
        }
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> f = replies.remove(message.get("id").asInt());
            if (f != null) f.complete(message);
        } else {
            events.add(message);
        }
    }

    /** Calls a DevTools method and returns its result; an error reply fails the test. */
    JsonNode send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode r = reply.get(60, TimeUnit.SECONDS);
        if (r.has("error")) throw new AssertionError(method + ": " + r.get("error"));
        return r.get("result");
    }

    /** The value of a JavaScript expression in the page (promises awaited); an exception fails the test. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) throw new AssertionError("in the page: " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Waits until {@code expression} is true in the page. */
    void waitUntil(String expression, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!eval("!!(" + expression + ")").asBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("the page never got to: " + expression);
            Thread.sleep(50);
        }
    }

    /** Opens {@code url} (network and page events recorded from before the first request) and waits for its load event. */
    void open(String url, String beforeScripts) throws Exception {
        send("Network.enable", Map.of());
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
        send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", beforeScripts));
        int loads = events("Page.loadEventFired").size();
        send("Page.navigate", Map.of("url", url));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (events("Page.loadEventFired").size() == loads) {
            if (System.nanoTime() > end) throw new AssertionError("no load event for " + url);
            Thread.sleep(20);
        }
    }

    /** A left click at (x, y) in CSS pixels of the viewport, as a user's mouse makes it. */
    void click(double x, double y) throws Exception {
        send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        send("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
        send("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
    }

    /** A PNG of the viewport. */
    byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
    }

    /** The events named {@code method}. */
    List<JsonNode> events(String method) {
        return events.stream().filter(e -> e.path("method").asText().equals(method)).map(e -> e.get("params")).toList();
    }

    @Override
    public void close() {
        socket.abort();
        List<ProcessHandle> helpers = process.descendants().toList(); // its renderer and zygote processes
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static Duration seconds(int n) {
        return Duration.ofSeconds(n);
    }
}
