import Foundation
import Glibc

/// RFC 3339 timestamps in UTC (`2026-11-23T03:13:00Z`), the one time format of every spool file and log line.
public enum Timestamp {
    /// RFC 3339 writes years 0001 to 9999; a date outside them (a due time computed from a hostile number) is
    /// written as the nearest end rather than trapping in the conversion to `time_t` or printing a garbled year.
    private static let writable: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    public static func string(_ date: Date) -> String {
        var seconds = wholeSeconds(date)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    /// With milliseconds (`2026-11-23T03:13:00.042Z`), for log lines.
    public static func precise(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)) * 1000)
        return String(string(date).dropLast()) + String(format: ".%03dZ", min(999, max(0, milliseconds)))
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
