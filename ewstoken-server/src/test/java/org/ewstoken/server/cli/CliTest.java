package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.Setting;
import org.ewstoken.server.Installation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrative command line, run for real against a data directory. */
class CliTest {

    static final Map<String, String> ENV = Map.of("EWSTOKEN_ARGON2_MEMORY_KIB", "1024", "EWSTOKEN_ARGON2_ITERATIONS", "1");
    static final String ADDIN = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    @TempDir Path dir;

    private CliRunner.Result run(String stdin, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.toString();
        return CliRunner.run(ENV, stdin, all);
    }

    private CliRunner.Result ok(String stdin, String... args) {
        CliRunner.Result r = run(stdin, args);
        assertThat(r.exitCode()).as("exit code of %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    @BeforeEach
    void aUser() {
        ok("s3cret-passw0rd\n", "users", "add", "Alice@Contoso.com", "--name", "Alice", "--password-stdin");
    }

    @Test
    void usersAreAddedListedWithAStableMsexchuidAndRemoved() {
        CliRunner.Result list = ok("", "users", "list");
        assertThat(list.out()).contains("alice@contoso.com", "Alice").containsPattern("[0-9a-f-]{36}");
        String uid = list.out().replaceAll("(?s).*?([0-9a-f]{8}-[0-9a-f-]{27}).*", "$1");
        assertThat(ok("", "users", "list").out()).contains(uid);

        ok("", "users", "remove", "alice@contoso.com");
        assertThat(ok("", "users", "list").out()).doesNotContain("alice@contoso.com");
    }

    @Test
    void passwordsAreNeverPrintedAndNeverStoredInTheClear() throws Exception {
        CliRunner.Result list = ok("", "users", "list");
        assertThat(list.out() + list.err()).doesNotContain("s3cret-passw0rd").doesNotContain("argon2");
        ok("n3w-passw0rd-long\n", "users", "passwd", "alice@contoso.com", "--password-stdin");
        try (Installation inst = Installation.open(ServerConfig.defaults(Map.of(CoreSettings.DATA_DIR, dir.toString())))) {
            String hash = inst.store().findUser("alice@contoso.com").orElseThrow().passwordHash();
            assertThat(hash).startsWith("$argon2id$").doesNotContain("n3w-passw0rd-long");
            assertThat(inst.passwordHasher().verify("n3w-passw0rd-long".toCharArray(), hash)).isTrue();
            assertThat(inst.passwordHasher().verify("s3cret-passw0rd".toCharArray(), hash)).isFalse();
        }
    }

    @Test
    void aDuplicateUserABadAddressAndAShortPasswordAreRefusedWithAMessage() {
        CliRunner.Result dup = run("another-passw0rd\n", "users", "add", "alice@contoso.com", "--password-stdin");
        assertThat(dup.exitCode()).isEqualTo(1);
        assertThat(dup.err()).contains("already exists");
        CliRunner.Result bad = run("another-passw0rd\n", "users", "add", "not an address", "--password-stdin");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("not an SMTP address");
        CliRunner.Result shortPw = run("short\n", "users", "add", "bob@contoso.com", "--password-stdin");
        assertThat(shortPw.exitCode()).isEqualTo(1);
        assertThat(shortPw.err()).contains("at least 8");
    }

    @Test
    void theCliUsesTheOneCanonicalAccountName() {
        CliRunner.Result nul = run("another-passw0rd\n", "users", "add", "carol@contoso.com\u0000", "--password-stdin");
        assertThat(nul.exitCode()).isEqualTo(1);
        assertThat(nul.err()).contains("not an SMTP address", "NUL").doesNotContain("\u0000");
        CliRunner.Result zeroWidth = run("another-passw0rd\n", "users", "add", "ca\u200brol@contoso.com", "--password-stdin");
        assertThat(zeroWidth.exitCode()).isEqualTo(1);
        ok("another-passw0rd\n", "users", "add", " Carol@Contoso.COM ", "--password-stdin");
        CliRunner.Result again = run("another-passw0rd\n", "users", "add", "\uff43arol@contoso.com", "--password-stdin");
        assertThat(again.err()).as("full-width c is the same account").contains("already exists");
        assertThat(ok("", "users", "list").out()).contains("carol@contoso.com");
        assertThat(ok("", "users", "remove", "CAROL@contoso.com ").out()).contains("removed user carol@contoso.com");
    }

    @Test
    void aGeneratedPasswordIsPrintedOnceAndWorks() throws Exception {
        CliRunner.Result r = ok("", "users", "add", "bob@contoso.com", "--generate-password");
        String password = r.out().replaceAll("(?s).*password: (\\S+).*", "$1");
        assertThat(password).hasSize(20);
        try (Installation inst = Installation.open(ServerConfig.defaults(Map.of(CoreSettings.DATA_DIR, dir.toString())))) {
            String hash = inst.store().findUser("bob@contoso.com").orElseThrow().passwordHash();
            assertThat(inst.passwordHasher().verify(password.toCharArray(), hash)).isTrue();
        }
    }

    @Test
    void addInsAreAddedListedDisabledEnabledAndRemoved() {
        ok("", "apps", "add", "--id", ADDIN.toUpperCase(), "--name", "Contoso Helper", "--permission", "ReadItem",
                "--audience", "https://helper.contoso.com/read.html", "--scope", "Mail.Read");
        ok("", "apps", "add", "--id", "0b7e4c4e-55d9-4a51-a0bb-6fa6a8f0a00f", "--name", "Alice Only",
                "--permission", "readwriteitem", "--audience", "https://alice.example/x.html", "--user", "alice@contoso.com");

        String list = ok("", "apps", "list").out();
        assertThat(list).contains(ADDIN, "Contoso Helper", "ReadItem", "https://helper.contoso.com/read.html",
                "organisation", "enabled", "Mail.Read", "ReadWriteItem", "alice@contoso.com");

        ok("", "apps", "disable", ADDIN);
        assertThat(ok("", "apps", "list").out()).containsPattern(ADDIN + ".*disabled");
        ok("", "apps", "enable", ADDIN.toUpperCase());
        assertThat(ok("", "apps", "list").out()).containsPattern(ADDIN + ".*enabled");
        ok("", "apps", "remove", ADDIN);
        assertThat(ok("", "apps", "list").out()).doesNotContain(ADDIN);
    }

    @Test
    void badAddInDefinitionsAreRefusedWithAMessage() {
        CliRunner.Result notGuid = run("", "apps", "add", "--id", "123", "--name", "x", "--permission", "ReadItem",
                "--audience", "https://a.example/");
        assertThat(notGuid.exitCode()).isEqualTo(1);
        assertThat(notGuid.err()).contains("not a GUID");
        CliRunner.Result badPerm = run("", "apps", "add", "--id", ADDIN, "--name", "x", "--permission", "Everything",
                "--audience", "https://a.example/");
        assertThat(badPerm.err()).contains("unknown permission");
        CliRunner.Result badAud = run("", "apps", "add", "--id", ADDIN, "--name", "x", "--permission", "ReadItem",
                "--audience", "not a url");
        assertThat(badAud.err()).contains("--audience");
        CliRunner.Result noUser = run("", "apps", "add", "--id", ADDIN, "--name", "x", "--permission", "ReadItem",
                "--audience", "https://a.example/", "--user", "ghost@contoso.com");
        assertThat(noUser.err()).contains("no user");
        assertThat(run("", "apps", "disable", ADDIN).err()).contains("no add-in");
    }

    @Test
    void keysAreListedRotatedAndTheOldOneStaysPublished() {
        String first = ok("", "keys", "list").out();
        assertThat(first).contains("signing");
        CliRunner.Result rotated = ok("", "keys", "rotate", "--now");
        assertThat(rotated.out()).contains("new signing key");
        String after = ok("", "keys", "list").out();
        assertThat(after).contains("signing").contains("retired");
        assertThat(after.lines().count()).isEqualTo(3);
    }

    @Test
    void aRotatedKeyIsPendingDuringPrePublicationWhileTheCurrentOneSigns() {
        String before = ok("", "keys", "list").out();
        CliRunner.Result rotated = ok("", "keys", "rotate");
        assertThat(rotated.out()).contains("new signing key", "published now, signs from");
        String after = ok("", "keys", "list").out();
        String signing = before.lines().filter(l -> l.contains("signing")).findFirst().orElseThrow().split("\\s+")[0];
        assertThat(after.lines().filter(l -> l.contains(" signing ")))
                .singleElement().asString().startsWith(signing);
        assertThat(after).contains(" next ");
    }

    @Test
    void serveHelpDocumentsEverySettingWithItsEnvironmentVariableAndDefault() {
        CliRunner.Result help = CliRunner.run(Map.of(), "", "serve", "--help");
        assertThat(help.exitCode()).isZero();
        for (Setting s : Setting.ALL) {
            assertThat(help.out()).contains(s.key()).contains(s.environmentVariable());
        }
        assertThat(help.out()).contains("--demo", "--port", "--public-url", "8h", "5m");
    }

    @Test
    void aGroupWithoutSubcommandSaysWhatExists() {
        CliRunner.Result r = CliRunner.run(Map.of(), "", "users");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("add", "list", "remove", "passwd");
    }
}
