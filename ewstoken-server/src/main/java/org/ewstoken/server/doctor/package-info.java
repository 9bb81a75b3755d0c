/**
 * {@code ewstoken doctor}: a configuration checked against reality. Each {@link org.ewstoken.server.doctor.Check}
 * is a name and a small record that asks ({@link org.ewstoken.server.doctor.Check.Probe});
 * {@link org.ewstoken.server.doctor.Doctor} runs the server's own and those of the modules on the class path
 * ({@link org.ewstoken.server.doctor.CheckSource}, the front's upstream checks). The command line and the console's
 * overview (through the admin API) run the same list.
 */
package org.ewstoken.server.doctor;
