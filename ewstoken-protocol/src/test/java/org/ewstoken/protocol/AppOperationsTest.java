package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.protocol.Conformance.assertValidEverywhere;
import static org.ewstoken.protocol.Requests.M;
import static org.ewstoken.protocol.Requests.envelope;
import static org.ewstoken.protocol.Requests.utf8;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.ewstoken.protocol.schema.InvalidResponseException;
import org.ewstoken.protocol.schema.ResponseValidator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The app-management operations: requests as documented, their schema agreement, and their responses. */
class AppOperationsTest {
    private static final String ID = "1C50226D-04B5-4AB2-9FCD-42E236B59E4B";
    private static final String VERSION_2013 = "<t:RequestServerVersion Version=\"Exchange2013\"/>";
    private static final byte[] MANIFEST = "<OfficeApp>caf\u00e9 & <x/></OfficeApp>".getBytes(StandardCharsets.UTF_8);
    private static final String MANIFEST_B64 = Base64.getEncoder().encodeToString(MANIFEST);

    private final SoapRequestReader reader = new SoapRequestReader(ParserLimits.DEFAULTS);

    private EwsOperation read(String body) throws EwsFaultException {
        return reader.read(utf8(envelope(VERSION_2013, body))).operation();
    }

    private static void forEachValidator(java.util.function.Consumer<ResponseValidator> check) {
        check.accept(ResponseValidator.ownSchema());
        Conformance.official().ifPresent(check);
    }

    @Nested
    class Requests {
        @Test
        void getAppManifestsReadsItsVersionsFlagsAndIds() throws Exception {
            assertThat(read("<m:GetAppManifests/>")).isEqualTo(new GetAppManifests(null, null, false, List.of()));
            assertThat(read("<m:GetAppManifests><m:ApiVersionSupported>1.1</m:ApiVersionSupported>"
                    + "<m:SchemaVersionSupported>1.1</m:SchemaVersionSupported>"
                    + "<m:IncludeAllInstalledAddIns> 1 </m:IncludeAllInstalledAddIns>"
                    + "<m:ExtensionIds> " + ID + "\n 0a6ce9c6-2d8b-4b5e-9a4c-0f7d1b9a3c21 </m:ExtensionIds>"
                    + "<m:IncludeExtensionMetaData>false</m:IncludeExtensionMetaData></m:GetAppManifests>"))
                    .isEqualTo(new GetAppManifests("1.1", "1.1", true,
                            List.of(ID, "0a6ce9c6-2d8b-4b5e-9a4c-0f7d1b9a3c21")));
        }

        @Test
        void installAppDecodesItsManifestWhateverTheLineBreaks() throws Exception {
            String wrapped = MANIFEST_B64.substring(0, 10) + "\n  " + MANIFEST_B64.substring(10);

            EwsOperation op = read("<m:InstallApp><m:Manifest>" + wrapped + "</m:Manifest>"
                    + "<m:SendWelcomeEmail>false</m:SendWelcomeEmail></m:InstallApp>");

            assertThat(op).isEqualTo(new InstallApp(MANIFEST));
            assertThat(op.toString()).doesNotContain("OfficeApp");
        }

        @Test
        void uninstallDisableAndMarketplaceReadAsDocumented() throws Exception {
            assertThat(read("<m:UninstallApp><m:ID>" + ID + "</m:ID></m:UninstallApp>")).isEqualTo(new UninstallApp(ID));
            assertThat(read("<m:DisableApp><m:ID>" + ID + "</m:ID><m:DisableReason>OutlookClientPerformance"
                    + "</m:DisableReason></m:DisableApp>"))
                    .isEqualTo(new DisableApp(ID, DisableReason.OUTLOOK_CLIENT_PERFORMANCE));
            assertThat(read("<m:GetAppMarketplaceUrl/>")).isEqualTo(new GetAppMarketplaceUrl());
            assertThat(read("<m:GetAppMarketplaceUrl><m:ApiVersionSupported>1.0</m:ApiVersionSupported>"
                    + "<m:SchemaVersionSupported>1.0</m:SchemaVersionSupported></m:GetAppMarketplaceUrl>"))
                    .as("Microsoft's documented request, although the schema gives the element no content")
                    .isEqualTo(new GetAppMarketplaceUrl());
        }

        @Test
        void theOperationsExistFromExchange2013On() {
            String xml = envelope("<t:RequestServerVersion Version=\"Exchange2010_SP2\"/>", "<m:GetAppManifests/>");

            SoapFault f = SoapRequestReaderTest.faultOf(reader, utf8(xml));

            assertThat(f.responseCode()).isEqualTo("ErrorInvalidServerVersion");
            assertThat(f.violation()).isEqualTo("GetAppManifests requires Exchange2013 or later; the request specified"
                    + " Exchange2010_SP2.");
        }

        @Test
        void requestsTheReaderAcceptsAreSchemaValid() throws Exception {
            List<String> valid = List.of(
                    "<m:GetAppManifests/>",
                    "<m:GetAppManifests><m:SchemaVersionSupported>1.1</m:SchemaVersionSupported>"
                            + "<m:IncludeManifestData>true</m:IncludeManifestData><m:ExtensionIds/></m:GetAppManifests>",
                    "<m:InstallApp><m:Manifest>" + MANIFEST_B64 + "</m:Manifest><m:MarketplaceAssetId>WA1</m:MarketplaceAssetId>"
                            + "<m:Id>x</m:Id></m:InstallApp>",
                    "<m:UninstallApp><m:ID/></m:UninstallApp>",
                    "<m:DisableApp><m:ID>" + ID + "</m:ID><m:DisableReason>NoReason</m:DisableReason></m:DisableApp>",
                    "<m:GetAppMarketplaceUrl/>");
            for (String body : valid) {
                String xml = envelope(VERSION_2013, body);
                reader.read(utf8(xml));
                forEachValidator(v -> v.validate(xml.getBytes(StandardCharsets.UTF_8)));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "<m:InstallApp/>",
            "<m:InstallApp><m:Manifest>not base64!</m:Manifest></m:InstallApp>",
            "<m:InstallApp><m:ManifestUrl>https://x/</m:ManifestUrl><m:Manifest>AAAA</m:Manifest></m:InstallApp>",
            "<m:UninstallApp/>",
            "<m:UninstallApp><m:ID>a</m:ID><m:ID>b</m:ID></m:UninstallApp>",
            "<m:DisableApp><m:ID>a</m:ID></m:DisableApp>",
            "<m:DisableApp><m:ID>a</m:ID><m:DisableReason>Boredom</m:DisableReason></m:DisableApp>",
            "<m:DisableApp><m:DisableReason>NoReason</m:DisableReason><m:ID>a</m:ID></m:DisableApp>",
            "<m:GetAppManifests><m:IncludeAllInstalledAddIns>yes</m:IncludeAllInstalledAddIns></m:GetAppManifests>",
            "<m:GetAppManifests><m:ExtensionIds>not-a-guid</m:ExtensionIds></m:GetAppManifests>",
            "<m:GetAppManifests><m:SchemaVersionSupported>1</m:SchemaVersionSupported>"
                    + "<m:ApiVersionSupported>1</m:ApiVersionSupported></m:GetAppManifests>",
            "<m:GetAppManifests><t:ApiVersionSupported>1</t:ApiVersionSupported></m:GetAppManifests>",
            "<m:GetAppManifests>text</m:GetAppManifests>",
            "<m:UninstallApp><m:ID><m:x/></m:ID></m:UninstallApp>",
        })
        void requestsTheReaderCallsSchemaInvalidAreRejectedByTheSchemasToo(String body) {
            String xml = envelope(VERSION_2013, body);

            assertThat(SoapRequestReaderTest.faultOf(reader, utf8(xml)).responseCode()).isEqualTo("ErrorSchemaValidation");
            forEachValidator(v -> assertThatThrownBy(() -> v.validate(xml.getBytes(StandardCharsets.UTF_8)))
                    .as(v + " on " + body).isInstanceOf(InvalidResponseException.class));
        }

        @Test
        void violationsAreWordedAsDotNetWordsThem() {
            SoapFault missing = SoapRequestReaderTest.faultOf(reader, utf8(envelope(VERSION_2013,
                    "<m:DisableApp><m:ID>a</m:ID></m:DisableApp>")));
            SoapFault badBoolean = SoapRequestReaderTest.faultOf(reader, utf8(envelope(VERSION_2013,
                    "<m:GetAppManifests><m:IncludeAllInstalledAddIns>yes</m:IncludeAllInstalledAddIns></m:GetAppManifests>")));
            SoapFault badReason = SoapRequestReaderTest.faultOf(reader, utf8(envelope(VERSION_2013,
                    "<m:DisableApp><m:ID>a</m:ID><m:DisableReason>Boredom</m:DisableReason></m:DisableApp>")));

            assertThat(missing.violation()).isEqualTo("The element 'DisableApp' in namespace '" + M + "' has incomplete"
                    + " content. List of possible elements expected: 'DisableReason' in namespace '" + M + "'.");
            assertThat(badBoolean.violation()).isEqualTo("The '" + M + ":IncludeAllInstalledAddIns' element is invalid"
                    + " - The value 'yes' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:boolean'"
                    + " - The string 'yes' is not a valid Boolean value.");
            assertThat(badReason.violation()).isEqualTo("The '" + M + ":DisableReason' element is invalid - The value"
                    + " 'Boredom' is invalid according to its datatype '" + EwsNamespaces.TYPES + ":DisableReasonType'"
                    + " - The Enumeration constraint failed.");
            assertThat(badReason.lineNumber()).isEqualTo(5);
        }
    }

    @Nested
    class Responses {
        private final SoapResponseWriter writer = new SoapResponseWriter();

        private String utf8String(byte[] b) {
            return new String(assertValidEverywhere(b), StandardCharsets.UTF_8);
        }

        @Test
        void anUninstallResponseIsByteForByteAsExchangeWritesIt() {
            assertThat(utf8String(writer.uninstallAppResponse(ServerVersionInfo.DEFAULT))).isEqualTo(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                    + "<s:Header><h:ServerVersionInfo MajorVersion=\"15\" MinorVersion=\"20\" MajorBuildNumber=\"6000\""
                    + " MinorBuildNumber=\"0\" Version=\"V2018_01_08\" xmlns:h=\"" + EwsNamespaces.TYPES + "\" xmlns=\""
                    + EwsNamespaces.TYPES + "\" xmlns:xsi=\"" + EwsNamespaces.XSI + "\" xmlns:xsd=\"" + EwsNamespaces.XSD
                    + "\"/></s:Header><s:Body xmlns:xsi=\"" + EwsNamespaces.XSI + "\" xmlns:xsd=\"" + EwsNamespaces.XSD
                    + "\"><UninstallAppResponse ResponseClass=\"Success\" xmlns=\"" + M + "\" xmlns:t=\""
                    + EwsNamespaces.TYPES + "\"><ResponseCode>NoError</ResponseCode></UninstallAppResponse></s:Body>"
                    + "</s:Envelope>");
        }

        @Test
        void manifestsComeBackAsBase64InEitherForm() {
            List<AppManifestEntry> apps = List.of(new AppManifestEntry(MANIFEST, true, false),
                    new AppManifestEntry(new byte[] {0, (byte) 0xFF}, false, true));

            String manifests = utf8String(writer.getAppManifestsResponse(ServerVersionInfo.DEFAULT, apps, false));
            String asApps = utf8String(writer.getAppManifestsResponse(ServerVersionInfo.DEFAULT, apps, true));

            assertThat(manifests).contains("<ResponseCode>NoError</ResponseCode><Manifests><Manifest>" + MANIFEST_B64
                    + "</Manifest><Manifest>AP8=</Manifest></Manifests></GetAppManifestsResponse>");
            assertThat(asApps).contains("<Apps><t:App><t:Metadata><t:EnabledStatus>true</t:EnabledStatus>"
                    + "<t:IsMandatory>false</t:IsMandatory></t:Metadata><t:Manifest>" + MANIFEST_B64 + "</t:Manifest>"
                    + "</t:App><t:App><t:Metadata><t:EnabledStatus>false</t:EnabledStatus><t:IsMandatory>true"
                    + "</t:IsMandatory></t:Metadata><t:Manifest>AP8=</t:Manifest></t:App></Apps>");
            assertThat(utf8String(writer.getAppManifestsResponse(ServerVersionInfo.DEFAULT, List.of(), true)))
                    .contains("<Apps></Apps>");
        }

        @Test
        void anInstallResponseDescribesTheExtensionEscapingItsText() {
            String xml = utf8String(writer.installAppResponse(ServerVersionInfo.DEFAULT, true, new InstalledApp(ID,
                    true, "Contoso <&> \"Ltd\"", null, null, "CRM", null, "1.0.0.0")));

            assertThat(xml).contains("<ResponseCode>NoError</ResponseCode><WasFirstInstall>true</WasFirstInstall>"
                    + "<Extension><t:Id>" + ID + "</t:Id><t:Enabled>true</t:Enabled><t:ProviderName>Contoso &lt;&amp;&gt;"
                    + " \"Ltd\"</t:ProviderName><t:DisplayName>CRM</t:DisplayName><t:Version>1.0.0.0</t:Version>"
                    + "</Extension></InstallAppResponse>");
        }

        @Test
        void theMarketplaceUrlAndDisableResponsesAreValid() {
            assertThat(utf8String(writer.getAppMarketplaceUrlResponse(ServerVersionInfo.DEFAULT,
                    "https://store.contoso.com/?a=1&b=2")))
                    .contains("<AppMarketplaceUrl>https://store.contoso.com/?a=1&amp;b=2</AppMarketplaceUrl>");
            assertThat(utf8String(writer.disableAppResponse(ServerVersionInfo.DEFAULT)))
                    .contains("<DisableAppResponse ResponseClass=\"Success\"");
        }

        @Test
        void everyOperationHasAnErrorResponse() {
            EwsError error = new EwsError("ErrorExtensionNotFound", "No extension <" + ID + ">.");
            List<EwsOperation> ops = List.of(new GetAppManifests(null, null, false, List.of()), new InstallApp(MANIFEST),
                    new UninstallApp(ID), new DisableApp(ID, DisableReason.NO_REASON), new GetAppMarketplaceUrl());
            for (EwsOperation op : ops) {
                String xml = utf8String(writer.errorResponse(ServerVersionInfo.DEFAULT, op, error));

                assertThat(xml).as(op.name()).contains("<" + op.name() + "Response ResponseClass=\"Error\"")
                        .contains("<MessageText>No extension &lt;" + ID + "&gt;.</MessageText>"
                                + "<ResponseCode>ErrorExtensionNotFound</ResponseCode>"
                                + "<DescriptiveLinkKey>0</DescriptiveLinkKey>");
            }
            assertThatThrownBy(() -> writer.errorResponse(ServerVersionInfo.DEFAULT,
                    new GetClientAccessToken(List.of(new TokenRequest(ID, TokenType.CALLER_IDENTITY, null, null))), error))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
