import Foundation
import Glibc
import Supervisor

/// The power-loss file system (`wasp-powerfs`, Tests/PowerFS) mounted on a fresh directory under /tmp for one
/// test or bench. Everything under `mountpoint` follows POSIX's strict durability rules:
/// - a file's bytes, size, mtime, mode and owner become durable at fsync (or fdatasync) of that file;
/// - a name in a directory (create, mkdir, link, symlink, rename in or out, unlink, rmdir) becomes durable at
///   fsync of that directory; a rename between two directories is two independent changes, one per directory;
/// - after `cut()` (or an armed cut firing) every operation fails with EIO; the test then kills every process
///   using the mount and calls `restore()`: current := durable. A durable name whose file was never fsynced comes
///   back empty; a directory never made durable in its parent vanishes with its contents.
///
/// The loss detector watches `<tenant>/<state>/<id>.json` anywhere in the tree (state directories as in SPEC.md)
/// and counts an order that, after some directory fsync, has no durable name in any state directory of its
/// tenant and no durable backup `<tenant>/tmp/move.<ns>.<pid>.<source>.<target>.<id>.json`.
///
/// Unmounted by `unmount()` or, at the latest, when released.
public final class PowerFS: @unchecked Sendable {
    /// Whether this machine can mount it with the program at `executable`: /dev/fuse is usable and a trial mount
    /// works. When the program is not built the answer is yes, so whoever needs it fails and says how to build it
    /// rather than skip.
    public static func canMount(executable: String) -> Bool {
        guard access("/dev/fuse", R_OK | W_OK) == 0 else { return false }
        guard FileManager.default.isExecutableFile(atPath: executable) else { return true }
        return (try? PowerFS(executable: executable)) != nil
    }

    public enum Failure: Error, CustomStringConvertible {
        case notBuilt(String)
        case notMounted(mountpoint: String, log: [String])
        case unreachable(socket: String, call: String, code: Int32)
        case refused(command: String, answer: String)

        public var description: String {
            switch self {
            case .notBuilt(let path):
                return "no wasp-powerfs at \(path); build it with 'swift build --product wasp-powerfs' (or 'swift build"
                    + " --build-tests'), beside the wasp it serves"
            case .notMounted(let mountpoint, let log):
                return "wasp-powerfs did not mount \(mountpoint) (is fuse3 installed? 'make deps'); it said:\n"
                    + log.joined(separator: "\n")
            case .unreachable(let socket, let call, let code):
                return "cannot reach wasp-powerfs's control socket \(socket): \(call): \(String(cString: strerror(code)));"
                    + " did the file system exit? see its log"
            case .refused(let command, let answer):
                return "wasp-powerfs refused '\(command)': \(answer)"
            }
        }
    }

    /// The counters of `stats`.
    public struct Stats: Sendable, Equatable {
        /// fsyncs of files and directories that reached the disk (a refused one does not count).
        public let fsyncs: Int
        /// Power cuts so far, by command or armed.
        public let cuts: Int
        /// Orders the detector saw lost (each loss once, until the order has a durable name again).
        public let losses: Int
        public let isPowerOn: Bool

        public init(fsyncs: Int, cuts: Int, losses: Int, isPowerOn: Bool) {
            (self.fsyncs, self.cuts, self.losses, self.isPowerOn) = (fsyncs, cuts, losses, isPowerOn)
        }
    }

    /// One moment an order had no durable name left, and the fsync that made it so.
    public struct Loss: Sendable, Equatable {
        /// The tenant directory's path inside the mount, e.g. `/spool/shop`.
        public let tenant: String
        public let order: String
        /// Which fsync, counting every fsync of a file or directory from 1.
        public let fsync: Int
        /// The directory whose fsync it was, inside the mount.
        public let directory: String

        public init(tenant: String, order: String, fsync: Int, directory: String) {
            (self.tenant, self.order, self.fsync, self.directory) = (tenant, order, fsync, directory)
        }
    }

    /// Where the file system is mounted: a fresh, empty directory.
    public let mountpoint: String
    /// The control socket (outside the mount), for a test that speaks the protocol itself.
    public let controlSocket: String
    private let scratch: String
    private let process: DaemonProcess
    private var isMounted = true

    /// Starts `executable` (a built `wasp-powerfs`) on a fresh mountpoint and waits until the mount answers.
    public init(executable: String) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notBuilt(executable) }
        var template = Array("/tmp/wasp-powerfs-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        scratch = String(cString: made)
        mountpoint = scratch + "/mnt"
        controlSocket = scratch + "/control"
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: false)
        do {
            process = try DaemonProcess(executable: executable, arguments: [mountpoint, "--control", controlSocket],
                                        readyWhen: "powerfs: mounted")
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw Failure.notMounted(mountpoint: mountpoint, log: [String(describing: error)])
        }
        guard Self.mountType(of: mountpoint) == "fuse.powerfs" else {
            unmount()
            throw Failure.notMounted(mountpoint: mountpoint, log: process.log)
        }
    }

    deinit {
        unmount()
    }

    /// Power off now: every operation on the mount fails with EIO until `restore()`.
    public func cut() throws {
        _ = try send("cut")
    }

    /// The `count`-th next fsync (of any file or directory; 1 = the very next) does not happen: it fails with EIO
    /// and power is off from then on. Returns the number that fsync would have had in `Stats.fsyncs`.
    @discardableResult
    public func armCut(beforeFsync count: Int) throws -> Int {
        let answer = try send("cut-before-fsync \(count)")
        return Int(Self.fields(answer)["fsync"] ?? "") ?? 0
    }

    /// Power goes off at the first directory fsync that makes an order's loss durable; that fsync fails with EIO.
    public func armCutOnLoss() throws {
        _ = try send("cut-on-loss")
    }

    /// current := durable, power on, nothing armed. Kill every process using the mount first: descriptors
    /// opened before the restore fail with EIO.
    public func restore() throws {
        _ = try send("restore")
    }

    public func stats() throws -> Stats {
        let fields = Self.fields(try send("stats"))
        return Stats(fsyncs: Int(fields["fsyncs"] ?? "") ?? -1, cuts: Int(fields["cuts"] ?? "") ?? -1,
                     losses: Int(fields["losses"] ?? "") ?? -1, isPowerOn: fields["power"] == "on")
    }

    /// Every loss the detector saw, oldest first.
    public func losses() throws -> [Loss] {
        try send("losses").components(separatedBy: " | ").dropFirst().map { line in
            let fields = Self.fields(line)
            return Loss(tenant: fields["tenant"] ?? "", order: fields["order"] ?? "", fsync: Int(fields["fsync"] ?? "") ?? -1,
                        directory: fields["directory"] ?? "")
        }
    }

    /// Processes other than this one with a descriptor, working directory or root inside the mount: the ones to
    /// kill between a cut and `restore()`.
    public func processesUsingMount() -> [pid_t] {
        let inside = { (link: String) -> Bool in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) else { return false }
            return target == self.mountpoint || target.hasPrefix(self.mountpoint + "/")
        }
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return processes.compactMap { pid_t($0) }.filter { pid in
            guard pid != getpid() else { return false }
            let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            return inside("/proc/\(pid)/cwd") || inside("/proc/\(pid)/root")
                || descriptors.contains { inside("/proc/\(pid)/fd/\($0)") }
        }
    }

    /// The file system's stderr so far: `powerfs: mounted`, `powerfs: cut reason=…`, `powerfs: loss tenant=…`, ….
    public var log: [String] { process.log }

    /// Ends the file system (SIGTERM: it unmounts), detaches the mount if it is still there (a process still in
    /// it), and removes the scratch directory. Called again, it does nothing.
    public func unmount() {
        guard isMounted else { return }
        isMounted = false
        process.stop()
        if Self.mountType(of: mountpoint) != nil {
            let detach = Process()
            detach.executableURL = URL(fileURLWithPath: "/bin/umount")
            detach.arguments = ["-l", mountpoint]
            try? detach.run()
            detach.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// The type /proc/self/mountinfo gives the mount at `path` (`fuse.powerfs`), nil when nothing is mounted there.
    private static func mountType(of path: String) -> String? {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 4, fields[4] == Substring(path), let dash = fields.firstIndex(of: "-"),
                  dash + 1 < fields.count else { continue }
            return String(fields[dash + 1])
        }
        return nil
    }

    /// `ok a=1 b=2` → ["a": "1", "b": "2"].
    private static func fields(_ line: String) -> [String: String] {
        var fields: [String: String] = [:]
        for word in line.split(separator: " ") {
            guard let equals = word.firstIndex(of: "=") else { continue }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return fields
    }

    /// One command over a fresh connection; the answer without its `ok`, or `Failure.refused`.
    private func send(_ command: String) throws -> String {
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure.unreachable(socket: controlSocket, call: "socket", code: errno) }
        defer { close(socket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(controlSocket.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.prefix($0.count - 1)) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Failure.unreachable(socket: controlSocket, call: "connect", code: errno) }
        let line = Array((command + "\n").utf8)
        guard write(socket, line, line.count) == line.count else {
            throw Failure.unreachable(socket: controlSocket, call: "write", code: errno)
        }
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while answer.last != 10 {
            let count = read(socket, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { throw Failure.unreachable(socket: controlSocket, call: "read", code: count < 0 ? errno : EPIPE) }
            answer.append(byte)
        }
        let text = String(decoding: answer.dropLast(), as: UTF8.self)
        guard text == "ok" || text.hasPrefix("ok ") else { throw Failure.refused(command: command, answer: text) }
        return String(text.dropFirst(2)).trimmingCharacters(in: .whitespaces)
    }
}
