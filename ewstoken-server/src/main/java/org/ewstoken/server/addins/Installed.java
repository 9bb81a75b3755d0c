package org.ewstoken.server.addins;

import org.ewstoken.store.AddIn;

/**
 * What an installation did.
 *
 * @param addIn           the installation as it now is
 * @param previousVersion the version it replaced (null on a first install, or when the replaced one was
 *                        registered without a manifest)
 * @param firstInstall    whether there was no installation for this target before
 */
public record Installed(AddIn addIn, String previousVersion, boolean firstInstall) {
}
