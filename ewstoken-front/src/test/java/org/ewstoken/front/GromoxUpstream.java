package org.ewstoken.front;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream fixture's gromox mode: what grommunio's gromox answers, written from its code (grommunio/gromox,
 * read at commit 1892eb3d; each behaviour names the file and function it follows). Outside these behaviours the
 * answers are the fixture's common ones ({@link MailServer}).
 */
final class GromoxUpstream extends MailServer {

    /**
     * A login name finds the account by its user name, an altname or an alias, and signs in as its primary name
     * (exch/mysql_adaptor/mysql_adaptor.cpp, mysql_plugin::meta: the username/altnames/aliases UNION, answering
     * u.username; exch/http/http_parser.cpp, auth_basic copies mres.username into the context).
     */
    @Override
    Optional<Account> login(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return accounts.values().stream().filter(a -> a.primary().equalsIgnoreCase(n)
                || lower(a.logins()).contains(n) || lower(a.aliases()).contains(n)).findFirst();
    }

    /**
     * NTLM goes to Samba's ntlm_auth helper, whose "AF DOMAIN\\user" answer is looked up as a login name, so it needs
     * an altname (exch/http/http_parser.cpp, http_parser::auth_exthelper, then auth_finalize -> mysql_adaptor_meta).
     */
    @Override
    String ntlmLogin(String domain, String user) {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    /**
     * Basic and Negotiate are the only schemes (exch/http/http_parser.cpp, http_parser::auth: "Basic" with
     * http_auth_basic, "Negotiate"/"NTLM" with http_auth_spnego; anything else, Bearer included, stays unsigned-in),
     * and a 401 offers exactly these (http_make_err_response).
     */
    @Override
    List<String> challenges() {
        return List.of("Basic realm=\"msrpc realm\", charset=\"utf-8\"", "Negotiate");
    }

    /**
     * Partial matching in the signed-in user's domain's address book first (display name, primary address or an
     * alias containing the entry; every match listed with its primary address; several: a warning), then an exact
     * match by user name only, answering the entry itself as the address, with up to three aliases as contact
     * addresses; nothing: ErrorNameResolutionNoResults (exch/ews/requests.cpp, process(mResolveNamesRequest),
     * ab_tree_resolve_node, mysql_adaptor_get_user_properties, mysql_adaptor_get_user_aliases).
     */
    @Override
    UpstreamFixture.Answer resolveNames(Account caller, String entry) {
        String needle = entry.substring(entry.indexOf(':') + 1).toLowerCase(Locale.ROOT);
        String domain = caller.primary().substring(caller.primary().indexOf('@') + 1);
        List<Account> partial = new ArrayList<>();
        for (Account a : accounts.values()) {
            if (!a.primary().endsWith("@" + domain)) continue;
            if (a.displayName().toLowerCase(Locale.ROOT).contains(needle) || a.primary().toLowerCase(Locale.ROOT).contains(needle)
                    || lower(a.aliases()).stream().anyMatch(x -> x.contains(needle))) {
                partial.add(a);
            }
        }
        StringBuilder set = new StringBuilder();
        if (!partial.isEmpty()) {
            for (Account a : partial) set.append(resolution(a.displayName(), a.primary(), List.of()));
            String head = partial.size() > 1
                    ? "Warning\"><m:MessageText>Multiple results were found.</m:MessageText><m:ResponseCode>"
                            + "ErrorNameResolutionMultipleResults</m:ResponseCode>"
                    : "Success\"><m:ResponseCode>NoError</m:ResponseCode>";
            return answer(head, partial.size(), set);
        }
        Optional<Account> exact = Optional.ofNullable(accounts.get(needle));
        if (exact.isEmpty()) {
            return ok("<m:ResolveNamesResponse><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass=\"Error\">"
                    + "<m:MessageText>E-3259: no name resolution results</m:MessageText><m:ResponseCode>"
                    + "ErrorNameResolutionNoResults</m:ResponseCode></m:ResolveNamesResponseMessage></m:ResponseMessages>"
                    + "</m:ResolveNamesResponse>");
        }
        set.append(resolution(exact.get().displayName(), needle, exact.get().aliases()));
        return answer("Success\"><m:ResponseCode>NoError</m:ResponseCode>", 1, set);
    }

    private static UpstreamFixture.Answer answer(String head, int count, StringBuilder set) {
        return ok("<m:ResolveNamesResponse><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass=\"" + head
                + "<m:ResolutionSet TotalItemsInView=\"" + count + "\" IncludesLastItemInRange=\"true\">" + set
                + "</m:ResolutionSet></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>");
    }

    static String resolution(String name, String address, List<String> contactAddresses) {
        StringBuilder entries = new StringBuilder();
        int i = 1;
        for (String a : contactAddresses.subList(0, Math.min(3, contactAddresses.size()))) {
            entries.append("<t:Entry Key=\"EmailAddress").append(i++).append("\">").append(a).append("</t:Entry>");
        }
        return "<t:Resolution><t:Mailbox><t:Name>" + name + "</t:Name><t:EmailAddress>" + address + "</t:EmailAddress>"
                + "<t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox><t:Contact>"
                + "<t:DisplayName>" + name + "</t:DisplayName>"
                + (entries.length() == 0 ? "" : "<t:EmailAddresses>" + entries + "</t:EmailAddresses>")
                + "</t:Contact></t:Resolution>";
    }

    /**
     * ConvertId answers the request's own AlternateId when the formats match, else the id converted with the request's
     * Mailbox attribute unchanged: it never says whose mailbox an id is in (exch/ews/requests.cpp,
     * process(mConvertIdRequest)).
     */
    @Override
    UpstreamFixture.Answer convertId(Account caller, String body) {
        return ok("<m:ConvertIdResponse><m:ResponseMessages><m:ConvertIdResponseMessage ResponseClass=\"Success\">"
                + "<m:ResponseCode>NoError</m:ResponseCode><m:AlternateId xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"t:AlternateIdType\" Format=\"" + attr(body, "AlternateId", "Format") + "\" Id=\""
                + attr(body, "AlternateId", "Id") + "\" Mailbox=\"" + attr(body, "AlternateId", "Mailbox") + "\"/>"
                + "</m:ConvertIdResponseMessage></m:ResponseMessages></m:ConvertIdResponse>");
    }

    /** GetUserOofSettings for any address but the signed-in user's name is ErrorAccessDenied (E-3011). */
    @Override
    boolean ownAddress(Account caller, String address) {
        return caller.primary().equalsIgnoreCase(address); // exch/ews/requests.cpp, process(mGetUserOofSettingsRequest)
    }

    /**
     * Impersonation by PrimarySmtpAddress, PrincipalName or SmtpAddress only (a SID: E-3276; another element: E-3242,
     * both ErrorImpersonationFailed); the target must exist (ErrorCannotFindUser, E-3330) and the caller must hold
     * owner rights on its IPM subtree, else ErrorImpersonateUserDenied (E-3243) (exch/ews/context.cpp,
     * EWSContext::impersonate, run from the EWSContext constructor, before any operation). Such errors are answered
     * with HTTP 200 and a SOAP fault whose faultcode is the error's name (exch/ews/ews.cpp, EWSPlugin::dispatch;
     * exch/ews/soaputil.cpp, Envelope::fault).
     */
    @Override
    Object impersonate(Account caller, String type, String address) {
        if (type.equalsIgnoreCase("SID")) return fault(200, "ErrorImpersonationFailed",
                "E-3276: invalid ConnectingSID address type for impersonation");
        if (!Set.of("principalname", "primarysmtpaddress", "smtpaddress").contains(type.toLowerCase(Locale.ROOT))) {
            return fault(200, "ErrorImpersonationFailed", "E-3242: unsupported ConnectingSID for impersonation");
        }
        Optional<Account> target = login(address);
        if (target.isEmpty()) return fault(200, "ErrorCannotFindUser", "E-3330: impersonation: user not found");
        Set<String> owns = actsFor.getOrDefault(caller.primary().toLowerCase(Locale.ROOT), Set.of());
        if (!owns.contains(target.get().primary()) && !target.get().primary().equals(caller.primary())) {
            return fault(200, "ErrorImpersonateUserDenied", "E-3243: insufficient permissions to impersonate user");
        }
        return target.get();
    }

    /** An operation it has no handler for: HTTP 500 (exch/ews/ews.cpp, EWSPlugin::dispatch, "Unknown request"). */
    @Override
    UpstreamFixture.Answer otherOperation(String operation) {
        if (operation.equals("GetAppManifests")) {
            // exch/ews/requests.cpp, process(mGetAppManifestsRequest): success, no manifests
            return ok("<m:GetAppManifestsResponse ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode>"
                    + "</m:GetAppManifestsResponse>");
        }
        return fault(500, "SOAP:Server", "Unknown request '" + operation + "'.");
    }

    /** exch/ews/soaputil.cpp, Envelope::fault. */
    static UpstreamFixture.Answer fault(int status, String code, String text) {
        return status(status, "<?xml version=\"1.0\"?><SOAP:Envelope xmlns:SOAP=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
                + "<SOAP:Header/><SOAP:Body><SOAP:Fault><faultcode xsi:type=\"xsd:string\">" + code + "</faultcode>"
                + "<faultstring xsi:type=\"xsd:string\">" + text + "</faultstring></SOAP:Fault></SOAP:Body></SOAP:Envelope>");
    }
}
