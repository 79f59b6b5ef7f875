package tot.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvRedactionTest {
    private static String redacted(String entry) {
        return EnvRedaction.redact(List.of(entry)).getFirst();
    }

    @Test
    void secretNamesLoseTheirValues() {
        for (String name : List.of("GITHUB_TOKEN", "db_password", "AWS_SECRET_ACCESS_KEY", "MY_SESSION_ID", "DB_PWD",
                "MYSQL_PWD", "GH_PAT", "AZURE_DEVOPS_EXT_PAT", "API_JWT", "SENTRY_DSN", "SMTP_PASS", "GPG_PASSPHRASE",
                "SSH_PRIVATE", "SLACK_WEBHOOK_URL", "AZURE_STORAGE_CONNECTION_STRING", "pwd_db")) {
            assertEquals(name + "=tot:redacted", redacted(name + "=v"), name);
        }
    }

    @Test
    void directoriesPathsAndCertificatesStay() {
        for (String entry : List.of("PWD=/home/u", "OLDPWD=/tmp", "PATH=/usr/bin", "PATHEXT=x", "COMPASS=n",
                "SSL_CERT_FILE=/etc/ssl/cert.pem", "SPWD=x", "PASSAGE=x", "PLAIN=visible=yes", "NOEQUALS")) {
            assertEquals(entry, redacted(entry));
        }
    }

    @Test
    void urlsWithAPasswordAreRedactedWhole() {
        assertEquals("DATABASE_URL=tot:redacted", redacted("DATABASE_URL=postgres://app:hunter2@db.example/prod"));
        assertEquals("https_proxy=tot:redacted", redacted("https_proxy=http://me:p/w@proxy:3128"));
        assertEquals("PIP_INDEX_URL=tot:redacted", redacted("PIP_INDEX_URL=https://user:tok3n@pypi.example/simple"));
        assertEquals("MIRRORS=tot:redacted", redacted("MIRRORS=https://a.example ftp://u:pw@b.example"));
        for (String kept : List.of("HOME_URL=https://example.org/a@b", "REPO=git@github.com:o/r.git",
                "DATABASE_URL=postgres://app@db/prod", "X=https://user:@host/", "URL=http://host:8080/path")) {
            assertEquals(kept, redacted(kept), kept);
        }
    }
}
