/** Logging that keeps secrets out of the log, whatever the level. */
package org.ewstoken.server.logging;
