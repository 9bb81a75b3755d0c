package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlParamsTest {

    @Test
    void namesOutsideQuotesBecomePlaceholdersInOrderAndRepeatedNamesRepeat() {
        SqlParams.Parsed p = SqlParams.parse("SELECT ':not_me', a FROM t WHERE x IN ('', :smtp) AND y = :id_2 OR z = :smtp");

        assertThat(p.sql()).isEqualTo("SELECT ':not_me', a FROM t WHERE x IN ('', ?) AND y = ? OR z = ?");
        assertThat(p.names()).isEqualTo(List.of("smtp", "id_2", "smtp"));
    }

    @Test
    void aNameBoundTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> SqlParams.text("id", "a").and("id", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":id");
    }

    @Test
    void aNameWithoutAValueIsAProgrammingErrorNamingIt() {
        assertThatThrownBy(() -> SqlParams.of().bind(null, SqlParams.parse("SELECT :missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no value for :missing");
    }
}
