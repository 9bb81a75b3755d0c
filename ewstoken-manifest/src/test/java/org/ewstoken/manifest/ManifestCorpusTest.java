package org.ewstoken.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.ewstoken.manifest.ManifestException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every manifest of the corpus with the outcome it must have: the valid ones with every derived field, the
 * refused ones with the problem, a message naming it, and where it is.
 */
class ManifestCorpusTest {
    private final ManifestParser parser = new ManifestParser();

    private Manifest parse(String file) throws ManifestException {
        return parser.parse(Corpus.bytes(file));
    }

    @Test
    void aSchema11ManifestWithLocalizedNamesYieldsEveryField() throws Exception {
        Manifest m = parse("mailapp-1.1-full.xml");

        assertThat(m.format()).isEqualTo(ManifestFormat.XML);
        assertThat(m.schemaVersion()).hasToString("1.1");
        assertThat(m.id()).isEqualTo("6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b");
        assertThat(m.version()).hasToString("1.2.0.0");
        assertThat(m.providerName()).isEqualTo("Contoso, Ltd");
        assertThat(m.defaultLocale()).isEqualTo("en-US");
        assertThat(m.displayName().defaultValue()).isEqualTo("Contoso CRM");
        assertThat(m.displayName().overrides()).containsExactly(
                java.util.Map.entry("fr-FR", "CRM de Contoso"), java.util.Map.entry("de-DE", "Contoso Kundenverwaltung"));
        assertThat(m.displayName().in("fr-fr")).isEqualTo("CRM de Contoso");
        assertThat(m.displayName().in("de-AT")).as("by language").isEqualTo("Contoso Kundenverwaltung");
        assertThat(m.displayName().in("es-ES")).isEqualTo("Contoso CRM");
        assertThat(m.description().in("fr-FR")).isEqualTo("Affiche la fiche CRM de l'expéditeur.");
        assertThat(m.permission()).isEqualTo(MailboxPermission.READ_WRITE_ITEM);
        assertThat(m.audienceUrl()).as("the read form's first SourceLocation")
                .isEqualTo("https://crm.contoso.com/outlook/read.html");
        assertThat(m.iconUrl()).isEqualTo("https://crm.contoso.com/outlook/icon-64.png");
        assertThat(m.highResolutionIconUrl()).isEqualTo("https://crm.contoso.com/outlook/icon-128.png");
        assertThat(m.supportUrl()).isEqualTo("https://crm.contoso.com/support");
        assertThat(m.mailboxRequirement()).hasToString("1.1");
        assertThat(m.hasVersionOverrides()).isFalse();
    }

    @Test
    void aSchema10ManifestTakesItsAudienceFromFormSettingsOnly() throws Exception {
        Manifest m = parse("mailapp-1.0.xml");

        assertThat(m.schemaVersion()).hasToString("1.0");
        assertThat(m.version()).hasToString("1.0");
        assertThat(m.audienceUrl()).isEqualTo("https://track.fabrikam.com/read.html");
        assertThat(m.permission()).isEqualTo(MailboxPermission.READ_ITEM);
        assertThat(m.mailboxRequirement()).as("no requirement sets").hasToString("1.0");
        assertThat(m.defaultLocale()).isEqualTo("en-GB");
        assertThat(m.iconUrl()).isNull();
        assertThat(m.supportUrl()).isNull();
    }

    @Test
    void withVersionOverridesTheFirstItemFormGivesTheAudienceWhateverItsType() throws Exception {
        Manifest m = parse("mailapp-1.1-version-overrides.xml");

        assertThat(m.hasVersionOverrides()).isTrue();
        assertThat(m.audienceUrl()).isEqualTo("https://sign.northwind.example/compose.html");
        assertThat(m.permission()).isEqualTo(MailboxPermission.READ_WRITE_MAILBOX);
        assertThat(m.mailboxRequirement()).hasToString("1.3");
        assertThat(m.version()).hasToString("2.0.1");
        assertThat(m.description().defaultValue()).as("not the Description inside VersionOverrides")
                .isEqualTo("Inserts the company signature.");
    }

    @Test
    void prefixesByteOrderMarksCommentsAndWhitespaceChangeNothing() throws Exception {
        Manifest m = parse("mailapp-prefixed-bom.xml");

        assertThat(m.id()).isEqualTo("b1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");
        assertThat(m.displayName().defaultValue()).isEqualTo("テイルスピン");
        assertThat(m.displayName().in("en-US")).isEqualTo("Tailspin");
        assertThat(m.audienceUrl()).isEqualTo("https://tailspin.example/read.html");
        assertThat(m.permission()).isEqualTo(MailboxPermission.RESTRICTED);
    }

    @Test
    void aUtf16ManifestReadsLikeItsUtf8Original() throws Exception {
        String utf8 = new String(Corpus.bytes("mailapp-1.1-full.xml"), StandardCharsets.UTF_8)
                .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");

        Manifest m = parser.parse(utf8.getBytes(StandardCharsets.UTF_16));

        assertThat(m).isEqualTo(parse("mailapp-1.1-full.xml"));
    }

    @Test
    void theUnifiedJsonManifestTakesItsAudienceFromAudienceClaimUrl() throws Exception {
        Manifest m = parse("unified-manifest.json");

        assertThat(m.format()).isEqualTo(ManifestFormat.JSON);
        assertThat(m.schemaVersion()).hasToString("1.17");
        assertThat(m.id()).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(m.version()).hasToString("1.4.0");
        assertThat(m.providerName()).isEqualTo("Adventure Works");
        assertThat(m.displayName().defaultValue()).isEqualTo("Adventure Works Mail");
        assertThat(m.defaultLocale()).isEqualTo("en-us");
        assertThat(m.permission()).isEqualTo(MailboxPermission.READ_ITEM);
        assertThat(m.audienceUrl()).isEqualTo("https://mail.adventure-works.example/taskpane.html");
        assertThat(m.mailboxRequirement()).hasToString("1.3");
        assertThat(m.supportUrl()).isEqualTo("https://www.adventure-works.example");
        assertThat(m.iconUrl()).as("a file in the app package is not a URL").isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            taskpane-app.xml                 | NOT_A_MAIL_ADD_IN | xsi:type 'TaskPaneApp'             | line 2
            no-xsi-type.xml                  | NOT_A_MAIL_ADD_IN | no xsi:type                         | line 2
            not-officeapp.xml                | NOT_A_MAIL_ADD_IN | 'Manifest', not OfficeApp           | line 2
            missing-id.xml                   | MISSING_ID        | has no Id                           | line 2
            id-not-a-guid.xml                | INVALID_ID        | 'contoso-crm-addin' is not a GUID   | line 4
            no-form-settings.xml             | NO_AUDIENCE       | no FormSettings                     | line 2
            http-source-location.xml         | NO_AUDIENCE       | is not an absolute https URL        | line 11
            form-without-source-location.xml | NO_AUDIENCE       | no ItemRead or ItemEdit form with a SourceLocation | line 9
            unknown-permission.xml           | INVALID_VALUE     | Permissions 'Admin'                 | line 14
            version-not-a-number.xml         | INVALID_VALUE     | 'one point oh' is not a version     | line 5
            not-well-formed.xml              | NOT_WELL_FORMED   | not well-formed XML                 | line
            xxe.xml                          | DTD_NOT_ALLOWED   | DOCTYPE is not allowed              | line 2
            billion-laughs.xml               | DTD_NOT_ALLOWED   | DOCTYPE is not allowed              | line 2
            undeclared-entity.xml            | DTD_NOT_ALLOWED   | company                             | line 5
            json-id-is-a-number.json         | INVALID_ID        | 12345 is not a GUID                 | /id
            json-teams-only.json             | NOT_A_MAIL_ADD_IN | not an Outlook add-in               | /extensions
            json-no-audience.json            | NO_AUDIENCE       | no audienceClaimUrl                 | /extensions/0/audienceClaimUrl
            json-duplicate-member.json       | NOT_WELL_FORMED   | Duplicate field 'id'                | line 2
            plain-text.txt                   | UNKNOWN_FORMAT    | neither XML                         |
            """)
    void aBrokenOrHostileManifestIsRefusedNamingTheProblemAndWhere(String file, Problem problem, String says,
                                                                     String where) {
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> parse(file));

        assertThat(e).as(file).isNotNull();
        assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
        assertThat(e.getMessage()).contains(says);
        if (where == null) {
            assertThat(e.where()).isNull();
        } else {
            assertThat(e.where()).startsWith(where);
            assertThat(e.getMessage()).contains(e.where());
        }
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeParsing() {
        byte[] huge = ("<OfficeApp>" + "<!-- padding -->".repeat(20_000) + "</OfficeApp>").getBytes(StandardCharsets.UTF_8);

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> parser.parse(huge));

        assertThat(huge.length).isGreaterThan(ManifestParser.DEFAULT_MAX_BYTES);
        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(e.getMessage()).contains(huge.length + " bytes").contains("at most 262144");
    }

    @Test
    void hugeTextInsideTheSizeLimitIsStillBounded() {
        String big = "x".repeat(100_000);
        byte[] xml = new String(Corpus.bytes("mailapp-1.1-full.xml"), StandardCharsets.UTF_8)
                .replace("<ProviderName>Contoso, Ltd</ProviderName>", "<ProviderName>" + big + "</ProviderName>")
                .getBytes(StandardCharsets.UTF_8);

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> parser.parse(xml));

        assertThat(e.problem()).isEqualTo(Problem.LIMIT_EXCEEDED);
        assertThat(e.where()).startsWith("line 8");
    }

    @Test
    void deepNestingIsRefused() {
        byte[] deep = ("<OfficeApp xmlns='http://schemas.microsoft.com/office/appforoffice/1.1'>" + "<a>".repeat(200)
                + "</a>".repeat(200) + "</OfficeApp>").getBytes(StandardCharsets.UTF_8);

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> parser.parse(deep));

        assertThat(e.problem()).isEqualTo(Problem.LIMIT_EXCEEDED);
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        byte[] deep = ("{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}").getBytes(StandardCharsets.UTF_8);

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> parser.parse(deep));

        assertThat(e.problem()).isEqualTo(Problem.LIMIT_EXCEEDED);
    }

    @Test
    void hostileInputIsRefusedQuickly() {
        long start = System.nanoTime();
        for (String file : new String[] {"billion-laughs.xml", "xxe.xml", "undeclared-entity.xml"}) {
            catchThrowableOfType(ManifestException.class, () -> parse(file));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anEmptyDocumentIsRefused() {
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> parser.parse(new byte[] {' ', '\n'}));

        assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_FORMAT);
        assertThat(e.getMessage()).contains("empty");
    }
}
