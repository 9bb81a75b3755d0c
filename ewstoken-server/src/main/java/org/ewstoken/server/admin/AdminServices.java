package org.ewstoken.server.admin;

import java.time.Clock;
import org.ewstoken.server.Installation;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.oauth.AddInClientAdmin;

/**
 * The administration services over one installation, as the server and the command line both build
 * them: one place, so that neither wires a rule of its own.
 */
public record AdminServices(UserAdmin users, AddInAdmin addIns, KeyAdmin keys, ApiKeys apiKeys, AdminEvents events,
                            AddInClientAdmin clients) {

    public static AdminServices over(Installation inst, KeyRing ring, Clock clock) {
        AdminEvents events = new AdminEvents(inst.adminStore(), clock);
        return new AdminServices(
                new UserAdmin(inst.store(), inst.adminStore(), inst.passwordHasher(), events),
                new AddInAdmin(inst.store(), events),
                ring == null ? null : new KeyAdmin(ring, events),
                new ApiKeys(inst.adminStore(), events, clock),
                events,
                new AddInClientAdmin(inst.store(), inst.database().addInClients(), inst.passwordHasher(), events, clock));
    }
}
