package org.ewstoken.front;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream fixture's Exchange mode, as Exchange's documented behaviour has it: logins by primary address, UPN
 * or {@code DOMAIN\\user}; ResolveNames matches any proxy address exactly (or a prefix of a name) and answers the
 * primary address with the proxy addresses as contact addresses; ConvertId names the mailbox an id belongs to;
 * impersonation needs the ApplicationImpersonation role (else HTTP 500, ErrorImpersonateUserDenied); NTLM is
 * answered in the scheme the client used.
 */
final class ExchangeUpstream extends MailServer {

    private static final String E = "http://schemas.microsoft.com/exchange/services/2006/errors";

    @Override
    Optional<Account> login(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return accounts.values().stream().filter(a -> a.primary().equalsIgnoreCase(n) || lower(a.logins()).contains(n))
                .findFirst();
    }

    @Override
    String ntlmLogin(String domain, String user) {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    @Override
    List<String> challenges() {
        return List.of("Negotiate", "NTLM", "Basic realm=\"mail\"");
    }

    private static boolean owns(Account a, String address) {
        return a.primary().equalsIgnoreCase(address) || lower(a.aliases()).contains(address.toLowerCase(Locale.ROOT));
    }

    @Override
    UpstreamFixture.Answer resolveNames(Account caller, String entry) {
        String needle = entry.substring(entry.indexOf(':') + 1).toLowerCase(Locale.ROOT);
        List<Account> found = new ArrayList<>();
        for (Account a : accounts.values()) {
            if (owns(a, needle) || lower(a.logins()).contains(needle) || a.displayName().toLowerCase(Locale.ROOT).startsWith(needle)) {
                found.add(a);
            }
        }
        if (found.isEmpty()) {
            return ok("<m:ResolveNamesResponse><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass=\"Error\">"
                    + "<m:MessageText>No results were found.</m:MessageText><m:ResponseCode>ErrorNameResolutionNoResults"
                    + "</m:ResponseCode></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>");
        }
        StringBuilder set = new StringBuilder();
        for (Account a : found) {
            List<String> proxies = new ArrayList<>();
            proxies.add("SMTP:" + a.primary());
            a.aliases().forEach(x -> proxies.add("smtp:" + x));
            set.append(GromoxUpstream.resolution(a.displayName(), a.primary(), proxies));
        }
        return ok("<m:ResolveNamesResponse><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass=\""
                + (found.size() > 1 ? "Warning\"><m:MessageText>Multiple results were found.</m:MessageText><m:ResponseCode>"
                        + "ErrorNameResolutionMultipleResults</m:ResponseCode>" : "Success\"><m:ResponseCode>NoError</m:ResponseCode>")
                + "<m:ResolutionSet TotalItemsInView=\"" + found.size() + "\" IncludesLastItemInRange=\"true\">" + set
                + "</m:ResolutionSet></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>");
    }

    /** The mailbox the id belongs to (the fixture's inbox ids carry it). */
    @Override
    UpstreamFixture.Answer convertId(Account caller, String body) {
        String id = attr(body, "AlternateId", "Id");
        String owner = accounts.values().stream().filter(a -> inboxId(a).equals(id)).map(Account::primary).findFirst()
                .orElse(caller.primary());
        return ok("<m:ConvertIdResponse><m:ResponseMessages><m:ConvertIdResponseMessage ResponseClass=\"Success\">"
                + "<m:ResponseCode>NoError</m:ResponseCode><m:AlternateId xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"t:AlternateIdType\" Format=\"EwsId\" Id=\"" + id + "\" Mailbox=\"" + owner + "\"/>"
                + "</m:ConvertIdResponseMessage></m:ResponseMessages></m:ConvertIdResponse>");
    }

    @Override
    boolean ownAddress(Account caller, String address) {
        return owns(caller, address);
    }

    @Override
    Object impersonate(Account caller, String type, String address) {
        Optional<Account> target = accounts.values().stream().filter(a -> owns(a, address)).findFirst();
        Set<String> role = actsFor.getOrDefault(caller.primary().toLowerCase(Locale.ROOT), Set.of());
        if (target.isEmpty() || !role.contains(target.get().primary())) {
            String text = "The account does not have permission to impersonate the requested user.";
            return status(500, "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/"
                    + "soap/envelope/\"><s:Body><s:Fault><faultcode xmlns:a=\"" + T + "\">a:ErrorImpersonateUserDenied"
                    + "</faultcode><faultstring xml:lang=\"en-US\">" + text + "</faultstring><detail><e:ResponseCode xmlns:e=\""
                    + E + "\">ErrorImpersonateUserDenied</e:ResponseCode><e:Message xmlns:e=\"" + E + "\">" + text
                    + "</e:Message></detail></s:Fault></s:Body></s:Envelope>");
        }
        return target.get();
    }

    @Override
    UpstreamFixture.Answer otherOperation(String operation) {
        return status(500, "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/"
                + "envelope/\"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>The request failed schema "
                + "validation.</faultstring></s:Fault></s:Body></s:Envelope>");
    }
}
