package ai.puyu.testsupport;

/** Whether the tests run in CI ({@code CI} set and not {@code false}): there a missing tool is a failure, not a skip. */
public final class Ci {

    private Ci() {
    }

    /** Whether the environment variable {@code CI} is set to something other than {@code false}. */
    public static boolean isSet() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }
}
