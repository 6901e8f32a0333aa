package ai.puyu.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the test class only when Debian's Chromium is installed at {@link Browsers#CHROMIUM}. When it is not, the
 * class is skipped with the reason, except where the environment variable {@code CI} is set: there the missing
 * browser is an error ({@code .ci/run} installs it).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresChromium.Condition.class)
@interface RequiresChromium {

    /** The condition behind the annotation. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(Browsers.CHROMIUM)) {
                return ConditionEvaluationResult.enabled("Chromium is at " + Browsers.CHROMIUM);
            }
            String reason = "Chromium is not installed at " + Browsers.CHROMIUM + " (apt-get install chromium)";
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                throw new IllegalStateException(reason + "; CI is set, so the browser tests must run");
            }
            return ConditionEvaluationResult.disabled(reason + "; skipped (set CI=true to make this a failure)");
        }
    }
}
