package org.ewstoken.server.doctor;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.ewstoken.server.http.ServerUrls;

/**
 * {@code ewstoken doctor}: a configuration checked against reality, one finding per check, each failure with its
 * fix. The command line and the console's overview (through the admin API) both run {@link #forInstallation}.
 */
public final class Doctor {

    private final List<Check> checks;

    public Doctor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The server's own checks, then those of the modules on the class path ({@link CheckSource}). */
    public static Doctor forInstallation(DoctorContext context) {
        List<Check> all = new ArrayList<>(List.of(
                new Check("public-url", new MetadataServedCheck(URI.create(context.publicUrl() + ServerUrls.METADATA),
                        context.keys(), context.clock(), "set public-url to the address clients reach ewstoken at, and route"
                        + " /autodiscover/ from your reverse proxy to it")),
                new Check("amurl", new MetadataServedCheck(context.metadataUrl(), context.keys(), context.clock(),
                        "the tokens' amurl is public-url with its port; make that port reach ewstoken too")),
                new Check("tls-certificate", new ServedCertificateCheck(context.publicUrl(), context.clock())),
                new Check("signing-keys", new SigningKeysCheck(context.keys(), context.clock())),
                new Check("ldap", new LdapCheck(context.config().identity().ldap(), context.mailbox())),
                new Check("keytab", new KeytabCheck(context.config().identity().negotiate())),
                new Check("oidc-discovery", new OidcDiscoveryCheck(context.config().identity().oidc()))));
        for (CheckSource source : ServiceLoader.load(CheckSource.class)) all.addAll(source.checks(context));
        return new Doctor(all);
    }

    public List<Check> checks() {
        return checks;
    }

    /** Runs every check in order; one that throws has failed, with its message as the detail. */
    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        for (Check c : checks) {
            Outcome outcome;
            try {
                outcome = c.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = Outcome.fail("interrupted", "run the check again");
            } catch (Exception e) {
                outcome = Outcome.fail("the check could not run: " + Problems.describe(e), "see the detail");
            }
            findings.add(new Finding(c.name(), outcome));
        }
        return List.copyOf(findings);
    }
}
