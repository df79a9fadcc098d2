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
}
