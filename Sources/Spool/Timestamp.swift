import Foundation
import Glibc

/// RFC 3339 timestamps in UTC (`2026-11-23T03:13:00Z`), the one time format of every spool file and log line.
public enum Timestamp {
    /// RFC 3339 writes years 0001 to 9999; a date outside them (a due time computed from a hostile number) is
    /// written as the nearest end rather than trapping in the conversion to `time_t` or printing a garbled year.
    private static let writable: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    public static func string(_ date: Date) -> String {
        String(decoding: digits(date) + [UInt8(ascii: "Z")], as: UTF8.self)
    }

    /// With milliseconds (`2026-11-23T03:13:00.042Z`), for log lines.
    public static func precise(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)) * 1000)
        var text = digits(date) + [UInt8(ascii: ".")]
        append(min(999, max(0, milliseconds)), width: 3, to: &text)
        return String(decoding: text + [UInt8(ascii: "Z")], as: UTF8.self)
    }

    /// `2026-11-23T03:13:00` as bytes: every log line and spool file has one, so no format string is parsed.
    private static func digits(_ date: Date) -> [UInt8] {
        var seconds = wholeSeconds(date)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text: [UInt8] = []
        text.reserveCapacity(24)
        let fields = [(parts.tm_year + 1900, 4, "-"), (parts.tm_mon + 1, 2, "-"), (parts.tm_mday, 2, "T"),
                      (parts.tm_hour, 2, ":"), (parts.tm_min, 2, ":"), (parts.tm_sec, 2, "")]
        for (value, width, separator) in fields {
            append(Int(value), width: width, to: &text)
            text += separator.utf8
        }
        return text
    }

    private static func append(_ value: Int, width: Int, to text: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// Seconds since the epoch, rounded down and kept within the years RFC 3339 writes.
    static func wholeSeconds(_ date: Date) -> time_t {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return time_t(seconds.isNaN ? 0 : min(max(seconds, writable.lowerBound), writable.upperBound))
    }

    /// Parses RFC 3339 with any offset (`2021-04-20T19:50:21+10:00`); nil for anything else.
    public static func date(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: false)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
