package io.chaching.bogatyrs;

import java.nio.ByteBuffer;

/** One message between bogatyrs (and to or from the listening parent); see {@link BogatyrLayout}. */
public record Message(int kind, int from, int run, int round, long value, long sentNs) {
    static Message read(ByteBuffer b, int at) {
        return new Message(b.getInt(at + BogatyrLayout.MESSAGE_KIND_OFFSET), b.getInt(at + BogatyrLayout.MESSAGE_FROM_OFFSET),
                b.getInt(at + BogatyrLayout.MESSAGE_RUN_OFFSET), b.getInt(at + BogatyrLayout.MESSAGE_ROUND_OFFSET),
                b.getLong(at + BogatyrLayout.MESSAGE_VALUE_OFFSET), b.getLong(at + BogatyrLayout.MESSAGE_SENT_NS_OFFSET));
    }

    void write(ByteBuffer b, int at) {
        b.putInt(at + BogatyrLayout.MESSAGE_KIND_OFFSET, kind).putInt(at + BogatyrLayout.MESSAGE_FROM_OFFSET, from)
                .putInt(at + BogatyrLayout.MESSAGE_RUN_OFFSET, run).putInt(at + BogatyrLayout.MESSAGE_ROUND_OFFSET, round)
                .putLong(at + BogatyrLayout.MESSAGE_VALUE_OFFSET, value).putLong(at + BogatyrLayout.MESSAGE_SENT_NS_OFFSET, sentNs);
    }
}
