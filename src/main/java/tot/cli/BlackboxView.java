package tot.cli;

import tot.api.BlackboxSnapshot;
import tot.api.SyscallRecord;
import tot.util.Json;
import tot.util.SafeText;

/** `tot blackbox`'s two formats of what the ring holds. */
final class BlackboxView {
    private BlackboxView() {}

    /** An aligned table under a count: time relative to when the snapshot was taken, tid, syscall(args) = result, duration. */
    static String table(BlackboxSnapshot box) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d syscalls seen; the last %d:%n", box.seen(), box.calls().size()));
        for (SyscallRecord s : box.calls()) {
            String result = s.resultText();
            sb.append(String.format("%10.6fs %7d  %s(%s) = %s%s%n", (s.time() - box.takenNanos()) / 1e9, s.tid(), s.name(),
                    SafeText.escape(String.join(", ", s.args())), result, s.durationNanos() > 0 ? String.format(" <%.6f>", s.durationNanos() / 1e9) : ""));
        }
        return sb.toString();
    }

    /** A JSON array of the kept calls (times in epoch ns). */
    static String json(BlackboxSnapshot box) {
        StringBuilder sb = new StringBuilder("[");
        for (SyscallRecord s : box.calls()) {
            sb.append(sb.length() > 1 ? ",\n" : "\n").append("{\"t\":").append(s.time()).append(",\"pid\":").append(s.pid())
                    .append(",\"tid\":").append(s.tid()).append(",\"name\":\"").append(s.name()).append("\",\"args\":");
            Json.array(sb, s.args());
            if (s.errno() != 0) sb.append(",\"err\":\"").append(s.errorName()).append('"');
            else if (s.durationNanos() > 0) sb.append(",\"ret\":").append(s.result());
            if (s.durationNanos() > 0) sb.append(",\"dur\":").append(s.durationNanos());
            sb.append('}');
        }
        return sb.append(sb.length() > 1 ? "\n]\n" : "]\n").toString();
    }
}
