package dev.quiver.trino;

import io.trino.spi.Plugin;
import io.trino.spi.function.LanguageFunctionEngine;

/**
 * The Trino plugin: provides the {@code PYTHON} language for {@code CREATE FUNCTION} and inline
 * {@code WITH FUNCTION}, run on this JVM's pool of own-GIL CPython sub-interpreters (see docs/trino.md).
 */
public final class QuiverPythonPlugin implements Plugin {
    @Override
    public Iterable<LanguageFunctionEngine> getLanguageFunctionEngines() {
        return java.util.List.of(new PythonLanguageEngine(SharedPool.get()));
    }
}
