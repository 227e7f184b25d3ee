import Foundation
import Glibc
import Processes
import Spool

/// `wasp pause` / `wasp resume`: freezes every process that writes the spool (`wasp up`, so it restarts nothing,
/// then each daemon but the dashboard, with the browsers below them) with SIGSTOP, so a copy taken meanwhile is
/// the spool as it would be had they all been killed at that instant, which wasp is proven to survive (the soak).
/// The pids stopped are kept in `spool/_daemons/paused` for the resume and for `wasp status`.
public struct SpoolPause {
    public static let fileName = "paused"
    /// The dashboard only reads the spool; it goes on serving.
    static let frozenDaemons = DaemonRecord.daemons.filter { $0 != "dashboard" }
    let spoolRoot: String

    public init(spoolRoot: String) {
        self.spoolRoot = spoolRoot
    }

    var path: String { spoolRoot + "/" + DaemonRecord.directoryName + "/" + Self.fileName }

    /// When the spool was paused, if it is.
    public var since: Date? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("since = ") }) else { return nil }
        return Timestamp.date(String(line.dropFirst("since = ".count)))
    }

    /// Stops the processes and records them; returns how many were stopped.
    public func pause() throws(SupervisorError) -> Int {
        if let since { throw SupervisorError("the spool is paused already, since \(Timestamp.string(since)); 'wasp resume' to go on") }
        var stopped: [pid_t] = []
        if let up = SpoolLock.holder(spoolRoot: spoolRoot), kill(up, SIGSTOP) == 0 { stopped.append(up) }
        for daemon in Self.frozenDaemons {
            guard let record = DaemonRecord.load(spoolRoot: spoolRoot, daemon: daemon), record.isRunning else { continue }
            for pid in ProcessTree.members(record.pid) where kill(pid, SIGSTOP) == 0 { stopped.append(pid) }
        }
        let text = "since = \(Timestamp.string(Date()))\npids = \(stopped.map(String.init).joined(separator: " "))\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            resume(stopped)
            throw SupervisorError("cannot write \(path); nothing is paused")
        }
        return stopped.count
    }

    /// Lets the recorded processes go on, the daemons before `wasp up`; false when the spool was not paused.
    public func resume() throws(SupervisorError) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        let line = text.split(separator: "\n").first { $0.hasPrefix("pids = ") } ?? ""
        resume(line.dropFirst("pids = ".count).split(separator: " ").compactMap { pid_t($0) })
        guard (try? FileManager.default.removeItem(atPath: path)) != nil else {
            throw SupervisorError("resumed, but cannot remove \(path); remove it by hand")
        }
        return true
    }

    private func resume(_ pids: [pid_t]) {
        for pid in pids.reversed() { kill(pid, SIGCONT) }
    }
}
