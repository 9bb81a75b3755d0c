package org.ewstoken.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;

/** Tokens asked of a running server over EWS, as an add-in's client would. */
final class ServerTokens {

    static final String ADDIN = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    static final String AUDIENCE = "https://addin.contoso.com/read.html";

    private ServerTokens() {
    }

    /** One token of this EWS TokenType for Alice (ScopedToken: for Mail.Read). */
    static String get(TestServer server, String tokenType) throws Exception {
        String request = tokenType.equals("ScopedToken") ? Envelopes.scopedRequest(ADDIN, "Mail.Read")
                : Envelopes.tokenRequest(ADDIN, tokenType);
        HttpResponse<String> r = server.soap(Envelopes.getClientAccessToken("Exchange2013", request),
                TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<SoapResponses.Message> messages = SoapResponses.messages(r.body());
        assertThat(messages.get(0).responseCode()).as(messages.get(0).messageText()).isEqualTo("NoError");
        return messages.get(0).tokenValue();
    }

    static String hostAndPort(TestServer server) {
        return "127.0.0.1:" + server.server().port();
    }
}
