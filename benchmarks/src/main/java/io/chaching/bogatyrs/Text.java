package io.chaching.bogatyrs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text the bogatyrs speak, as code points, and its distinct letters in order of first
 * appearance: the k-th distinct letter belongs to the bogatyr in place k.
 */
public record Text(String value, int[] codePoints, List<Integer> letters) {
    /** А to Я with Ё in its place: 33 letters, one per bogatyr. */
    public static final String RUSSIAN_ALPHABET = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
    /** Code points; a text travels to every bogatyr as one argument (Linux caps one at 128 KiB). */
    public static final int MAX_LENGTH = 10_000;

    public static Text of(String value) {
        int[] cps = value.codePoints().toArray();
        Map<Integer, Boolean> seen = new LinkedHashMap<>();
        for (int c : cps) {
            seen.putIfAbsent(c, Boolean.TRUE);
        }
        return new Text(value, cps, List.copyOf(new ArrayList<>(seen.keySet())));
    }

    public int length() {
        return codePoints.length;
    }

    public int distinct() {
        return letters.size();
    }

    /** Index into {@link #letters()} of the letter at {@code position}: the place of its owner. */
    public int placeOf(int position) {
        return letters.indexOf(codePoints[position]);
    }

    public static String letter(long codePoint) {
        return codePoint >= 0 && codePoint <= Character.MAX_CODE_POINT ? Character.toString((int) codePoint) : "?";
    }
}
