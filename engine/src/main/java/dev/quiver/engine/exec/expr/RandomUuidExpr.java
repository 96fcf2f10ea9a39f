package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code gen_random_uuid()} / {@code uuid()} / {@code uuidv4()}: a new random (version 4) UUID in
 * every row; {@code uuidv7()}: a version 7 one, whose first 48 bits are the Unix time in
 * milliseconds (RFC 9562). Not a {@link KernelExpr}, so {@link ConstantFolder} never turns it into
 * one constant.
 */
public final class RandomUuidExpr implements Expr {
    private static final int UUID_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Field field;
    private final int version;

    /** A version 4 UUID; {@code field} is a UUID (FixedSizeBinary(16)) field. */
    public RandomUuidExpr(Field field) {
        this(field, 4);
    }

    /** A version {@code version} (4 or 7) UUID; {@code field} is a UUID (FixedSizeBinary(16)) field. */
    public RandomUuidExpr(Field field, int version) {
        if (version != 4 && version != 7) {
            throw new IllegalArgumentException("UUID version " + version);
        }
        this.field = field;
        this.version = version;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        FixedSizeBinaryVector uuids = (FixedSizeBinaryVector) field.createVector(context.allocator());
        try {
            uuids.allocateNew(rowCount);
            byte[] bytes = new byte[UUID_BYTES * Math.max(rowCount, 1)];
            RANDOM.nextBytes(bytes);
            ByteBuffer all = ByteBuffer.wrap(bytes);
            byte[] uuid = new byte[UUID_BYTES];
            long millis = System.currentTimeMillis();
            for (int row = 0; row < rowCount; row++) {
                all.get(uuid);
                if (version == 7) {
                    for (int index = 0; index < 6; index++) {
                        uuid[index] = (byte) (millis >>> (40 - 8 * index));
                    }
                }
                uuid[6] = (byte) ((uuid[6] & 0x0f) | (version << 4));
                uuid[8] = (byte) ((uuid[8] & 0x3f) | 0x80); // IETF variant
                uuids.set(row, uuid);
            }
            uuids.setValueCount(rowCount);
            return uuids;
        } catch (RuntimeException | Error e) {
            uuids.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return version == 7 ? "uuidv7()" : "gen_random_uuid()";
    }
}
