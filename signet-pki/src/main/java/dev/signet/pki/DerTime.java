package dev.signet.pki;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Time;

/**
 * DER {@code Time} values (RFC 5280 §4.1.2.5): whole seconds (truncated), UTCTime ({@code YYMMDDHHMMSSZ}) for the
 * years 1950 to 2049 and GeneralizedTime ({@code YYYYMMDDHHMMSSZ}) otherwise; years after 9999 cannot be encoded.
 * This is the rule BouncyCastle's {@code Time(Date)} follows, written out without its per-call
 * {@code SimpleDateFormat} (which cost a certificate issuance more than building its extensions).
 *
 * <p>An instance remembers the calendar date of the last time it wrote: the entries of a CRL come mostly in order, so
 * most share their day with the one before. Not thread-safe; {@link #time} is.
 */
final class DerTime {
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    /** The longest encoding: GeneralizedTime, a tag, a length and 15 characters. */
    static final int MAX_LENGTH = 17;
    /** Epoch days of 0000-01-01 and 9999-12-31: the years GeneralizedTime's four digits can hold. */
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private long day = Long.MIN_VALUE;
    private int year;
    private int month;
    private int dayOfMonth;

    /** {@code t} as BouncyCastle's {@code Time}, for certificate validity (§4.1.2.5). Thread-safe. */
    static Time time(Instant t) {
        try {
            return Time.getInstance(ASN1Primitive.fromByteArray(new DerTime().encode(t)));
        } catch (IOException e) {
            throw new IllegalStateException("A DER time did not parse back.", e);
        }
    }

    /** The DER length of {@code t}: 15 octets as UTCTime, 17 as GeneralizedTime. */
    int length(Instant t) {
        setDay(t);
        return utc() ? 15 : 17;
    }

    byte[] encode(Instant t) {
        byte[] out = new byte[length(t)];
        write(out, 0, t);
        return out;
    }

    /**
     * Writes {@code t} at {@code at}, which must have {@link #length} octets free.
     *
     * @return the position after it
     */
    int write(byte[] out, int at, Instant t) {
        long seconds = t.getEpochSecond(); // floor: whole seconds, truncated
        setDay(t);
        int ofDay = (int) Math.floorMod(seconds, 86_400L);
        if (utc()) {
            out[at++] = UTC_TIME;
            out[at++] = 13;
            at = two(out, at, year % 100);
        } else {
            out[at++] = GENERALIZED_TIME;
            out[at++] = 15;
            at = two(out, at, year / 100);
            at = two(out, at, year % 100);
        }
        at = two(out, at, month);
        at = two(out, at, dayOfMonth);
        at = two(out, at, ofDay / 3600);
        at = two(out, at, ofDay / 60 % 60);
        at = two(out, at, ofDay % 60);
        out[at++] = 'Z';
        return at;
    }

    private boolean utc() {
        return year >= 1950 && year <= 2049;
    }

    private void setDay(Instant t) {
        long d = Math.floorDiv(t.getEpochSecond(), 86_400L);
        if (d == day) return;
        if (d < FIRST_DAY || d > LAST_DAY) {
            throw new IllegalArgumentException("The time " + t + " cannot be encoded as an X.509 time (years 0000 to 9999).");
        }
        LocalDate date = LocalDate.ofEpochDay(d);
        year = date.getYear();
        month = date.getMonthValue();
        dayOfMonth = date.getDayOfMonth();
        day = d;
    }

    private static int two(byte[] out, int at, int value) {
        out[at] = (byte) ('0' + value / 10);
        out[at + 1] = (byte) ('0' + value % 10);
        return at + 2;
    }
}
