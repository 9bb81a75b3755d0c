package org.ewstoken.server;

import java.nio.charset.StandardCharsets;

/** Manifests made for the server's tests: a schema 1.1 MailApp with the parts a test varies. */
public final class TestManifests {
    private TestManifests() {
    }

    /**
     * @param id         the add-in id
     * @param version    its Version
     * @param permission its Permissions
     * @param audience   the ItemRead form's SourceLocation, i.e. the identity token's aud
     * @param mailbox    the Mailbox requirement set's MinVersion, or null for none
     */
    public static byte[] xml(String id, String version, String permission, String audience, String mailbox) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<OfficeApp xmlns=\"http://schemas.microsoft.com/office/appforoffice/1.1\"\n"
                + "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"MailApp\">\n"
                + "  <Id>" + id + "</Id>\n"
                + "  <Version>" + version + "</Version>\n"
                + "  <ProviderName>Contoso</ProviderName>\n"
                + "  <DefaultLocale>en-US</DefaultLocale>\n"
                + "  <DisplayName DefaultValue=\"Add-in " + id.substring(0, 8) + "\"/>\n"
                + "  <Description DefaultValue=\"Made for a test.\"/>\n"
                + "  <IconUrl DefaultValue=\"https://contoso.example/icon.png\"/>\n"
                + (mailbox == null ? "" : "  <Requirements><Sets><Set Name=\"Mailbox\" MinVersion=\"" + mailbox
                        + "\"/></Sets></Requirements>\n")
                + "  <FormSettings>\n"
                + "    <Form xsi:type=\"ItemRead\">\n"
                + "      <DesktopSettings><SourceLocation DefaultValue=\"" + audience + "\"/></DesktopSettings>\n"
                + "    </Form>\n"
                + "  </FormSettings>\n"
                + "  <Permissions>" + permission + "</Permissions>\n"
                + "</OfficeApp>\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The same as a schema 1.0 manifest. */
    public static byte[] xml10(String id, String version, String permission, String audience) {
        return new String(xml(id, version, permission, audience, null), StandardCharsets.UTF_8)
                .replace("appforoffice/1.1", "appforoffice/1.0").getBytes(StandardCharsets.UTF_8);
    }

    /** A unified manifest (manifestVersion 1.17) whose Outlook extension needs Mailbox {@code mailbox}. */
    public static byte[] json(String id, String version, String audience, String mailbox) {
        return ("{\"$schema\":\"https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json\","
                + "\"manifestVersion\":\"1.17\",\"version\":\"" + version + "\",\"id\":\"" + id + "\","
                + "\"developer\":{\"name\":\"Contoso\",\"websiteUrl\":\"https://contoso.example\"},"
                + "\"name\":{\"short\":\"Unified " + id.substring(0, 8) + "\"},"
                + "\"authorization\":{\"permissions\":{\"resourceSpecific\":[{\"name\":\"MailboxItem.Read.User\","
                + "\"type\":\"Delegated\"}]}},"
                + "\"extensions\":[{\"requirements\":{\"scopes\":[\"mail\"],\"capabilities\":[{\"name\":\"Mailbox\","
                + "\"minVersion\":\"" + mailbox + "\"}]},\"audienceClaimUrl\":\"" + audience + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
