package org.ewstoken.protocol;

import java.util.Optional;

/**
 * The values of {@code t:ExchangeVersionType}, in schema order. The declaration order is the
 * chronological order, which {@link #atLeast} relies on.
 */
public enum ExchangeVersion {
    EXCHANGE2007("Exchange2007"),
    EXCHANGE2007_SP1("Exchange2007_SP1"),
    EXCHANGE2009("Exchange2009"),
    EXCHANGE2010("Exchange2010"),
    EXCHANGE2010_SP1("Exchange2010_SP1"),
    EXCHANGE2010_SP2("Exchange2010_SP2"),
    EXCHANGE2012("Exchange2012"),
    EXCHANGE2013("Exchange2013"),
    EXCHANGE2013_SP1("Exchange2013_SP1"),
    EXCHANGE2015("Exchange2015"),
    EXCHANGE2016("Exchange2016"),
    V2015_10_05("V2015_10_05"),
    V2016_01_06("V2016_01_06"),
    V2016_04_13("V2016_04_13"),
    V2016_07_13("V2016_07_13"),
    V2016_10_10("V2016_10_10"),
    V2017_01_07("V2017_01_07"),
    V2017_04_14("V2017_04_14"),
    V2017_07_11("V2017_07_11"),
    V2017_10_09("V2017_10_09"),
    V2018_01_08("V2018_01_08");

    /** What a request gets when it names no version, as Exchange does. */
    public static final ExchangeVersion LATEST = V2018_01_08;

    private static final WireNames<ExchangeVersion> WIRE_NAMES = new WireNames<>(values(), ExchangeVersion::wireName);

    private final String wireName;

    ExchangeVersion(String wireName) {
        this.wireName = wireName;
    }

    /** The schema's spelling, e.g. {@code Exchange2013_SP1}. */
    public String wireName() {
        return wireName;
    }

    /** Exact, case-sensitive match: the schema type is an xs:string enumeration. */
    public static Optional<ExchangeVersion> fromWire(String wireName) {
        return WIRE_NAMES.find(wireName);
    }

    public boolean atLeast(ExchangeVersion other) {
        return compareTo(other) >= 0;
    }
}
