package dev.quiver.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuckDbTypeNameTest {
    @Test
    void nestedNamesComeApartLevelByLevel() {
        DuckDbTypeName name = DuckDbTypeName.parse(
                "STRUCT(a UUID[], \"b, \"\"c\"\"\" MAP(VARCHAR, UUID), d DECIMAL(18,3), e UUID[2])");
        assertThat(name.leaf()).isNull();
        assertThat(name.children()).hasSize(4);
        assertThat(name.child(0).child(0).isUuid()).isTrue();
        assertThat(name.child(1).child(0).leaf()).isEqualTo("VARCHAR");
        assertThat(name.child(1).child(1).isUuid()).isTrue();
        assertThat(name.child(2).leaf()).isEqualTo("DECIMAL(18,3)");
        assertThat(name.child(3).child(0).isUuid()).isTrue();
    }

    @Test
    void namesItCannotReadSayNothing() {
        assertThat(DuckDbTypeName.parse(null).isUuid()).isFalse();
        assertThat(DuckDbTypeName.parse("[]").child(0).isUuid()).isFalse();
        assertThat(DuckDbTypeName.parse("STRUCT(a ENUM('x, UUID', 'y'), b UUID)")
                        .child(1)
                        .isUuid())
                .isTrue();
        assertThat(DuckDbTypeName.parse("uuid").isUuid()).isTrue();
        assertThat(DuckDbTypeName.parse("INTEGER").child(5)).isEqualTo(DuckDbTypeName.UNKNOWN);
    }
}
