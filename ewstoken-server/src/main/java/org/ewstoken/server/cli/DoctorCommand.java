package org.ewstoken.server.cli;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.ewstoken.server.Installation;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.doctor.Doctor;
import org.ewstoken.server.doctor.DoctorContext;
import org.ewstoken.server.doctor.Finding;
import org.ewstoken.server.http.ServerUrls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the configuration against reality, one line per check with the fix: the public URL and "
                + "amurl serving the metadata document, certificates and signing keys not near expiry, the upstream "
                + "(reachable, TLS, clock, service account, impersonation), the directory, the keytab, OIDC discovery. "
                + "Exit code 0 when every check passes, 1 otherwise.")
final class DoctorCommand extends InstallationCommand {

    @Option(names = "--mailbox", paramLabel = "SMTP",
            description = "A mailbox to search the directory for and to impersonate at the upstream.")
    String mailbox;

    DoctorCommand(Cli cli) {
        super(cli);
    }

    @Override
    public Integer call() {
        try (Installation inst = common.open(cli)) {
            ServerConfig config = inst.config();
            DoctorContext context = DoctorContext.of(config, new ServerUrls(config.effectivePublicUrl(config.port())),
                    KeysCommand.keyRing(inst), Clock.systemUTC(), Optional.ofNullable(mailbox).map(String::strip));
            List<Finding> findings = Doctor.forInstallation(context).run();
            findings.forEach(f -> cli.out().println(f.line()));
            long failed = findings.stream().filter(Finding::failed).count();
            cli.out().println(failed == 0 ? "all checks passed" : failed + " of " + findings.size() + " checks failed");
            return failed == 0 ? 0 : 1;
        }
    }
}
