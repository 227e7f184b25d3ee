import Foundation
import Glibc
import PowerFSControl
import Processes
import Supervisor

/// One power cut of `wasp bench powerloss`, the way a machine loses power: the disk stops (at once, or armed to
/// fail the n-th next fsync, so the cut lands inside a deposit or a move), every process of wasp dies by SIGKILL
/// with no time to clean up, and the disk comes back with only what was fsynced.
enum PowerCut {
    enum Kind: Equatable {
        case now
        case beforeFsync(Int)
    }

    /// Cuts the power, kills `up` with its daemons and anything else still using the mount, and restores the disk.
    static func strike(_ disk: PowerFS, up: DaemonProcess) throws -> Kind {
        let kind = try cut(disk)
        var victims = Set(ProcessTree.members(up.pid))
        // A daemon may not have a file open at the moment we look, so the tree counts as much as the mount does;
        // the restore waits until all are gone, since a survivor could write to the restored disk.
        let deadline = Date() + 10
        while true {
            victims.formUnion(disk.processesUsingMount())
            for pid in victims { kill(pid, SIGKILL) }
            _ = up.stop(signal: SIGKILL)
            victims = victims.filter { ProcessTree.state($0).map { $0 != "Z" } ?? false }
            if victims.isEmpty && disk.processesUsingMount().isEmpty { break }
            guard Date() < deadline else {
                throw BenchError("power cut: processes \(victims.sorted()) still use \(disk.mountpoint) 10 s after SIGKILL")
            }
            usleep(20_000)
        }
        try disk.restore()
        return kind
    }

    /// One cut in three is armed a few fsyncs ahead (wasp fsyncs many times a second while orders flow); a cut
    /// that has not fired within 10 s is made by hand.
    private static func cut(_ disk: PowerFS) throws -> Kind {
        guard Int.random(in: 0..<3) == 0 else {
            try disk.cut()
            return .now
        }
        let count = Int.random(in: 1...30)
        try disk.armCut(beforeFsync: count)
        let deadline = Date() + 10
        while Date() < deadline {
            if try !disk.stats().isPowerOn { return .beforeFsync(count) }
            usleep(20_000)
        }
        // It may fire between the last look and this cut, which then changes nothing.
        try? disk.cut()
        guard try !disk.stats().isPowerOn else { throw BenchError("power cut: wasp-powerfs still has power after 'cut'") }
        return .now
    }
}
