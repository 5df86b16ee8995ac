package io.chaching.bogatyrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chaching.NativeLayout;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BogatyrLayout.java against native/include/bogatyr.h, as the bogatyr binary itself reports it. */
class BogatyrLayoutTest {
    @Test
    void javaOffsetsMatchTheBogatyrs() throws Exception {
        Map<String, Long> c = new HashMap<>();
        NativeLayout.of("bogatyr").forEach((k, v) -> c.put(k, Long.parseLong(v)));
        assertEquals(BogatyrLayout.MESSAGE_LENGTH, c.get("message.size"));
        assertEquals(BogatyrLayout.MESSAGE_KIND_OFFSET, c.get("message.kind"));
        assertEquals(BogatyrLayout.MESSAGE_FROM_OFFSET, c.get("message.from"));
        assertEquals(BogatyrLayout.MESSAGE_RUN_OFFSET, c.get("message.run"));
        assertEquals(BogatyrLayout.MESSAGE_ROUND_OFFSET, c.get("message.round"));
        assertEquals(BogatyrLayout.MESSAGE_VALUE_OFFSET, c.get("message.value"));
        assertEquals(BogatyrLayout.MESSAGE_SENT_NS_OFFSET, c.get("message.sent_ns"));
        assertEquals(BogatyrLayout.KIND_DRAW, c.get("kind.draw"));
        assertEquals(BogatyrLayout.KIND_AGREED, c.get("kind.agreed"));
        assertEquals(BogatyrLayout.KIND_LETTER, c.get("kind.letter"));
        assertEquals(BogatyrLayout.KIND_START, c.get("kind.start"));
        assertEquals(BogatyrLayout.INBOX_CAPACITY_OFFSET, c.get("inbox.capacity"));
        assertEquals(BogatyrLayout.INBOX_TAIL_OFFSET, c.get("inbox.tail"));
        assertEquals(BogatyrLayout.INBOX_BELL_OFFSET, c.get("inbox.bell"));
        assertEquals(BogatyrLayout.INBOX_SLEEPING_OFFSET, c.get("inbox.sleeping"));
        assertEquals(BogatyrLayout.INBOX_SLOTS_OFFSET, c.get("inbox.slots"));
        assertEquals(BogatyrLayout.SLOT_LENGTH, c.get("slot.size"));
        assertEquals(BogatyrLayout.SLOT_TURN_OFFSET, c.get("slot.turn"));
        assertEquals(BogatyrLayout.SLOT_MESSAGE_OFFSET, c.get("slot.message"));
        assertEquals(BogatyrLayout.inboxLength(16), c.get("inbox.bytes.16"));
        assertEquals(BogatyrLayout.INBOX_FD, c.get("fd.inbox"));
        assertEquals(BogatyrLayout.PEER_FD_BASE, c.get("fd.peer.base"));
        assertEquals(BogatyrLayout.EXIT_PEER_GONE, c.get("exit.peer_gone"));
        assertEquals(BogatyrLayout.EXIT_DISAGREED, c.get("exit.disagreed"));
        assertEquals(BogatyrLayout.MAX_BOGATYRS, c.get("max.bogatyrs"));
        assertEquals(25, c.size(), "every printed name is compared: " + c.keySet());
    }
}
