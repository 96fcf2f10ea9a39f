package dev.quiver.engine.plan.metadata;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * The metadata handlers of Quiver's planner, compiled by the build instead of by Janino in every
 * JVM. Calcite's default provider generates a dispatching class per kind of metadata at run time:
 * a dynamic proxy for each of the ~27 kinds when the first {@link RelMetadataQuery} is made, then
 * Java source compiled by Janino for each kind a plan asks for — about a fifth of the CPU of a
 * {@code quiver sql -c "SELECT 1"}, and classes that the start-up cache cannot hold (nor the
 * method profiles the cache keeps for the planner). The build runs Calcite's own generator over
 * {@link QuiverMetadata#PROVIDER} ({@link MetadataHandlerSources}) and compiles its output with the
 * engine, so the same dispatch code is an ordinary class here.
 *
 * <p>Kinds the build could not compile (Calcite's handler is a private class) and a build without
 * the generated classes (an IDE run) fall back to Janino, as does a handler list that does not
 * match the one the build saw. Thread-safe; handlers are stateless and shared by all queries.
 */
public final class PrecompiledMetadataHandlers implements MetadataHandlerProvider {
    /** Marks a kind with no precompiled handler (a map holds no nulls). */
    private static final MetadataHandler<?> NONE = () -> {
        throw new UnsupportedOperationException("no precompiled metadata handler");
    };
    /** The provider every planner's metadata queries use. */
    public static final PrecompiledMetadataHandlers INSTANCE =
            new PrecompiledMetadataHandlers(loadFactory(MetadataHandlerSources.FACTORY_CLASS));

    private final MetadataHandlerFactory factory; // null: the build made none
    private final JaninoRelMetadataProvider janino = JaninoRelMetadataProvider.of(QuiverMetadata.PROVIDER);
    private final Map<Class<?>, MetadataHandler<?>> precompiled = new ConcurrentHashMap<>();

    PrecompiledMetadataHandlers(MetadataHandlerFactory factory) {
        this.factory = factory;
    }

    /** A metadata query over these handlers; the planner's clusters make one per planning step. */
    public static RelMetadataQuery newQuery() {
        return new RelMetadataQuery(INSTANCE);
    }

    @Override
    public <H extends MetadataHandler<?>> H handler(Class<H> handlerClass) {
        MetadataHandler<?> handler = precompiled.computeIfAbsent(handlerClass, this::create);
        // Janino's initial handler is a fresh proxy that compiles on first use: never cached here
        return handler != NONE ? handlerClass.cast(handler) : janino.handler(handlerClass);
    }

    /** Only ever called for Janino's handlers: a precompiled one dispatches every relational expression. */
    @Override
    public <H extends MetadataHandler<?>> H revise(Class<H> handlerClass) {
        return janino.revise(handlerClass);
    }

    /** Whether {@code handlerClass} is answered by a class the build compiled. */
    boolean isPrecompiled(Class<? extends MetadataHandler<?>> handlerClass) {
        return precompiled.computeIfAbsent(handlerClass, this::create) != NONE;
    }

    private MetadataHandler<?> create(Class<?> handlerClass) {
        if (factory == null) {
            return NONE;
        }
        @SuppressWarnings("unchecked") // the map's keys are handler classes
        List<MetadataHandler<?>> handlers =
                QuiverMetadata.PROVIDER.handlers((Class<? extends MetadataHandler<?>>) handlerClass);
        try {
            MetadataHandler<?> handler =
                    factory.create(handlerClass, handlers.stream().distinct().toList());
            return handler != null ? handler : NONE;
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            return NONE; // the handlers are not those the build saw: Janino generates for these
        }
    }

    /** The generated factory, or null when the build made none (the class is missing or unusable). */
    static MetadataHandlerFactory loadFactory(String className) {
        try {
            return (MetadataHandlerFactory)
                    Class.forName(className, true, PrecompiledMetadataHandlers.class.getClassLoader())
                            .getConstructor()
                            .newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }
}
