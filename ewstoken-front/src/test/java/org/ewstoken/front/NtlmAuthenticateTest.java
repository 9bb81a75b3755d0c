package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names of an NTLM AUTHENTICATE message, read within its bounds; anything else reads as nobody. */
class NtlmAuthenticateTest {

    @Test
    void theUserAndDomainOfAnAuthenticateMessageAreReadInNtlmAndInNegotiate() {
        String type3 = OneMailboxPerPersonTest.type3("CONTOSO", "alice");
        assertThat(NtlmAuthenticate.read("NTLM " + type3)).contains(new NtlmAuthenticate("CONTOSO", "alice"));
        assertThat(NtlmAuthenticate.read("Negotiate " + type3)).contains(new NtlmAuthenticate("CONTOSO", "alice"));
        assertThat(NtlmAuthenticate.read("Negotiate " + OneMailboxPerPersonTest.type3("", "alice@contoso.test")))
                .map(NtlmAuthenticate::name).contains("alice@contoso.test");
    }

    @Test
    void aSpnegoWrappedMessageIsFoundInsideItsToken() {
        byte[] inner = Base64.getDecoder().decode(OneMailboxPerPersonTest.type3("CONTOSO", "bob"));
        byte[] wrapped = new byte[inner.length + 16];
        wrapped[0] = (byte) 0xa1; // a NegTokenResp's first bytes, then the NTLMSSP message
        System.arraycopy(inner, 0, wrapped, 16, inner.length);
        assertThat(NtlmAuthenticate.read("Negotiate " + Base64.getEncoder().encodeToString(wrapped)))
                .contains(new NtlmAuthenticate("CONTOSO", "bob"));
    }

    @Test
    void otherMessagesKerberosGarbageAndFieldsPointingOutsideTheMessageNameNobody() {
        assertThat(NtlmAuthenticate.read(null)).isEmpty();
        assertThat(NtlmAuthenticate.read("Basic YWxpY2U6cHc=")).isEmpty();
        assertThat(NtlmAuthenticate.read("Negotiate " + OneMailboxPerPersonTest.type1())).isEmpty();
        assertThat(NtlmAuthenticate.read("Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaADAgEFoQMCAQ6i")).isEmpty();
        assertThat(NtlmAuthenticate.read("NTLM !!!not base64")).isEmpty();
        assertThat(NtlmAuthenticate.read("NTLM " + AffinityTest.TYPE3)).as("truncated").isEmpty();
        byte[] m = Base64.getDecoder().decode(OneMailboxPerPersonTest.type3("CONTOSO", "alice"));
        ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(36 + 4, 0x7fff_fff0); // user field far outside
        assertThat(NtlmAuthenticate.read("NTLM " + Base64.getEncoder().encodeToString(m))).isEqualTo(Optional.empty());
        assertThat(NtlmAuthenticate.read("NTLM " + "A".repeat(NtlmAuthenticate.MAX_CHARS + 4))).isEmpty();
    }
}
