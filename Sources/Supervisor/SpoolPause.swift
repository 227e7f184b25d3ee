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
    public var since: Date? { recorded("since").flatMap(Timestamp.date) }

    /// A `key = value` line of the record, as the configuration is written.
    private func recorded(_ key: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let file = try? ConfigFile(path: path, text: text) else { return nil }
        return file.entries.last { $0.key == key }?.value
    }

    /// Stops the processes, waits until each is stopped, and records them; returns how many were stopped.
    public func pause() throws(SupervisorError) -> Int {
        if let since { throw SupervisorError("the spool is paused already, since \(Timestamp.string(since)); 'wasp resume' to go on") }
        var stopped: [pid_t] = []
        do {
            let up = SpoolLock.holder(spoolRoot: spoolRoot)
            if let up { try Self.stop(up, into: &stopped) }
            // Again until nothing new turns up: a daemon restarted or a browser started meanwhile is frozen too.
            while case let found = writers(below: up).filter({ !stopped.contains($0) }), !found.isEmpty {
                for pid in found { try Self.stop(pid, into: &stopped) }
            }
        } catch {
            resume(stopped)
            throw error
        }
        Self.wait(stopped, seconds: 2, untilIn: ["T", "Z"])
        let text = "since = \(Timestamp.string(Date()))\npids = \(stopped.map(String.init).joined(separator: " "))\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            resume(stopped)
            throw SupervisorError("cannot write \(path); nothing is paused")
        }
        return stopped.count
    }

    /// Everything below `wasp up` but the dashboard, or without one (systemd) the writing daemons and their browsers.
    private func writers(below up: pid_t?) -> [pid_t] {
        let running = { (daemon: String) in DaemonRecord.load(spoolRoot: spoolRoot, daemon: daemon).flatMap { $0.isRunning ? $0.pid : nil } }
        let dashboard = Set(running("dashboard").map(ProcessTree.members) ?? [])
        let tops = up.map { [$0] } ?? Self.frozenDaemons.compactMap(running)
        return tops.flatMap(ProcessTree.members).filter { !dashboard.contains($0) }
    }

    private static func stop(_ pid: pid_t, into stopped: inout [pid_t]) throws(SupervisorError) {
        if kill(pid, SIGSTOP) == 0 { return stopped.append(pid) }
        guard errno == ESRCH else { throw SupervisorError("cannot stop pid \(pid): \(String(cString: strerror(errno))); nothing is paused") }
    }

    /// Signals are delivered asynchronously: waits up to `seconds` until every process still there is in one of
    /// `states` (the copy may start only once each is really stopped).
    private static func wait(_ pids: [pid_t], seconds: TimeInterval, untilIn states: Set<Character>) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && pids.contains(where: { ProcessTree.state($0).map { !states.contains($0) } ?? false }) {
            usleep(10_000)
        }
    }

    /// The pause left by a `wasp up` that died while paused: its daemons and browsers, orphaned and frozen, are
    /// killed (SIGKILL works on stopped processes), since resuming them would run them beside the new ones.
    /// A recorded pid is touched only while it is still stopped and still a wasp or a Chromium. True when there
    /// was a pause.
    public func clearStale() -> Bool {
        guard let pids = recordedPIDs else { return false }
        for pid in pids where ProcessTree.state(pid) == "T" {
            guard let command = ProcessTree.commandLine(pid), command.contains("wasp") || command.contains("chromium") else { continue }
            kill(pid, SIGKILL)
        }
        Self.wait(pids, seconds: 5, untilIn: ["Z"])
        forget()
        return true
    }

    /// Removes the record of a pause whose processes are gone (a clean stop of `wasp up` while paused).
    public func forget() {
        try? FileManager.default.removeItem(atPath: path)
    }

    private var recordedPIDs: [pid_t]? {
        recorded("pids").map { $0.split(separator: " ").compactMap { pid_t($0) } }
    }

    /// Lets the recorded processes go on, the daemons before `wasp up`; false when the spool was not paused.
    public func resume() throws(SupervisorError) -> Bool {
        guard let pids = recordedPIDs else { return false }
        resume(pids)
        guard (try? FileManager.default.removeItem(atPath: path)) != nil else {
            throw SupervisorError("resumed, but cannot remove \(path); remove it by hand")
        }
        return true
    }

    private func resume(_ pids: [pid_t]) {
        for pid in pids.reversed() { kill(pid, SIGCONT) }
    }
}
