import Foundation
import Spool

/// The part of `wasp status` about the daemons themselves, from their records in `spool/_daemons/`: which runs, for
/// how long, and how soon after it was started it was of use. Indented, so `grep '^5 '` still picks one merchant.
public struct DaemonReport {
    public let records: [DaemonRecord]
    let now: Date

    public init(spoolRoot: String, now: Date = Date()) {
        records = DaemonRecord.daemons.compactMap { DaemonRecord.load(spoolRoot: spoolRoot, daemon: $0) }
        self.now = now
    }

    /// Nothing when no daemon has ever run on this spool.
    public func render() -> String {
        guard !records.isEmpty else { return "" }
        let lines = records.map { record in
            guard record.isRunning else { return "  \(pad(record.daemon)) not running (last pid \(record.pid))" }
            let serving = record.servingAfter.map { String(format: "%.2f s after start (%@)", $0, record.milestone ?? "") }
            return "  \(pad(record.daemon)) pid \(record.pid), up \(Self.duration(now.timeIntervalSince(record.started))), "
                + "serving " + (serving ?? "not yet (\(Self.pending[record.daemon] ?? "starting"))")
        }
        return "daemons:\n" + lines.joined(separator: "\n") + "\n"
    }

    /// What a daemon that is not serving yet is waiting for.
    private static let pending = ["sender": "no message sent since it started", "scheduler": "first release pass"]

    private func pad(_ name: String) -> String {
        name.padding(toLength: 10, withPad: " ", startingAt: 0)
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let whole = Int(max(0, min(seconds, 1e9)))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(whole % 60)s" }
        if whole < 86400 { return "\(whole / 3600)h\(whole / 60 % 60)m" }
        return "\(whole / 86400)d\(whole / 3600 % 24)h"
    }
}
