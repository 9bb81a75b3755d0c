package org.ewstoken.server.config;

import java.util.List;
import java.util.Locale;

/**
 * One documented configuration setting. The list below is the single source of truth for the
 * configuration file keys, the environment variables and the defaults that {@code serve --help}
 * prints, so the help text cannot drift from what is actually read.
 */
public record Setting(String key, String defaultValue, String description) {

    public static final Setting BIND = new Setting("bind", "127.0.0.1", "Address to listen on.");
    public static final Setting PORT = new Setting("port", "8080", "HTTP port (0 = any free port).");
    public static final Setting PUBLIC_URL = new Setting("public-url", "",
            "External base URL used inside tokens and documents, e.g. https://mail.contoso.com "
                    + "(default: http://<bind>:<port>).");
    public static final Setting DATA_DIR = new Setting("data-dir", "data",
            "Directory holding the embedded database and the master key.");
    public static final Setting MASTER_KEY_FILE = new Setting("master-key-file", "",
            "File holding the base64 master key (default: <data-dir>/master.key, created with mode 0600).");
    public static final Setting MASTER_KEY = new Setting("master-key", "",
            "The base64 master key itself; prefer the environment variable to a file on disk.");
    public static final Setting IDENTITY_TOKEN_LIFETIME = new Setting("identity-token-lifetime", "8h",
            "Lifetime of CallerIdentity tokens (e.g. 8h, 90m, PT8H).");
    public static final Setting CALLBACK_TOKEN_LIFETIME = new Setting("callback-token-lifetime", "5m",
            "Lifetime of ExtensionCallback, ExtensionRestApiCallback and ScopedToken tokens.");
    public static final Setting MAX_REQUEST_BYTES = new Setting("max-request-bytes", "1048576",
            "Largest accepted request body; larger requests get HTTP 413.");
    public static final Setting MAX_TOKEN_REQUESTS = new Setting("max-token-requests", "100",
            "Most TokenRequest elements in one GetClientAccessToken call.");
    public static final Setting MAX_XML_DEPTH = new Setting("max-xml-depth", "32",
            "Deepest element nesting accepted in a SOAP request.");
    public static final Setting KEY_REFRESH_INTERVAL = new Setting("key-refresh-interval", "30s",
            "How often a running server re-reads signing keys, so 'keys rotate' from the CLI takes effect.");
    public static final Setting METADATA_MAX_AGE = new Setting("metadata-max-age", "5m",
            "Cache-Control max-age of the authentication metadata document.");
    public static final Setting ARGON2_MEMORY_KIB = new Setting("argon2-memory-kib", "19456",
            "Argon2id memory cost for new password hashes, in KiB.");
    public static final Setting ARGON2_ITERATIONS = new Setting("argon2-iterations", "2",
            "Argon2id iterations for new password hashes.");

    public static final Setting CRYPTO_PROVIDER = new Setting("crypto-provider", "auto",
            "Token signing provider: auto (native AWS-LC if it loads, else the JDK), native, or jdk.");
    public static final Setting IDENTITY_TOKEN_REUSE = new Setting("identity-token-reuse", "0.75",
            "Hand out the same identity token again while at least this fraction of its lifetime remains (0 = never).");
    public static final Setting REGISTRY_CACHE_TTL = new Setting("registry-cache-ttl", "2s",
            "How long users and add-ins read from the store are cached; bounds how late a change made by "
                    + "another process is seen (changes through this server apply at once).");

    // Resource bounds and abuse defences (docs/security.md explains each).
    public static final Setting MAX_HEADER_BYTES = new Setting("max-header-bytes", "8192",
            "Largest accepted request line plus headers; larger requests get HTTP 431.");
    public static final Setting MAX_XML_ELEMENTS = new Setting("max-xml-elements", "10000",
            "Most XML elements in one SOAP request.");
    public static final Setting MAX_XML_TEXT_LENGTH = new Setting("max-xml-text-length", "65536",
            "Longest text value (characters) in a SOAP request.");
    public static final Setting MAX_XML_ATTRIBUTE_LENGTH = new Setting("max-xml-attribute-length", "8192",
            "Longest attribute value (characters) in a SOAP request.");
    public static final Setting REQUEST_TIMEOUT = new Setting("request-timeout", "30s",
            "Longest time a client may take to send its whole request body (chunked or not); slower clients get "
                    + "HTTP 408 or are disconnected.");
    public static final Setting IDLE_TIMEOUT = new Setting("idle-timeout", "30s",
            "A connection on which nothing moves for this long is closed.");
    public static final Setting MAX_CONNECTIONS = new Setting("max-connections", "1000",
            "Most open client connections; further clients wait in the accept queue.");
    public static final Setting MAX_THREADS = new Setting("max-threads", "200",
            "Most threads serving requests.");
    public static final Setting USER_MAX_CONCURRENCY = new Setting("user-max-concurrency", "27",
            "Most requests one user may have in progress at once (Exchange's EWSMaxConcurrency).");
    public static final Setting USER_BURST = new Setting("user-burst", "300",
            "Token requests one user may make in a burst; beyond it, ErrorServerBusy with a back-off hint.");
    public static final Setting USER_RECHARGE_PER_MINUTE = new Setting("user-recharge-per-minute", "300",
            "Token requests per minute added back to each user's budget.");
    public static final Setting LOGIN_FAILURES_PER_ACCOUNT = new Setting("login-failures-per-account", "5",
            "Failed sign-ins to one account before it is locked for a growing time (not for addresses "
                    + "it signed in from before).");
    public static final Setting LOGIN_FAILURES_PER_ADDRESS = new Setting("login-failures-per-address", "20",
            "Failed sign-ins from one client address before it is locked for a growing time.");
    public static final Setting LOGIN_LOCKOUT_MAX = new Setting("login-lockout-max", "5m",
            "Longest lockout; lockouts start at 1s and double with every further failure.");
    public static final Setting LOGIN_FAILURE_RESET = new Setting("login-failure-reset", "15m",
            "Failures are forgotten after this long without a new one.");

    // Several nodes on one PostgreSQL, keys across nodes, operations (docs/deployment.md).
    public static final Setting STORE_URL = new Setting("store-url", "",
            "JDBC URL of a PostgreSQL database shared by every node, e.g. jdbc:postgresql://db:5432/ewstoken "
                    + "(default: the embedded SQLite database in data-dir).");
    public static final Setting STORE_USER = new Setting("store-user", "ewstoken",
            "PostgreSQL role to log in as.");
    public static final Setting STORE_PASSWORD = new Setting("store-password", "",
            "PostgreSQL password; prefer store-password-file or the environment variable to a file on disk.");
    public static final Setting STORE_PASSWORD_FILE = new Setting("store-password-file", "",
            "File whose first line is the PostgreSQL password.");
    public static final Setting STORE_POOL_SIZE = new Setting("store-pool-size", "10",
            "Most PostgreSQL connections one node holds open.");
    public static final Setting STORE_TIMEOUT = new Setting("store-timeout", "5s",
            "How long a request waits for a PostgreSQL connection before it fails (also bounds /readyz).");
    public static final Setting MIGRATE_ON_START = new Setting("migrate-on-start", "true",
            "Apply pending schema migrations when the server starts; false = refuse to start until "
                    + "'ewstoken migrate' has run.");
    public static final Setting NODE_NAME = new Setting("node-name", "",
            "Name of this node in the audit log and metrics (default: the host name).");
    public static final Setting KEY_PRE_PUBLICATION = new Setting("key-pre-publication", "10m",
            "How long a new signing key is published before it signs; at least key-refresh-interval, so "
                    + "every node and verifier has it first.");
    public static final Setting KEY_ROTATION_INTERVAL = new Setting("key-rotation-interval", "",
            "Rotate the signing key automatically this long after the newest one was made, e.g. 30d "
                    + "(default: never). Exactly one node rotates.");
    public static final Setting AUDIT_RETENTION = new Setting("audit-retention", "90d",
            "How long records of issued tokens are kept in the audit log.");

    public static final Setting INTROSPECTION_CLIENT_ID = new Setting("introspection-client-id", "",
            "Client id that resource servers send (HTTP Basic) to POST /oauth2/introspect; unset, the endpoint is off (404).");
    public static final Setting INTROSPECTION_CLIENT_SECRET_FILE = new Setting("introspection-client-secret-file", "",
            "File whose first line is the introspection client secret (at least 16 characters).");
    public static final Setting INTROSPECTION_CLIENT_SECRET = new Setting("introspection-client-secret", "",
            "The introspection client secret itself; prefer the file.");

    // Add-ins users install themselves (EWS InstallApp); docs/addins.md explains the model.
    public static final Setting USER_ADD_INS = new Setting("user-add-ins", "true",
            "Whether users may install add-ins for their own mailbox (EWS InstallApp).");
    public static final Setting USER_ADD_INS_READ_WRITE_MAILBOX = new Setting("user-add-ins-read-write-mailbox",
            "false", "Whether users may install add-ins that ask for ReadWriteMailbox (access to the whole mailbox).");
    public static final Setting APP_MARKETPLACE_URL = new Setting("app-marketplace-url", "",
            "What EWS GetAppMarketplaceUrl answers (default: none, and the operation answers an error).");

    public static final Setting HTTP_ENABLED = new Setting("http-enabled", "true",
            "Listen on plain HTTP ('port'); false leaves HTTPS only.");
    public static final Setting HTTPS_PORT = new Setting("https-port", "",
            "HTTPS port (0 = any free port); unset, no HTTPS. Needs tls-certificate. TLS 1.2 and 1.3, AEAD ciphers only.");
    public static final Setting TLS_CERTIFICATE = new Setting("tls-certificate", "",
            "PKCS#12 file (.p12/.pfx) or PEM file with the server certificate chain (and the key, or see tls-private-key).");
    public static final Setting TLS_PRIVATE_KEY = new Setting("tls-private-key", "",
            "PEM file with the private key (PKCS#8, PKCS#1 or EC), if not in the tls-certificate file.");
    public static final Setting TLS_PASSWORD = new Setting("tls-password", "",
            "Password of the PKCS#12 file; prefer the environment variable to a file.");
    public static final Setting TRUST_FORWARDED_HEADERS = new Setting("trust-forwarded-headers", "false",
            "Behind a reverse proxy: take the client address and scheme from Forwarded / X-Forwarded-* headers. "
                    + "Never enable it when clients can reach the server directly.");

    // The EWS front: ewstoken in front of an existing EWS server (docs/front.md).
    public static final Setting UPSTREAM_EWS_URL = new Setting("upstream-ews-url", "",
            "The EWS server to front, e.g. https://mail.internal.example/EWS/Exchange.asmx: ewstoken answers the "
                    + "token and add-in operations and forwards everything else there (default: no front).");
    public static final Setting UPSTREAM_USER = new Setting("upstream-user", "",
            "Service account with impersonation rights on the upstream, for callback-token requests.");
    public static final Setting UPSTREAM_PASSWORD_FILE = new Setting("upstream-password-file", "",
            "File whose first line is the service account's password.");
    public static final Setting UPSTREAM_PASSWORD = new Setting("upstream-password", "",
            "The service account's password itself; prefer the file.");
    public static final Setting UPSTREAM_CA_FILE = new Setting("upstream-ca-file", "",
            "PEM file of the CA certificates that the upstream's TLS certificate must chain to (default: the JVM's).");
    public static final Setting UPSTREAM_PATHS = new Setting("upstream-paths",
            "/ews/,/autodiscover/,/mapi/,/oab/,/rpc/,/microsoft-server-activesync",
            "Path prefixes forwarded to the upstream when ewstoken does not answer them itself (case-insensitive).");
    public static final Setting UPSTREAM_CONNECT_TIMEOUT = new Setting("upstream-connect-timeout", "5s",
            "How long to wait for a connection to the upstream.");
    public static final Setting UPSTREAM_IDLE_TIMEOUT = new Setting("upstream-idle-timeout", "60s",
            "An upstream exchange on which nothing moves for this long fails (ErrorTimeoutExpired, HTTP 504).");
    public static final Setting UPSTREAM_TIMEOUT = new Setting("upstream-timeout", "0",
            "Longest time one upstream exchange may take in all, e.g. 10m (0 = no bound, for large downloads).");

    // Who is calling: directory users and the other sign-in methods (docs/identity.md).
    public static final Setting LDAP_URL = new Setting("ldap-url", "",
            "Directory for sign-in (AD or OpenLDAP): ldaps://dc1.contoso.com or ldap://host (several: space "
                    + "separated, tried in order); unset, only local users sign in.");
    public static final Setting LDAP_START_TLS = new Setting("ldap-start-tls", "false",
            "Upgrade ldap:// connections with StartTLS.");
    public static final Setting LDAP_CA_FILE = new Setting("ldap-ca-file", "",
            "PEM file with the CA certificates the directory's TLS certificate must chain to (default: the JVM's).");
    public static final Setting LDAP_BIND_DN = new Setting("ldap-bind-dn", "",
            "Service account that searches for users, e.g. CN=ewstoken,OU=Service,DC=contoso,DC=com.");
    public static final Setting LDAP_BIND_PASSWORD_FILE = new Setting("ldap-bind-password-file", "",
            "File whose first line is the service account's password.");
    public static final Setting LDAP_BASE_DN = new Setting("ldap-base-dn", "",
            "Where users are searched (subtree), e.g. DC=contoso,DC=com.");
    public static final Setting LDAP_USER_FILTER = new Setting("ldap-user-filter", LdapSettings.DEFAULT_FILTER,
            "Finds a user by the name typed at sign-in; {0} is the name, escaped.");
    public static final Setting LDAP_MAIL_ATTRIBUTE = new Setting("ldap-mail-attribute", "mail",
            "Attribute with the mailbox's primary SMTP address (else proxyAddresses SMTP:).");
    public static final Setting LDAP_USERS_GROUP = new Setting("ldap-users-group", "",
            "DN of the group whose members may use add-ins at all (default: every directory user).");
    public static final Setting LDAP_INSTALLERS_GROUP = new Setting("ldap-installers-group", "",
            "DN of the group whose members may install add-ins themselves (default: as user-add-ins says).");
    public static final Setting LDAP_TIMEOUT = new Setting("ldap-timeout", "5s",
            "Connect and operation timeout for the directory.");
    public static final Setting LDAP_POOL_SIZE = new Setting("ldap-pool-size", "10",
            "Most directory connections held open.");
    public static final Setting LDAP_CACHE_TTL = new Setting("ldap-cache-ttl", "5m",
            "How long a successful directory sign-in is remembered, also while the directory is down (0 = never).");

    public static final Setting NEGOTIATE_KEYTAB = new Setting("negotiate-keytab", "",
            "Keytab for HTTP/<host>@REALM: enables Negotiate (Kerberos via SPNEGO), offered beside Basic.");
    public static final Setting NEGOTIATE_PRINCIPAL = new Setting("negotiate-principal", "*",
            "Service principal to accept tickets for, e.g. HTTP/mail.contoso.com@CONTOSO.COM (*: any in the keytab).");
    public static final Setting NEGOTIATE_REALMS = new Setting("negotiate-realms", "",
            "Accepted client realms and their mail domains, e.g. CONTOSO.COM=contoso.com (comma separated).");
    public static final Setting NEGOTIATE_MAPPING = new Setting("negotiate-mapping", "realm",
            "How a client principal becomes a mailbox: realm (alice@CONTOSO.COM -> alice@contoso.com) or "
                    + "directory (its userPrincipalName in ldap-url's directory).");
    public static final Setting NEGOTIATE_KRB5_CONF = new Setting("negotiate-krb5-conf", "",
            "krb5.conf for the JVM (sets java.security.krb5.conf, which is JVM-wide; default: the system's).");

    public static final Setting OIDC_ISSUER = new Setting("oidc-issuer", "",
            "OpenID Connect issuer URL (e.g. https://sso.contoso.com/realms/mail): enables Bearer access tokens.");
    public static final Setting OIDC_AUDIENCE = new Setting("oidc-audience", "",
            "Accepted token audiences (aud), comma separated: the client id or API URI ewstoken has at the provider.");
    public static final Setting OIDC_CLAIM = new Setting("oidc-claim", "email",
            "Claim holding the mailbox address: email, upn, preferred_username or another.");
    public static final Setting OIDC_ALGORITHMS = new Setting("oidc-algorithms", "RS256,PS256,ES256",
            "Accepted token signature algorithms (asymmetric only).");
    public static final Setting OIDC_JWKS_CACHE_TTL = new Setting("oidc-jwks-cache-ttl", "10m",
            "How long the provider's keys are used before they are fetched again (an unknown key id refetches sooner).");
    public static final Setting OIDC_CLOCK_SKEW = new Setting("oidc-clock-skew", "60s",
            "Allowance on a token's exp and nbf.");

    public static final Setting FRONT_CLIENT_CERTIFICATES = new Setting("front-client-certificates", "",
            "PEM files (comma separated) with trusted front-ends' TLS client certificates, pinned exactly "
                    + "(HTTPS listener): such a client may assert the mailbox in X-Ewstoken-Mailbox.");
    public static final Setting FRONT_HMAC_SECRET_FILE = new Setting("front-hmac-secret-file", "",
            "File with the secret (32+ characters) a trusted front-end signs requests with (X-Ewstoken-Signature).");
    public static final Setting FRONT_CLOCK_WINDOW = new Setting("front-clock-window", "60s",
            "How far a front-end signature's timestamp may be from now.");

    // Second hardening round (docs/security.md): connections, sign-in queue, operator listener, user add-ins.
    public static final Setting MAX_CONNECTIONS_PER_ADDRESS = new Setting("max-connections-per-address", "64",
            "Most open connections from one client address (IPv6: one /64); 0 = no limit. Not applied with "
                    + "trust-forwarded-headers, where every connection comes from the proxy.");
    public static final Setting HEADER_TIMEOUT = new Setting("header-timeout", "10s",
            "Time a new connection has to send a complete request line and headers, however slowly it trickles "
                    + "(a kept-alive connection has idle-timeout after its previous answer).");
    public static final Setting MAX_CHUNK_EXTENSION_BYTES = new Setting("max-chunk-extension-bytes", "256",
            "Longest chunk extension (the text after a chunk's size) in a chunked request body; longer is refused.");
    public static final Setting PASSWORD_CHECK_QUEUE = new Setting("password-check-queue", "32",
            "Sign-ins that may wait for a password check (Argon2) beyond those running (one per CPU); further "
                    + "ones get HTTP 503 with Retry-After at once. Remembered credentials never wait.");
    public static final Setting OPS_BIND = new Setting("ops-bind", "127.0.0.1",
            "Address of the operator listener (/readyz, /metrics), when ops-port is set.");
    public static final Setting OPS_PORT = new Setting("ops-port", "",
            "Port of the operator listener for /readyz and /metrics (0 = any free port). Unset, they are "
                    + "served on the main listener only when bind is a loopback address.");
    public static final Setting USER_ADD_INS_MAX = new Setting("user-add-ins-max", "50",
            "Most add-ins one user may install for their own mailbox (EWS InstallApp).");
    public static final Setting USER_ADD_IN_INSTALLS_PER_HOUR = new Setting("user-add-in-installs-per-hour", "30",
            "Most InstallApp calls one user may make in an hour.");

    // The web console and admin API (docs/deployment.md).
    public static final Setting CONSOLE_ENABLED = new Setting("console-enabled", "",
            "Serve the web console at /console and the admin API at /api/admin (default: true with 'serve --demo', "
                    + "else false).");
    public static final Setting ADMIN_BIND = new Setting("admin-bind", "",
            "Address of a separate listener for the console and admin API (default: bind); needs admin-port.");
    public static final Setting LDAP_ADMINS_GROUP = new Setting("ldap-admins-group", "",
            "DN of the directory group whose members are administrators of the console and admin API, beside "
                    + "users given the admin role (default: none).");
    public static final Setting ADMIN_PORT = new Setting("admin-port", "",
            "Port of a separate listener for the console and admin API, which the main listener then does not "
                    + "serve (0 = any free port; default: the main listener serves them).");

    public static final List<Setting> ALL = List.of(BIND, PORT, PUBLIC_URL, DATA_DIR, MASTER_KEY_FILE,
            MASTER_KEY, IDENTITY_TOKEN_LIFETIME, CALLBACK_TOKEN_LIFETIME, MAX_REQUEST_BYTES,
            MAX_TOKEN_REQUESTS, MAX_XML_DEPTH, KEY_REFRESH_INTERVAL, METADATA_MAX_AGE,
            ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, CRYPTO_PROVIDER, IDENTITY_TOKEN_REUSE, REGISTRY_CACHE_TTL,
            MAX_HEADER_BYTES, MAX_XML_ELEMENTS, MAX_XML_TEXT_LENGTH, MAX_XML_ATTRIBUTE_LENGTH, REQUEST_TIMEOUT,
            IDLE_TIMEOUT, MAX_CONNECTIONS, MAX_THREADS, USER_MAX_CONCURRENCY, USER_BURST, USER_RECHARGE_PER_MINUTE,
            LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, LOGIN_LOCKOUT_MAX, LOGIN_FAILURE_RESET,
            STORE_URL, STORE_USER, STORE_PASSWORD, STORE_PASSWORD_FILE, STORE_POOL_SIZE, STORE_TIMEOUT,
            MIGRATE_ON_START, NODE_NAME, KEY_PRE_PUBLICATION, KEY_ROTATION_INTERVAL, AUDIT_RETENTION,
            INTROSPECTION_CLIENT_ID, INTROSPECTION_CLIENT_SECRET_FILE, INTROSPECTION_CLIENT_SECRET,
            USER_ADD_INS, USER_ADD_INS_READ_WRITE_MAILBOX, APP_MARKETPLACE_URL,
            HTTP_ENABLED, HTTPS_PORT, TLS_CERTIFICATE, TLS_PRIVATE_KEY, TLS_PASSWORD, TRUST_FORWARDED_HEADERS,
            UPSTREAM_EWS_URL, UPSTREAM_USER, UPSTREAM_PASSWORD_FILE, UPSTREAM_PASSWORD, UPSTREAM_CA_FILE, UPSTREAM_PATHS,
            UPSTREAM_CONNECT_TIMEOUT, UPSTREAM_IDLE_TIMEOUT, UPSTREAM_TIMEOUT,
            LDAP_URL, LDAP_START_TLS, LDAP_CA_FILE, LDAP_BIND_DN, LDAP_BIND_PASSWORD_FILE, LDAP_BASE_DN,
            LDAP_USER_FILTER, LDAP_MAIL_ATTRIBUTE, LDAP_USERS_GROUP, LDAP_INSTALLERS_GROUP, LDAP_TIMEOUT,
            LDAP_POOL_SIZE, LDAP_CACHE_TTL,
            NEGOTIATE_KEYTAB, NEGOTIATE_PRINCIPAL, NEGOTIATE_REALMS, NEGOTIATE_MAPPING, NEGOTIATE_KRB5_CONF,
            OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLAIM, OIDC_ALGORITHMS, OIDC_JWKS_CACHE_TTL, OIDC_CLOCK_SKEW,
            FRONT_CLIENT_CERTIFICATES, FRONT_HMAC_SECRET_FILE, FRONT_CLOCK_WINDOW,
            MAX_CONNECTIONS_PER_ADDRESS, HEADER_TIMEOUT, MAX_CHUNK_EXTENSION_BYTES, PASSWORD_CHECK_QUEUE, OPS_BIND,
            OPS_PORT, USER_ADD_INS_MAX, USER_ADD_IN_INSTALLS_PER_HOUR,
            CONSOLE_ENABLED, ADMIN_BIND, ADMIN_PORT, LDAP_ADMINS_GROUP);

    /** EWSTOKEN_PUBLIC_URL for public-url. */
    public String environmentVariable() {
        return "EWSTOKEN_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
