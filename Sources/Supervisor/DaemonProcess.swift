import Foundation
import Glibc
import Processes
import Synchronization

/// A `wasp` daemon started as a child process with its stderr captured, for `wasp bench` and the end-to-end tests:
/// it waits for the daemon's line saying it is ready (`listening` for a server), and keeps every log line.
public final class DaemonProcess: Sendable {
    public let pid: pid_t
    /// The port from the daemon's `listening address=host:port` line, when it has one.
    public let port: UInt16?
    /// Seconds from spawn to the ready line.
    public let startupSeconds: Double
    private let lines = LineBuffer()
    private let exited = Atomic<Bool>(false)

    public enum StartError: Error, CustomStringConvertible {
        case spawn(Int32)
        case notReady(expected: String, said: [String])

        public var description: String {
            switch self {
            case .spawn(let code): return "cannot start the daemon: \(String(cString: strerror(code)))"
            case .notReady(let expected, let lines):
                return "the daemon never said '\(expected)'; it said:\n" + lines.joined(separator: "\n")
            }
        }
    }

    /// Starts `executable arguments...` and waits up to `timeout` for a line containing `readyWhen`
    /// (not at all when it is nil).
    public init(executable: String, arguments: [String], readyWhen: String? = " listening", timeout: Double = 10) throws {
        var pipeEnds: [Int32] = [0, 0]
        pipe(&pipeEnds)
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let started = Date()
        let spawned = Spawn.start(executable, arguments, stderr: pipeEnds[1])
        close(pipeEnds[1])
        let pid: pid_t
        switch spawned {
        case .success(let started): pid = started
        case .failure(let error):
            close(pipeEnds[0])
            throw StartError.spawn(error.code)
        }
        self.pid = pid
        let lines = self.lines
        let ready = DispatchSemaphore(value: 0)
        let readEnd = pipeEnds[0]
        let reader = Thread {
            defer { close(readEnd) }
            var pending = Data()
            var signalled = false
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(readEnd, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: chunk[0..<count])
                while let newline = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    lines.append(Self.withoutTime(line))
                    if !signalled, let readyWhen, line.contains(readyWhen) {
                        signalled = true
                        ready.signal()
                    }
                }
            }
            ready.signal()
        }
        reader.start()
        if let readyWhen {
            _ = ready.wait(timeout: .now() + timeout)
            let line = lines.all.first { $0.contains(readyWhen) }
            guard let line else {
                kill(pid, SIGKILL)
                _ = Spawn.waitForExit(pid)
                throw StartError.notReady(expected: readyWhen, said: lines.all)
            }
            port = Self.port(in: line)
        } else {
            port = nil
        }
        startupSeconds = Date().timeIntervalSince(started)
    }

    /// Every line the daemon wrote to stderr so far, without the time it starts with.
    public var log: [String] { lines.all }

    /// `2026-12-01T20:30:27.913Z intake: listening ...` → `intake: listening ...`: the shape of the stamp
    /// `Log` writes, checked without parsing it, as every line of a busy daemon passes here.
    static func withoutTime(_ line: String) -> String {
        let stamp = Array(line.utf8.prefix(25))
        guard stamp.count == 25, (48...57).contains(stamp[0]), stamp[4] == UInt8(ascii: "-"), stamp[10] == UInt8(ascii: "T"),
              stamp[23] == UInt8(ascii: "Z"), stamp[24] == UInt8(ascii: " ") else { return line }
        return String(line.dropFirst(25))
    }

    /// Resident memory now and at its peak, in KiB, from /proc.
    public func memory() -> (residentKiB: Int, peakKiB: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// CPU time (user + system) the daemon has used, in seconds, from /proc.
    public func cpuSeconds() -> Double {
        ProcessTree.cpuSeconds(of: pid)
    }

    /// Sends `signal` and waits for the exit; returns the exit status (128 + signal when killed).
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        guard !exited.exchange(true, ordering: .sequentiallyConsistent) else { return -1 }
        kill(pid, signal)
        return Spawn.waitForExit(pid).status
    }

    deinit {
        stop(signal: SIGKILL)
    }

    private static func port(in line: String) -> UInt16? {
        guard let address = line.split(separator: " ").first(where: { $0.hasPrefix("address=") }),
              let colon = address.lastIndex(of: ":") else { return nil }
        return UInt16(address[address.index(after: colon)...])
    }
}

/// Lines shared between the reader thread and whoever inspects them.
final class LineBuffer: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    var all: [String] { lines.withLock { $0 } }
}
