package org.ewstoken.front;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail server behind an {@link UpstreamFixture} (as its dispatcher, {@code upstream.dispatcher(server)}): accounts
 * with passwords, aliases and login names, sign-in by Basic, NTLM (connection-bound) and Kerberos (with a real
 * keytab, {@link #kerberos}), and the EWS operations the front uses. What differs between servers (how a login name
 * finds an account, ResolveNames, ConvertId, impersonation, unknown operations) is each mode's own:
 * {@link GromoxUpstream}, {@link ExchangeUpstream}.
 */
abstract class MailServer implements Function<UpstreamFixture.Recorded, UpstreamFixture.Answer> {

    static final String M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    static final String T = "http://schemas.microsoft.com/exchange/services/2006/types";

    /** One mailbox. {@code logins}: further names it signs in with (gromox altnames, UPNs, DOMAIN\\user, principals). */
    record Account(String primary, String password, String displayName, List<String> aliases, List<String> logins) {}

    final Map<String, Account> accounts = new LinkedHashMap<>();
    /** Service account to the mailboxes it may act for (gromox: owner rights; Exchange: the impersonation role). */
    final Map<String, Set<String>> actsFor = new ConcurrentHashMap<>();
    /** Per connection: the account it is signed in as (NTLM, Kerberos), or "challenged" during NTLM. */
    private final Map<String, String> connections = new ConcurrentHashMap<>();
    private volatile GssAcceptor kerberos;

    MailServer account(String primary, String password, String displayName, List<String> aliases, List<String> logins) {
        accounts.put(primary.toLowerCase(Locale.ROOT), new Account(primary, password, displayName, aliases, logins));
        return this;
    }

    MailServer mayActFor(String service, String... mailboxes) {
        actsFor.put(service.toLowerCase(Locale.ROOT), Set.of(mailboxes));
        return this;
    }

    /** Accepts Kerberos tickets with this acceptor (the service's keytab). */
    void kerberos(GssAcceptor acceptor) {
        this.kerberos = acceptor;
    }

    // ---- what each server does its own way ----

    /** The account a login name signs in as (Basic, NTLM's {@code DOMAIN\\user}, a Kerberos principal). */
    abstract Optional<Account> login(String name);

    /** The NTLM login name the server looks up for an AUTHENTICATE message's domain and user. */
    abstract String ntlmLogin(String domain, String user);

    /** {@code WWW-Authenticate} values of a 401 without a handshake under way. */
    abstract List<String> challenges();

    abstract UpstreamFixture.Answer resolveNames(Account caller, String entry);

    abstract UpstreamFixture.Answer convertId(Account caller, String body);

    /** The account acted for, or the server's refusal: {@code type} is ConnectingSID's child element. */
    abstract Object impersonate(Account caller, String type, String address);

    abstract UpstreamFixture.Answer otherOperation(String operation);

    // ---- common ----

    @Override
    public UpstreamFixture.Answer apply(UpstreamFixture.Recorded r) {
        Object signedIn = authenticate(r);
        if (signedIn instanceof UpstreamFixture.Answer refusal) return refusal;
        Signed s = (Signed) signedIn;
        Account caller = s.account();
        String body = r.bodyText();
        Matcher imp = Pattern.compile("ConnectingSID>\\s*<(?:\\w+:)?(\\w+)>([^<]*)<").matcher(body);
        if (body.contains("ExchangeImpersonation") && imp.find()) {
            Object acted = impersonate(caller, imp.group(1), imp.group(2).strip());
            if (acted instanceof UpstreamFixture.Answer refusal) return refusal;
            caller = (Account) acted;
        }
        String operation = operation(body);
        UpstreamFixture.Answer a = switch (operation) {
            case "GetFolder" -> ok("<m:GetFolderResponse><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="
                    + "\"Success\"><m:ResponseCode>NoError</m:ResponseCode><m:Folders><t:Folder><t:FolderId Id=\""
                    + inboxId(caller) + "\"/></t:Folder></m:Folders></m:GetFolderResponseMessage></m:ResponseMessages>"
                    + "</m:GetFolderResponse>");
            case "ResolveNames" -> resolveNames(caller, text(body, "UnresolvedEntry"));
            case "ConvertId" -> convertId(caller, body);
            case "GetUserOofSettingsRequest" -> oof(caller, text(body, "Address"));
            case "GetItem" -> ok("<m:GetItemResponse><m:ResponseMessages><m:GetItemResponseMessage ResponseClass=\"Success\">"
                    + "<m:ResponseCode>NoError</m:ResponseCode><m:Items><t:Message><t:ItemId Id=\"" + attr(body, "ItemId", "Id")
                    + "\"/><t:Subject>mail of " + caller.primary() + "</t:Subject><t:Attachments><t:FileAttachment>"
                    + "<t:AttachmentId Id=\"ATT-" + attr(body, "ItemId", "Id") + "\"/></t:FileAttachment></t:Attachments>"
                    + "</t:Message></m:Items></m:GetItemResponseMessage></m:ResponseMessages></m:GetItemResponse>");
            case "GetAttachment" -> ok("<m:GetAttachmentResponse><m:ResponseMessages><m:GetAttachmentResponseMessage "
                    + "ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode><m:Attachments><t:FileAttachment>"
                    + "<t:AttachmentId Id=\"" + attr(body, "AttachmentId", "Id") + "\"/><t:Name>of " + caller.primary()
                    + "</t:Name></t:FileAttachment></m:Attachments></m:GetAttachmentResponseMessage></m:ResponseMessages>"
                    + "</m:GetAttachmentResponse>");
            default -> otherOperation(operation);
        };
        if (s.reply() == null) return a;
        Map<String, String> headers = new LinkedHashMap<>(a.headers());
        headers.put("WWW-Authenticate", s.reply());
        return UpstreamFixture.Answer.of(a.status(), headers, a.body());
    }

    /** Signed in as {@code account}; {@code reply}: a mutual-authentication token to send back, or null. */
    record Signed(Account account, String reply) {}

    private Object authenticate(UpstreamFixture.Recorded r) {
        String auth = r.header("Authorization");
        String connection = r.connection();
        if (auth == null) {
            String who = connections.get(connection);
            Optional<Account> a = who == null ? Optional.empty() : login(who);
            return a.isPresent() ? new Signed(a.get(), null) : unauthorized(challenges());
        }
        int space = auth.indexOf(' ');
        String scheme = space < 0 ? auth : auth.substring(0, space);
        String credentials = space < 0 ? "" : auth.substring(space + 1).strip();
        String before = connections.remove(connection); // any Authorization starts over (gromox: http_parser::auth)
        if (scheme.equalsIgnoreCase("Basic")) {
            String pair = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            Optional<Account> a = login(pair.substring(0, colon));
            return a.isPresent() && a.get().password().equals(pair.substring(colon + 1))
                    ? new Signed(a.get(), null) : unauthorized(challenges());
        }
        if (!scheme.equalsIgnoreCase("NTLM") && !scheme.equalsIgnoreCase("Negotiate")) return unauthorized(challenges());
        byte[] token = Base64.getDecoder().decode(credentials);
        if (new String(token, 0, Math.min(8, token.length), StandardCharsets.ISO_8859_1).equals("NTLMSSP\0")) {
            int type = ByteBuffer.wrap(token).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
            if (type == 1) {
                connections.put(connection, "\0challenged");
                return unauthorized(List.of(scheme + " TlRMTVNTUAACAAAAAAAAACgAAAABAAAAAAAAAAAAAAA="));
            }
            if (!"\0challenged".equals(before)) return unauthorized(challenges()); // type 3 on the challenged connection only
            String[] names = ntlmNames(token);
            Optional<Account> a = login(ntlmLogin(names[0], names[1]));
            if (a.isEmpty()) return unauthorized(challenges());
            connections.put(connection, a.get().primary());
            return new Signed(a.get(), null);
        }
        if (kerberos == null) return unauthorized(challenges());
        GssAcceptor.Accepted accepted;
        try {
            accepted = kerberos.accept(token);
        } catch (Exception e) {
            return unauthorized(challenges());
        }
        Optional<Account> a = login(accepted.principal());
        if (a.isEmpty()) return unauthorized(challenges());
        connections.put(connection, a.get().primary());
        return new Signed(a.get(), accepted.reply() == null ? null : "Negotiate " + accepted.reply());
    }

    /** Domain and user of an NTLM AUTHENTICATE message (UTF-16LE fields at 28 and 36). */
    static String[] ntlmNames(byte[] m) {
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            int at = 28 + 8 * i;
            out[i] = new String(m, b.getInt(at + 4), Short.toUnsignedInt(b.getShort(at)), StandardCharsets.UTF_16LE);
        }
        return out;
    }

    /** gromox: GetUserOofSettings answers only for the signed-in (or impersonated) mailbox's own address. */
    UpstreamFixture.Answer oof(Account caller, String address) {
        boolean own = ownAddress(caller, address);
        return ok("<m:GetUserOofSettingsResponse><m:ResponseMessage ResponseClass=\"" + (own ? "Success" : "Error") + "\">"
                + (own ? "" : "<m:MessageText>access denied</m:MessageText>")
                + "<m:ResponseCode>" + (own ? "NoError" : "ErrorAccessDenied") + "</m:ResponseCode>"
                + "</m:ResponseMessage>" + (own ? "<t:OofSettings><t:OofState>Disabled</t:OofState>"
                + "<t:ExternalAudience>None</t:ExternalAudience></t:OofSettings>" : "") + "</m:GetUserOofSettingsResponse>");
    }

    /** Whether {@code address} names the caller's own mailbox for GetUserOofSettings. */
    abstract boolean ownAddress(Account caller, String address);

    static String inboxId(Account a) {
        return "INBOX-" + Base64.getEncoder().encodeToString(a.primary().getBytes(StandardCharsets.UTF_8));
    }

    static String operation(String body) {
        Matcher m = Pattern.compile("<(?:\\w+:)?Body[^>]*>\\s*<(?:\\w+:)?(\\w+)").matcher(body);
        return m.find() ? m.group(1) : "";
    }

    static String text(String body, String element) {
        Matcher m = Pattern.compile("<(?:\\w+:)?" + element + "(?:\\s[^>]*)?>([^<]*)<").matcher(body);
        return m.find() ? m.group(1).strip() : "";
    }

    static String attr(String body, String element, String attribute) {
        Matcher m = Pattern.compile("<(?:\\w+:)?" + element + "\\s[^>]*" + attribute + "=\"([^\"]*)\"").matcher(body);
        return m.find() ? m.group(1) : "";
    }

    static UpstreamFixture.Answer unauthorized(List<String> challenges) {
        Map<String, String> headers = new LinkedHashMap<>();
        // one header line per challenge: the fixture's headers are a map, so they are joined as HTTP allows
        headers.put("WWW-Authenticate", String.join(", ", challenges));
        return UpstreamFixture.Answer.of(401, headers, new byte[0]);
    }

    static UpstreamFixture.Answer ok(String body) {
        return UpstreamFixture.Answer.ok("<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s="
                + "\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body xmlns:m=\"" + M + "\" xmlns:t=\"" + T + "\">"
                + body + "</s:Body></s:Envelope>");
    }

    static UpstreamFixture.Answer status(int status, String envelope) {
        return UpstreamFixture.Answer.of(status, Map.of("Content-Type", "text/xml; charset=utf-8"),
                envelope.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> lower(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) out.add(n.toLowerCase(Locale.ROOT));
        return out;
    }
}
