package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.NativeLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ReadersHandoff's frame constants against native/include/forward.h, as the reader binary reports them. */
class ReadersLayoutTest {
    @Test
    void javaFrameMatchesTheReaders() throws Exception {
        Map<String, String> c = NativeLayout.of("reader");
        assertEquals(ReadersHandoff.FRAME_LENGTH, Integer.parseInt(c.get("frame.size")));
        assertEquals(ReadersHandoff.FRAME_MINER_OFFSET, Integer.parseInt(c.get("frame.miner")));
        assertEquals(ReadersHandoff.FRAME_LENGTH_OFFSET, Integer.parseInt(c.get("frame.length")));
        assertEquals(ReadersHandoff.FRAME_MAX, Integer.parseInt(c.get("frame.max")));
        assertEquals(ReadersHandoff.READER_OUT_FD, Integer.parseInt(c.get("fd.out")));
        assertEquals(ReadersHandoff.READER_FIRST_PIPE_FD, Integer.parseInt(c.get("fd.first_pipe")));
    }

    @Test
    void readerCountOutOfRangeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReadersHandoff(0));
        assertTrue(e.getMessage().contains("readers=0"), e.getMessage());
    }
}
