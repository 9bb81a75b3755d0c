package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OperationClassifierTest {

    static final String ENVELOPE = "<?xml version=\"1.0\" encoding=\"utf-8\"?><e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<e:Header><t:RequestServerVersion xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\" "
            + "Version=\"Exchange2013\"/><!-- c --></e:Header><e:Body>\n  <GetItem xmlns=\""
            + "http://schemas.microsoft.com/exchange/services/2006/messages\"><ItemShape/></GetItem></e:Body></e:Envelope>";

    private final OperationClassifier classifier = new OperationClassifier(ParserLimits.DEFAULTS);

    private OperationClassifier.Result classify(String body, int length, boolean complete) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return classifier.classify(b, Math.min(length, b.length), complete);
    }

    @Test
    void theFirstChildOfTheBodyIsTheOperationWhateverThePrefixes() {
        assertThat(classify(ENVELOPE, Integer.MAX_VALUE, true))
                .isEqualTo(new OperationClassifier.Operation(EwsNamespaces.MESSAGES, "GetItem"));
    }

    @Test
    void aPrefixThatEndsBeforeTheOperationAsksForMoreAndOneAfterItDoesNot() {
        int at = ENVELOPE.indexOf("<GetItem");
        assertThat(classify(ENVELOPE, at, false)).isInstanceOf(OperationClassifier.NeedMore.class);
        assertThat(classify(ENVELOPE, at, true)).isInstanceOf(OperationClassifier.NotSoap.class);
        assertThat(classify(ENVELOPE, at + 120, false)).isInstanceOf(OperationClassifier.Operation.class);
    }

    @Test
    void documentsThatAreNotSoapOrAreHostileAreNotSoap() {
        assertThat(classify("hello", 5, true)).isInstanceOf(OperationClassifier.NotSoap.class);
        assertThat(classify("<x/>", 4, true)).isInstanceOf(OperationClassifier.NotSoap.class);
        assertThat(classify("<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY a \"b\">]><e/>", 100, true))
                .isEqualTo(new OperationClassifier.NotSoap("a DOCTYPE"));
        String deep = "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Header>" + "<a>".repeat(100)
                + "</a>".repeat(100) + "</e:Header><e:Body><m:GetItem xmlns:m=\"urn:x\"/></e:Body></e:Envelope>";
        assertThat(classify(deep, Integer.MAX_VALUE, true)).as("over the depth limit")
                .isInstanceOf(OperationClassifier.NotSoap.class);
    }
}
