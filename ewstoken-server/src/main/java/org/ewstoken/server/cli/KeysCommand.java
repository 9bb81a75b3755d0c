package org.ewstoken.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.AdminEvents;
import org.ewstoken.server.admin.KeyAdmin;
import org.ewstoken.server.Installation;
import org.ewstoken.server.config.FileProblems;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.CertificateExpiry;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.tokens.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage token signing keys.")
final class KeysCommand extends CommandGroup {

    static KeyRing keyRing(Installation inst) {
        ServerConfig config = inst.config();
        return inst.openKeyRing(inst.clock(), config.effectivePublicUrl(config.port()).getHost());
    }

    /** Key changes go through the service the admin API uses, which also records them. */
    static KeyAdmin keyAdmin(Installation inst) {
        return new KeyAdmin(keyRing(inst), new AdminEvents(inst.adminStore(), inst.clock()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List signing keys: which signs and when, which are only published (next or retired), until "
                    + "when each stays in the metadata document, and when each certificate expires.")
    static final class ListKeys extends InstallationCommand {

        ListKeys(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            return inInstallation(inst -> {
                Instant now = Instant.now();
                Table table = new Table("KEY ID (x5t)", "STATE", "SIGNS", "PUBLISHED", "CERTIFICATE NOT AFTER", "SUBJECT");
                for (KeyRing.KeyStatus k : keyRing(inst).snapshot().keys()) {
                    table.row(k.keyId(), state(k), signs(k), published(k), notAfter(k, now), k.subject());
                }
                return table.text();
            });
        }

        /**
         * One word per state, never contradicting the time columns: a key either signs now, will sign (next), is
         * published only (replaced before it ever signed), retired (signed, stays published for its last tokens), or
         * unpublished.
         */
        static String state(KeyRing.KeyStatus k) {
            return switch (k.state()) {
                case SIGNING -> "signing";
                case PENDING -> "next";
                case PUBLISHED -> k.neverSigns() ? "published only" : "retired";
                case EXPIRED -> "unpublished";
            };
        }

        static String signs(KeyRing.KeyStatus k) {
            if (k.neverSigns()) return "never (replaced before " + time(k.activatesAt()) + ")";
            String until = k.signsUntil() == null ? "the next rotation" : time(k.signsUntil());
            return switch (k.state()) {
                case SIGNING -> "since " + time(k.activatesAt()) + ", until " + until;
                case PENDING -> "from " + time(k.activatesAt()) + ", until " + until;
                default -> time(k.activatesAt()) + " to " + until;
            };
        }

        static String published(KeyRing.KeyStatus k) {
            if (k.unpublishedAt() == null) return "since " + time(k.createdAt());
            return (k.state() == KeyRing.State.EXPIRED ? "ended " : "until ") + time(k.unpublishedAt());
        }

        static String notAfter(KeyRing.KeyStatus k, Instant now) {
            long days = Duration.between(now, k.certificateNotAfter()).toDays();
            String left = now.isAfter(k.certificateNotAfter()) ? "EXPIRED"
                    : days < CertificateExpiry.WARN_BEFORE.toDays() ? "EXPIRES IN " + days + " DAYS" : "in " + days + " days";
            return time(k.certificateNotAfter()) + " (" + left + ")";
        }

        private static String time(Instant t) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Create a new signing key: published at once, it signs after key-pre-publication, so every "
                    + "node and verifier has it first; until then the current key signs. The old key stays published "
                    + "until its last token expires. Running servers pick the change up within key-refresh-interval.")
    static final class Rotate extends InstallationCommand {
        @Option(names = "--now", description = "Sign with the new key at once (e.g. the current key is compromised); "
                + "verifiers holding an older metadata document reject its tokens until they fetch it again.")
        boolean now;

        Rotate(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            return inInstallation(inst -> {
                KeyAdmin keys = keyAdmin(inst);
                String previous = keys.signingKeyId();
                KeyRing.KeyStatus created = keys.rotate(Actor.commandLine(), now);
                return "new signing key " + created.keyId() + ", published now, signs from " + created.activatesAt()
                        + " (previous " + previous + " signs until then and stays published until its tokens expire)";
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import an organisation's own RSA key and certificate (PKCS#12 .p12/.pfx, or PEM with "
                    + "the private key and the certificate) and sign with it from now on.")
    static final class Import extends InstallationCommand {
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--password-stdin", description = "Read the PKCS#12 password from standard input (default: empty).")
        boolean passwordStdin;
        @Option(names = "--now", description = "Sign with it at once instead of after key-pre-publication.")
        boolean now;

        Import(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            SigningKey key = read();
            return inInstallation(inst -> {
                KeyRing.KeyStatus imported = keyAdmin(inst).importKey(Actor.commandLine(), key, now);
                return "imported signing key " + imported.keyId() + " (" + imported.subject() + "), signs from "
                        + imported.activatesAt();
            });
        }

        private SigningKey read() {
            char[] password = new char[0];
            try {
                if (passwordStdin) {
                    String line = cli.stdin().readLine();
                    password = line == null ? new char[0] : line.toCharArray();
                }
                return KeyAdmin.read(file.getFileName().toString(), Files.readAllBytes(file), password);
            } catch (IOException e) {
                throw new Main.CommandFailure("cannot read " + file + ": " + FileProblems.describe(e));
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

}
