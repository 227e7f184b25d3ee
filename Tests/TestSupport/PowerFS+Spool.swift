import Foundation
import Glibc
import PowerFSControl

extension PowerFS {
    /// Puts `root`'s spool on this file system: `<root>/spool` becomes a link to the mount, whose root is
    /// durable from the start; `etc/` stays on the ordinary disk (its files are written without fsync).
    public func holdSpool(of root: TemporaryRoot) throws {
        try FileManager.default.createSymbolicLink(atPath: root.spool, withDestinationPath: mountpoint)
    }

    /// A power cut now: power off, every process using the mount SIGKILLed (and gone), power back with only
    /// what was durable.
    public func powerCut() throws {
        try cut()
        try killProcessesUsingMount()
        try restore()
    }

    /// SIGKILLs every process with a file, working directory or root in the mount, until none is left.
    public func killProcessesUsingMount() throws {
        let deadline = Date().addingTimeInterval(10)
        while case let users = processesUsingMount(), !users.isEmpty {
            guard Date() < deadline else { throw Failure.refused(command: "kill", answer: "still using the mount: \(users)") }
            for pid in users { kill(pid, SIGKILL) }
            usleep(20_000)
        }
    }
}
