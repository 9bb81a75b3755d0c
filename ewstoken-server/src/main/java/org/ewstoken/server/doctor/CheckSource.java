package org.ewstoken.server.doctor;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Checks that live in an optional module (the front's upstream checks), found with {@link ServiceLoader} like the
 * server's extensions, so that the command line and the console run the same list.
 */
public interface CheckSource {

    /** The checks for this configuration; none when the module is not in use. */
    List<Check> checks(DoctorContext context);
}
