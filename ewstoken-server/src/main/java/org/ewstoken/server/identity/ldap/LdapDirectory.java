package org.ewstoken.server.identity.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.File;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.LdapSettings;
import org.ewstoken.store.AccountName;

/**
 * The directory over a pool of service-account connections (UnboundID LDAP SDK): finds users with
 * an escaped filter, reads what the mailbox needs, checks passwords by binding as the user (the
 * pool reverts to the service account afterwards), never by reading hashes.
 *
 * <p>Every search is bounded (two entries at most: two matches are an ambiguous name, refused;
 * the configured time limit on both sides).
 */
public final class LdapDirectory implements AutoCloseable {

    /** AD userAccountControl: ACCOUNTDISABLE and LOCKOUT. */
    static final int UAC_DISABLED = 0x2;
    static final int UAC_LOCKOUT = 0x10;
    /** Longer names are nobody's address; refusing them keeps filters small. */
    static final int MAX_NAME_LENGTH = 256;

    /** The directory could not be asked (down, unreachable, busy, timed out). */
    public static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private final LdapSettings settings;
    private final LDAPConnectionPool pool;
    private final String[] attributes;

    private LdapDirectory(LdapSettings settings, LDAPConnectionPool pool) {
        this.settings = settings;
        this.pool = pool;
        this.attributes = new String[] {settings.mailAttribute(), "proxyAddresses", "displayName", "cn",
            "objectGUID", "entryUUID", "userAccountControl", "pwdAccountLockedTime", "lockoutTime"};
    }

    /**
     * Opens the pool. The directory may be down at start-up: the pool then starts empty and connects
     * when asked, so that ewstoken (and its local users) come up anyway.
     */
    public static LdapDirectory open(LdapSettings settings) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        options.setConnectTimeoutMillis(timeoutMs);
        options.setResponseTimeoutMillis(timeoutMs);
        options.setAbandonOnTimeout(true);
        options.setUseSynchronousMode(false);
        options.setFollowReferrals(false); // AD's referrals lead to servers nobody configured
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        SSLContext tls = tlsContext(settings);
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        boolean ldaps = false;
        for (URI u : settings.urls()) {
            ldaps = u.getScheme().equalsIgnoreCase("ldaps");
            hosts.add(u.getHost());
            ports.add(u.getPort() > 0 ? u.getPort() : ldaps ? 636 : 389);
        }
        SocketFactory sockets = ldaps ? tls.getSocketFactory() : null;
        ServerSet servers = hosts.size() == 1
                ? new SingleServerSet(hosts.get(0), ports.get(0), sockets, options)
                : new FailoverServerSet(hosts.toArray(String[]::new),
                        ports.stream().mapToInt(Integer::intValue).toArray(), sockets, options);
        BindRequest serviceBind = settings.bindDn().isPresent()
                ? new SimpleBindRequest(settings.bindDn().get(), settings.bindPassword().orElseThrow())
                : null;
        StartTLSPostConnectProcessor startTls = settings.startTls() ? new StartTLSPostConnectProcessor(tls) : null;
        try {
            // 0 initial connections: a directory that is down now does not stop ewstoken from starting.
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, serviceBind, 0, settings.poolSize(), startTls);
            pool.setMaxWaitTimeMillis(timeoutMs);
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setConnectionPoolName("ewstoken-ldap");
            return new LdapDirectory(settings, pool);
        } catch (LDAPException e) {
            throw new ConfigException("cannot set up the directory connection pool: " + e.getMessage());
        }
    }

    private static SSLContext tlsContext(LdapSettings settings) {
        try {
            TrustManager trust = settings.caFile().isPresent()
                    ? new PEMFileTrustManager(settings.caFile().get().toFile())
                    : JVMDefaultTrustManager.getInstance();
            return new SSLUtil(trust).createSSLContext("TLSv1.3"); // JSSE enables 1.3 and 1.2 in it
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("cannot use ldap-ca-file " + settings.caFile().map(p -> p.toString()).orElse("")
                    + ": " + e.getMessage());
        }
    }

    /** Checks that the directory answers the service account now (for start-up logs and /readyz). */
    public void probe() throws UnavailableException {
        try {
            pool.getRootDSE();
        } catch (LDAPException e) {
            throw unavailable(e);
        }
    }

    /**
     * The user whose address or principal name is {@code name}; empty when there is none, or more
     * than one (an ambiguous name signs nobody in).
     */
    public Optional<DirectoryUser> find(String name) throws UnavailableException {
        if (!acceptableName(name)) return Optional.empty();
        Filter filter;
        try {
            // Filter.encodeValue escapes * ( ) \ NUL and non-ASCII: the name cannot change the filter's shape.
            filter = Filter.create(settings.userFilter().replace("{0}", Filter.encodeValue(name)));
        } catch (LDAPException e) {
            throw new ConfigException("ldap-user-filter is not a valid LDAP filter: " + e.getMessage());
        }
        SearchRequest search = new SearchRequest(settings.baseDn(), SearchScope.SUB, DereferencePolicy.NEVER, 2,
                timeLimitSeconds(), false, filter, attributes);
        SearchResult result;
        try {
            result = pool.search(search);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) return Optional.empty(); // ambiguous
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) return Optional.empty();
            throw unavailable(e);
        }
        if (result.getEntryCount() != 1) return Optional.empty();
        return Optional.ofNullable(user(result.getSearchEntries().get(0)));
    }

    /**
     * True if {@code password} is the password of the entry at {@code dn}. Binds as the user on a
     * pooled connection, which is then bound as the service account again.
     */
    public boolean passwordMatches(String dn, char[] password) throws UnavailableException {
        // An empty password would be an unauthenticated bind (RFC 4513 §5.1.2), which "succeeds".
        if (password.length == 0) return false;
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            pool.bindAndRevertAuthentication(new SimpleBindRequest(dn, bytes));
            return true;
        } catch (LDAPException e) {
            ResultCode rc = e.getResultCode();
            if (rc == ResultCode.INVALID_CREDENTIALS || rc == ResultCode.INAPPROPRIATE_AUTHENTICATION
                    || rc == ResultCode.UNWILLING_TO_PERFORM || rc == ResultCode.INVALID_DN_SYNTAX
                    || rc == ResultCode.NO_SUCH_OBJECT || rc == ResultCode.CONSTRAINT_VIOLATION) {
                return false;
            }
            throw unavailable(e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private DirectoryUser user(SearchResultEntry e) throws UnavailableException {
        Optional<String> smtp = primarySmtp(e);
        Optional<UUID> id = DirectoryIds.fromObjectGuid(e.getAttributeValueBytes("objectGUID"))
                .or(() -> DirectoryIds.fromEntryUuid(e.getAttributeValue("entryUUID")));
        if (smtp.isEmpty() || id.isEmpty()) return null; // no mailbox can be made for it
        String display = Optional.ofNullable(e.getAttributeValue("displayName"))
                .or(() -> Optional.ofNullable(e.getAttributeValue("cn"))).orElse(smtp.get());
        boolean usable = true;
        Integer uac = e.getAttributeValueAsInteger("userAccountControl");
        if (uac != null && (uac & (UAC_DISABLED | UAC_LOCKOUT)) != 0) usable = false;
        Long lockoutTime = e.getAttributeValueAsLong("lockoutTime"); // AD: set while locked out
        if (lockoutTime != null && lockoutTime != 0) usable = false;
        if (e.hasAttribute("pwdAccountLockedTime")) usable = false; // OpenLDAP ppolicy
        boolean use = settings.usersGroup().isEmpty() || isMember(settings.usersGroup().get(), e.getDN());
        boolean install = settings.installersGroup().isEmpty() || isMember(settings.installersGroup().get(), e.getDN());
        boolean admin = settings.adminsGroup().isPresent() && isMember(settings.adminsGroup().get(), e.getDN());
        return new DirectoryUser(e.getDN(), smtp.get(), display, id.get(), usable, use, install, admin);
    }

    /** The mail attribute, else the primary (upper-case SMTP:) proxy address. */
    private Optional<String> primarySmtp(SearchResultEntry e) {
        // Canonical (AccountName), or none: an address that can never be a mailbox makes none.
        String mail = e.getAttributeValue(settings.mailAttribute());
        if (mail != null) return AccountName.parse(mail).map(AccountName::value);
        Attribute proxies = e.getAttribute("proxyAddresses");
        if (proxies != null) {
            for (String p : proxies.getValues()) {
                if (p.startsWith("SMTP:")) return AccountName.parse(p.substring(5)).map(AccountName::value);
            }
        }
        return Optional.empty();
    }

    /** Direct membership (member or uniqueMember) of the group entry at {@code groupDn}. */
    private boolean isMember(String groupDn, String userDn) throws UnavailableException {
        String v = Filter.encodeValue(userDn);
        try {
            SearchRequest search = new SearchRequest(groupDn, SearchScope.BASE, DereferencePolicy.NEVER, 1,
                    timeLimitSeconds(), false, Filter.create("(|(member=" + v + ")(uniqueMember=" + v + "))"), "1.1");
            return pool.search(search).getEntryCount() == 1;
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) return false;
            throw unavailable(e);
        } catch (LDAPException e) {
            return false;
        }
    }

    private int timeLimitSeconds() {
        return (int) Math.max(1, settings.timeout().toSeconds());
    }

    private static boolean acceptableName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) return false;
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) return false;
        }
        return true;
    }

    private static UnavailableException unavailable(LDAPException e) {
        // The diagnostic message is the directory's; the exception's own message may quote the request.
        return new UnavailableException("directory unavailable: " + e.getResultCode());
    }

    @Override
    public void close() {
        pool.close();
    }
}
