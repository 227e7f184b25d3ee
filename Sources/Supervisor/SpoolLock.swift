import Foundation
import Glibc
import Spool

/// The one `wasp up` of a spool: a `LockFile` at `spool/_daemons/up.lock`, held for the life of the process.
public final class SpoolLock: Sendable {
    private let lock: LockFile

    public static func path(spoolRoot: String) -> String {
        spoolRoot + "/" + DaemonRecord.directoryName + "/up.lock"
    }

    public init(spoolRoot: String) throws(SupervisorError) {
        do {
            lock = try LockFile(path: Self.path(spoolRoot: spoolRoot))
        } catch {
            switch error {
            case .held(let holder):
                throw SupervisorError("another 'wasp up' (pid \(holder)) runs on this spool (\(spoolRoot)); "
                                      + "stop it first, or give this one its own --root")
            case .unusable(let reason):
                throw SupervisorError(reason)
            }
        }
    }

    /// The pid of the `wasp up` holding the lock, if one runs.
    public static func holder(spoolRoot: String) -> pid_t? {
        LockFile.holder(path: path(spoolRoot: spoolRoot))
    }
}

/// Why `wasp up` cannot start, for the operator.
public struct SupervisorError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
