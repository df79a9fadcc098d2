package dev.graphlet.advisor.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.ScoringSettings;
import org.junit.jupiter.api.Test;

class AdvisorPolicyTest {

    @Test
    void aTargetIsNamedWithoutRoundingIt() {
        assertThat(new AdvisorPolicy(ScoringSettings.DEFAULTS, OnlineModel.fresh()).name()).isEqualTo("advisor-0.010");
        assertThat(new AdvisorPolicy(ScoringSettings.DEFAULTS.withMaxMissed(0.0025), OnlineModel.fresh()).name())
                .isEqualTo("advisor-0.0025");
        assertThat(AdvisorPolicy.target(0.003)).isEqualTo("0.003");
        assertThat(AdvisorPolicy.target(0.04)).isEqualTo("0.040");
        assertThat(AdvisorPolicy.target(0.00125)).isEqualTo("0.00125");
    }

    @Test
    void anAdvisorWithAnotherCadenceGuardIsItsOwnFamilyNamedAfterTheGuard() {
        assertThat(AdvisorPolicy.variant(3)).isEqualTo("advisor-overdue-3");
        assertThat(AdvisorPolicy.variant(2.5)).isEqualTo("advisor-overdue-2.5");
        assertThat(AdvisorPolicy.variant(ScoringSettings.CADENCE_GUARD_OFF)).isEqualTo("advisor-overdue-off");
        AdvisorPolicy off = new AdvisorPolicy(ScoringSettings.DEFAULTS.withOverdueFactor(ScoringSettings.CADENCE_GUARD_OFF),
                OnlineModel.fresh(), dev.graphlet.advisor.scoring.Mode.ACTIVE,
                AdvisorPolicy.variant(ScoringSettings.CADENCE_GUARD_OFF));
        assertThat(off.name()).isEqualTo("advisor-overdue-off-0.010");
        assertThat(off.family()).isEqualTo("advisor-overdue-off");
    }
}
