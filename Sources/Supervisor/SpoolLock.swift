import Foundation
import Glibc
import Processes
import Spool

/// The one `wasp up` of a spool: an exclusive `flock` on `spool/_daemons/up.lock`, held for the life of the process
/// (and released by the kernel however it ends), with its pid in the file for the message a second one prints.
public final class SpoolLock: Sendable {
    private let descriptor: Int32

    public static func path(spoolRoot: String) -> String {
        spoolRoot + "/" + DaemonRecord.directoryName + "/up.lock"
    }

    public init(spoolRoot: String) throws(SupervisorError) {
        let path = Self.path(spoolRoot: spoolRoot)
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
        } catch {
            throw SupervisorError("cannot make \((path as NSString).deletingLastPathComponent): \(error.localizedDescription)")
        }
        // Close-on-exec, so the daemons it starts do not hold the lock after it is gone.
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SupervisorError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw SupervisorError("another 'wasp up' (pid \(holder ?? "?")) runs on this spool (\(spoolRoot)); "
                                  + "stop it first, or give this one its own --root")
        }
        let pid = Data("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, pid.count, 0) }
    }

    /// The pid of the `wasp up` holding the lock, if one runs (the file outlives it, so its command line is checked).
    public static func holder(spoolRoot: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: path(spoolRoot: spoolRoot), encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), ProcessTree.runs(pid, command: "up")
        else { return nil }
        return pid
    }

    deinit {
        close(descriptor)
    }
}

/// Why `wasp up` cannot start, for the operator.
public struct SupervisorError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
