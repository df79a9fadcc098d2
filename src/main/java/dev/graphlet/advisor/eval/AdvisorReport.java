package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.scoring.Features;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.state.ModelState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the advisor learned in an evaluation: each feature's stand-alone AUC and its weight, per decision-point model. */
public final class AdvisorReport {

    private AdvisorReport() {
    }

    public static String markdown(AdvisorPolicy advisor) {
        ModelState model = advisor.model();
        Map<String, Map<String, Double>> auc = advisor.featureAuc().table();
        List<String> samples = new ArrayList<>();
        for (int p = 0; p < OnlineModel.POINTS; p++) {
            samples.add(OnlineModel.MODEL_NAMES.get(p) + " " + advisor.featureAuc().samples(p));
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "What %s learned (model m%d, final threshold %.3f). Stand-alone AUC of each feature "
                        + "(below 0.5: high values mean no deployment) on a %.0f%% sample of the runs whose end it saw (%s), "
                        + "then the model's weights:%n%n",
                advisor.name(), model.getVersion(), model.getThreshold(), 100 * FeatureAuc.SAMPLE, String.join(", ", samples)));
        out.append("| feature |");
        OnlineModel.MODEL_NAMES.forEach(n -> out.append(" AUC ").append(n).append(" |"));
        OnlineModel.MODEL_NAMES.forEach(n -> out.append(" w ").append(n).append(" |"));
        out.append("\n|---|").append("---|".repeat(2 * OnlineModel.POINTS)).append("\n");
        for (int f = 0; f < Features.SIZE; f++) {
            String name = Features.NAMES.get(f);
            out.append("| ").append(name);
            for (int p = 0; p < OnlineModel.POINTS; p++) {
                Double a = f == 0 ? null : auc.get(OnlineModel.MODEL_NAMES.get(p)).get(name);
                out.append(a == null || a.isNaN() ? " | -" : String.format(Locale.ROOT, " | %.3f", a));
            }
            for (int p = 0; p < OnlineModel.POINTS; p++) {
                out.append(String.format(Locale.ROOT, " | %+.2f", model.getWeights().get(p).get(f)));
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    /** The same as plain data (for JSON). */
    public static Map<String, Object> asMap(AdvisorPolicy advisor) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("policy", advisor.name());
        map.put("modelVersion", advisor.model().getVersion());
        map.put("threshold", advisor.model().getThreshold());
        map.put("features", Features.NAMES);
        Map<String, List<Double>> weights = new LinkedHashMap<>();
        for (int p = 0; p < OnlineModel.POINTS; p++) {
            weights.put(OnlineModel.MODEL_NAMES.get(p), advisor.model().getWeights().get(p));
        }
        map.put("weights", weights);
        map.put("featureAuc", advisor.featureAuc().table());
        return map;
    }
}
