package dev.quiver.engine.plan.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.rules.CoreRules;
import org.junit.jupiter.api.Test;

class CalciteRulesTest {
    /** Each rule has the config of CoreRules' rule of the same name: the same rule, without CoreRules. */
    @Test
    void everyRuleIsCoreRulesNamesake() throws ReflectiveOperationException {
        List<String> checked = new ArrayList<>();
        for (Field field : CalciteRules.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            RelRule<?> ours = (RelRule<?>) field.get(null);
            RelRule<?> core =
                    (RelRule<?>) CoreRules.class.getField(field.getName()).get(null);
            assertThat(ours.config).as(field.getName()).isEqualTo(core.config);
            assertThat(ours.getClass()).as(field.getName()).isEqualTo(core.getClass());
            assertThat(ours.toString()).as(field.getName()).isEqualTo(core.toString());
            checked.add(field.getName());
        }
        assertThat(checked).hasSize(27);
    }
}
