package org.ewstoken.store;

import java.time.Instant;
import java.util.Locale;

/**
 * One page of a log table, newest first, narrowed by optional filters: a filter that is null adds no
 * condition. The audit log and the admin events are searched this same way.
 */
final class PageQuery {

    private final StringBuilder sql;
    private final SqlParams params;

    PageQuery(String select, int offset, int limit) {
        if (limit < 1 || offset < 0) throw new IllegalArgumentException("limit must be positive, offset not negative");
        this.sql = new StringBuilder(select).append(" WHERE 1 = 1");
        this.params = SqlParams.of().and("limit", limit).and("offset", offset);
    }

    /** Adds {@code condition}, which names {@code :name}, unless {@code value} is null. */
    PageQuery where(String condition, String name, String value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.and(name, value);
        }
        return this;
    }

    /** Only rows whose {@code column} lies within [from, to); a null end is open. */
    PageQuery within(String column, Instant from, Instant to) {
        if (from != null) {
            sql.append(" AND ").append(column).append(" >= :from");
            params.and("from", from);
        }
        if (to != null) {
            sql.append(" AND ").append(column).append(" < :to");
            params.and("to", to);
        }
        return this;
    }

    /** The statement, ordered by {@code order} (newest first, a unique column last so pages do not overlap). */
    String sql(String order) {
        return sql + " ORDER BY " + order + " LIMIT :limit OFFSET :offset";
    }

    SqlParams params() {
        return params;
    }

    /** A filter compared ignoring case (the column holds, or is compared in, lower case); null stays null. */
    static String lowerCase(String filter) {
        return filter == null ? null : filter.toLowerCase(Locale.ROOT);
    }
}
