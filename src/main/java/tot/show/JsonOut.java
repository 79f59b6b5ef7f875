package tot.show;

import tot.store.StoredAccess;
import tot.store.StoredExecution;
import tot.linux.Errno;
import tot.util.Json;

/** The JSON objects `tot show --format json` is made of. */
final class JsonOut {
    private JsonOut() {}

    /** An execution's fields, without the closing brace (the caller may add more). */
    static StringBuilder exec(StringBuilder sb, StoredExecution x) {
        sb.append("{\"run\":").append(x.run()).append(",\"id\":\"").append(x.shortId()).append("\",\"exec_id\":")
                .append(x.execId()).append(",\"parent\":");
        Json.quote(sb, x.parentShortId()).append(",\"pid\":").append(x.pid()).append(",\"path\":");
        Json.quote(sb, x.path()).append(",\"args\":");
        Json.array(sb, x.argv()).append(",\"cwd\":");
        Json.quote(sb, x.cwd()).append(",\"start\":");
        Json.quote(sb, Text.isoTime(x.startNanos())).append(",\"end\":");
        Json.quote(sb, Text.isoTime(x.endNanos())).append(",\"exit\":").append(x.exit());
        if (!x.warnings().isEmpty()) Json.array(sb.append(",\"warnings\":"), x.warnings());
        if (x.fds() != null) Json.fds(sb.append(",\"fds\":"), x.fds(), false);
        return sb;
    }

    static StringBuilder access(StringBuilder sb, StoredAccess a) {
        Json.quote(sb.append("{\"kind\":\"").append(a.operation().column()).append("\",\"path\":"), a.path()).append(",\"sha1\":");
        Json.quote(sb, a.sha1()).append(",\"syscall\":");
        Json.quote(sb, a.syscall()).append(",\"time\":");
        Json.quote(sb, Text.isoTime(a.timeNanos()));
        if (a.errno() != 0) sb.append(",\"error\":\"").append(Errno.name(a.errno())).append('"');
        if (a.linkTarget() != null) Json.quote(sb.append(",\"target\":"), a.linkTarget());
        return sb.append('}');
    }
}
