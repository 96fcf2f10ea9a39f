package dev.quiver.engine.exec.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;

class MallocAllocationManagerTest {

    @Test
    void buffersHoldWhatIsWrittenAndAreAccounted() {
        try (RootAllocator root = MallocAllocationManager.newRootAllocator();
                ArrowBuf buffer = root.buffer(1 << 20)) {
            buffer.setLong(0, 42);
            buffer.setLong((1 << 20) - 8, -7);
            assertThat(buffer.getLong(0)).isEqualTo(42);
            assertThat(buffer.getLong((1 << 20) - 8)).isEqualTo(-7);
            assertThat(root.getAllocatedMemory()).isGreaterThanOrEqualTo(1 << 20);
        }
    }

    @Test
    void vectorsStartWithClearValidityAndChildLimitsHold() {
        try (RootAllocator root = MallocAllocationManager.newRootAllocator();
                BufferAllocator child = root.newChildAllocator("query", 0, 1 << 16)) {
            for (int round = 0; round < 3; round++) { // reused blocks must not leak old validity bits
                try (BigIntVector vector = new BigIntVector("v", child)) {
                    vector.allocateNew(1000);
                    vector.setValueCount(1000);
                    assertThat(vector.getNullCount()).isEqualTo(1000);
                    for (int row = 0; row < 1000; row++) {
                        vector.set(row, row);
                    }
                }
            }
            assertThatThrownBy(() -> child.buffer(1 << 20)).isInstanceOf(OutOfMemoryException.class);
            assertThat(child.getAllocatedMemory()).isZero();
        }
    }

    @Test
    void emptyBuffersNeedNoMemory() {
        try (RootAllocator root = MallocAllocationManager.newRootAllocator();
                ArrowBuf empty = root.buffer(0)) {
            assertThat(empty.capacity()).isZero();
        }
    }
}
