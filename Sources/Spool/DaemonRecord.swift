import Foundation
import Glibc
import Processes

/// `spool/_daemons/<daemon>` (a name no tenant can have): which process runs a daemon, when it was started
/// (exec'd), and how long after that it first did its job (`serving_after`, with what that was: the intake and the
/// dashboard listening, the scheduler's first release pass, the sender's first message sent). Each daemon writes
/// only its own record; `wasp status` reads them all. Key = value lines, like the configuration.
public struct DaemonRecord: Sendable, Equatable {
    public static let directoryName = "_daemons"
    public static let daemons = ["intake", "scheduler", "sender", "dashboard", "writeback"]

    public let daemon: String
    public let pid: pid_t
    public let started: Date
    /// What the daemon did first that made it of use, once it has.
    public var milestone: String?
    public var servingAfter: TimeInterval?

    public init(daemon: String, pid: pid_t, started: Date, milestone: String? = nil, servingAfter: TimeInterval? = nil) {
        self.daemon = daemon
        self.pid = pid
        self.started = started
        self.milestone = milestone
        self.servingAfter = servingAfter
    }

    public static func path(spoolRoot: String, daemon: String) -> String {
        spoolRoot + "/" + directoryName + "/" + daemon
    }

    /// The record of `daemon`, or nil when it has none or it does not parse (a record is a hint, never needed).
    public static func load(spoolRoot: String, daemon: String) -> DaemonRecord? {
        guard let text = try? String(contentsOfFile: path(spoolRoot: spoolRoot, daemon: daemon), encoding: .utf8),
              let file = try? ConfigFile(path: daemon, text: text) else { return nil }
        let values = Dictionary(file.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        guard let pid = values["pid"].flatMap({ pid_t($0) }), let started = values["started"].flatMap(Timestamp.date)
        else { return nil }
        return DaemonRecord(daemon: daemon, pid: pid, started: started, milestone: values["milestone"],
                            servingAfter: values["serving_after"].flatMap { Double($0) })
    }

    /// Whether the process the record names is still this daemon (a pid can be reused after a crash).
    public var isRunning: Bool { ProcessTree.runs(pid, command: daemon) }

    var text: String {
        var lines = ["pid = \(pid)", "started = \(Timestamp.string(started))"]
        if let milestone, let servingAfter {
            lines += ["milestone = \(milestone)", "serving_after = \(String(format: "%.3f", servingAfter))"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
