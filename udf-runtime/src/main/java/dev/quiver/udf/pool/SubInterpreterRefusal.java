package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the definition errors that mean "this source cannot import in a sub-interpreter" and
 * sends an {@code isolation = 'auto'} function to the process tier instead.
 */
final class SubInterpreterRefusal {
    /** CPython's ImportError for a single-phase-init extension module in an own-GIL interpreter. */
    private static final Pattern REFUSED =
            Pattern.compile("module ([A-Za-z0-9_.]+) does not support loading in subinterpreters");

    private static final Pattern MISSING = Pattern.compile("No module named '([A-Za-z0-9_.]+)'");

    private SubInterpreterRefusal() {}

    /**
     * Why the process tier should take the function, or null when the error is any other: CPython's
     * specific ImportError ("numpy does not support sub-interpreters"), or a module the embedded
     * Python does not have, which the workers' Python may have ("numpy is not installed for the
     * embedded Python"; the caller keeps the original error if the workers cannot import it either).
     */
    static String reason(UdfException failure) {
        if (failure.reason() != UdfException.Reason.DEFINITION_ERROR || failure.pythonType() == null) {
            return null;
        }
        String text = failure.getMessage();
        Matcher refused = REFUSED.matcher(text);
        if (refused.find()) {
            return topLevel(refused.group(1)) + " does not support sub-interpreters";
        }
        Matcher missing = MISSING.matcher(text);
        if (failure.pythonType().equals("ModuleNotFoundError") && missing.find()) {
            return topLevel(missing.group(1)) + " is not installed for the embedded Python";
        }
        return null;
    }

    /** Whether the failure is CPython's own refusal (not merely a missing module). */
    static boolean isSpecific(UdfException failure) {
        return REFUSED.matcher(failure.getMessage()).find();
    }

    private static String topLevel(String module) {
        int dot = module.indexOf('.');
        return dot < 0 ? module : module.substring(0, dot);
    }
}
