package ai.puyu.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the test class only when {@link LocalPostgres} answers. When it does not, the class is skipped with the
 * reason, except where the environment variable {@code CI} is set: there the missing server is an error.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresLocalPostgres.Condition.class)
public @interface RequiresLocalPostgres {

    /** The condition behind the annotation. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            LocalPostgres.Availability availability = LocalPostgres.availability();
            if (availability.reachable()) {
                return ConditionEvaluationResult.enabled("PostgreSQL answers at " + LocalPostgres.SERVER_URL
                        + " as " + availability.user());
            }
            String reason = "PostgreSQL at " + LocalPostgres.SERVER_URL + " is not reachable ("
                    + availability.problem() + ")";
            if (Ci.isSet()) {
                throw new IllegalStateException(reason + "; CI is set, so the PostgreSQL tests must run");
            }
            return ConditionEvaluationResult.disabled(reason + "; skipped (set CI=true to make this a failure)");
        }
    }
}
