package io.chaching.bogatyrs;

import io.chaching.sys.Fd;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The inboxes of one circle, as the parent holds them: it creates every inbox, hands each
 * bogatyr its descriptors, then only listens on its own (and, in --serve, broadcasts START).
 */
interface Inboxes extends AutoCloseable {
    /** The descriptors a bogatyr whose inbox is at {@code address} gets, with their numbers in it. */
    Map<Fd, Integer> childFds(int address);

    /** Every bogatyr has its copies: drops what the parent must not hold; keeps the bogatyrs' inboxes writable if asked. */
    void spawned(boolean keepWriters);

    /**
     * Gives {@code sink} every message waiting in the parent's inbox, first waiting up to
     * {@code timeoutNanos} for one; returns how many.
     */
    int receive(Consumer<Message> sink, long timeoutNanos) throws IOException;

    /** Writes {@code m} into the inbox at each of {@code addresses} (needs {@code spawned(true)}); skips one whose reader died. */
    void broadcast(Message m, int[] addresses) throws IOException;

    /** The descriptors the parent holds, for leak checks. */
    List<Fd> descriptors();

    @Override
    void close();

    static Inboxes open(Transport transport, int count, int listener) throws IOException {
        return transport == Transport.PIPE ? PipeInboxes.open(count, listener) : ShmInboxes.open(count, listener);
    }
}
