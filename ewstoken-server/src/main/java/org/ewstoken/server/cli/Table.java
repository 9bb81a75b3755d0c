package org.ewstoken.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** A plain left-aligned text table for list commands. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void row(String... cells) {
        rows.add(cells);
    }

    /** The table's lines, columns padded to their widest cell: what a list command prints. */
    String text() {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length());
        }
        StringJoiner lines = new StringJoiner(System.lineSeparator());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) line.append(" ".repeat(widths[i] - r[i].length() + 2));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines.toString();
    }
}
