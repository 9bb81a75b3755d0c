package org.ewstoken.server.console;

import java.util.Locale;
import java.util.function.Supplier;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.http.RouteTable;
import org.ewstoken.store.AddInClient;

/**
 * The admin API's routes for an add-in back end as a token-exchange client (its back-end audience, a new secret),
 * through the service the command line uses ({@code AddInClientAdmin}).
 */
final class AddInClientRoutes {

    private AddInClientRoutes() {
    }

    /** {@code admin} is asked per call: the route table is also built without a server (openapi.json's test). */
    static void add(RouteTable.Builder r, Supplier<AdminServices> admin) {
        r.add(AdminApi.row("GET", "/addins/{id}/client", c -> client(admin.get(), c.param("id"))));
        r.add(AdminApi.row("PUT", "/addins/{id}/backend-audience", c -> {
            admin.get().clients().setBackendAudience(c.caller().actor(), c.param("id"),
                    c.json(Dtos.BackendAudience.class).backendAudience());
            return client(admin.get(), c.param("id"));
        }));
        r.add(AdminApi.row("POST", "/addins/{id}/secret", c -> new AdminApi.Created(new Dtos.ClientSecret(
                admin.get().clients().newSecret(c.caller().actor(), c.param("id"))))));
    }

    /** Its back-end audience and whether it has a secret (never the secret's hash). */
    private static Dtos.AddInClientDto client(AdminServices admin, String id) {
        admin.addIns().find(id); // 404 for an add-in that is not installed
        var found = admin.clients().find(id);
        return new Dtos.AddInClientDto(id.strip().toLowerCase(Locale.ROOT),
                found.flatMap(AddInClient::audience).orElse(null), found.flatMap(AddInClient::secret).isPresent());
    }
}
