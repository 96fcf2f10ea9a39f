package dev.quiver.engine.plan.metadata;

import java.util.List;
import org.apache.calcite.rel.metadata.MetadataHandler;

/**
 * Makes the dispatching handler of one kind of metadata from the handlers that answer it. The build
 * generates the one implementation ({@link MetadataHandlerSources}); {@link PrecompiledMetadataHandlers}
 * loads it by name, since the main sources compile before it exists.
 */
public interface MetadataHandlerFactory {
    /**
     * The dispatcher of {@code handlerClass} over {@code handlers} (distinct, in the provider's
     * order), or null when the build made none for it.
     *
     * @throws ClassCastException when {@code handlers} are not the classes the build saw (another
     *     Calcite at run time)
     * @throws IndexOutOfBoundsException when there are fewer of them than the build saw
     */
    MetadataHandler<?> create(Class<?> handlerClass, List<? extends MetadataHandler<?>> handlers);
}
