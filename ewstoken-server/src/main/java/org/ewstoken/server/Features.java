package org.ewstoken.server;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.console.Console;
import org.ewstoken.server.http.EwsFeature;
import org.ewstoken.server.http.OpsEndpoints;
import org.ewstoken.server.http.ValidationEndpoints;
import org.ewstoken.server.identity.IdentityFeature;
import org.ewstoken.server.keys.KeyUpkeep;
import org.ewstoken.server.oauth.OAuthFeature;

/** The server's features, in order, and their installation. */
final class Features {

    private Features() {
    }

    /**
     * Every feature, in the order that matters twice: a later feature's routes may wrap an earlier one's (the
     * front wraps the EWS endpoint), and sign-in methods are asked in this order (the front's relayed sign-ins
     * before the server's own methods).
     */
    static List<Feature> of() {
        List<Feature> features = new ArrayList<>(List.of(new EwsFeature(), new ValidationEndpoints(),
                new OpsEndpoints(), new KeyUpkeep(), new Console(), new OAuthFeature()));
        ServiceLoader.load(Feature.class).forEach(features::add); // the EWS front, in the runnable jar
        features.addAll(IdentityFeature.methods());
        return features;
    }

    /**
     * Installs the features the configuration wants, in order, handing each one's lifecycle parts to
     * {@code lifecycles} at once (so that a later failure closes them), and returns everything they added.
     */
    static Feature.Installed install(List<Feature> features, Feature.Context context, Lifecycles lifecycles)
            throws Exception {
        ServerConfig config = context.config();
        if (config.front().enabled() && features.stream().noneMatch(f -> f instanceof Feature.Front)) {
            throw new ConfigException("upstream-ews-url is set but the EWS front (module ewstoken-front) is not on the "
                    + "class path: run the runnable jar (./ewstoken, ewstoken-dist/target/ewstoken.jar)");
        }
        Feature.Installed all = Feature.Installed.NOTHING;
        for (Feature feature : features) {
            if (!feature.wanted(config)) continue;
            Feature.Installed installed = feature.install(context);
            installed.lifecycles().forEach(lifecycles::add);
            all = all.and(installed);
        }
        return all;
    }
}
