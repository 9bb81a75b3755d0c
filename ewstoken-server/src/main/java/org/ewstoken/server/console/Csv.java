package org.ewstoken.server.console;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ewstoken.store.AdminEvent;
import org.ewstoken.store.AuditRecord;

/**
 * CSV exports (RFC 4180), as OWASP's CSV-injection advice has them: every cell is quoted (so a spreadsheet whose list
 * separator is ';' or a tab does not split a cell and find a formula inside it), quotes inside are doubled, and a
 * cell starting with =, +, -, @, a tab or a carriage return is prefixed with a single quote, so that a spreadsheet
 * shows it as text instead of running it (user-supplied names and manifest texts reach here).
 */
final class Csv {

    private Csv() {
    }

    static byte[] audit(List<AuditRecord> records) {
        StringBuilder sb = new StringBuilder("id,issued_at,node,user,add_in,token_type,key_id,expires_at\r\n");
        for (AuditRecord r : records) {
            row(sb, r.id().toString(), r.issuedAt().toString(), r.node(), r.userSmtp(), r.addInId(), r.tokenType(),
                    r.keyId(), r.expiresAt().toString());
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] events(List<AdminEvent> events) {
        StringBuilder sb = new StringBuilder("id,at,actor,remote_address,action,target,detail\r\n");
        for (AdminEvent e : events) {
            row(sb, e.id().toString(), e.at().toString(), e.actor(), e.remoteAddress(), e.action(), e.target(), e.detail());
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder sb, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(cell(values[i]));
        }
        sb.append("\r\n");
    }

    static String cell(String v) {
        if (v == null) return "\"\"";
        String s = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
