import Foundation
import Glibc
import Processes

/// Chromium refuses a profile whose `SingletonLock` (a symlink to `<host>-<pid>`) names a live process. After a
/// crash of ours the lock may name a dead process, or a browser orphaned by a killed sender: the first is
/// cleared, the second killed, so the profile is usable again. Only one sender runs, so no other live owner exists.
enum ProfileLock {
    static let files = ["SingletonLock", "SingletonSocket", "SingletonCookie"]

    static func clear(profile: String) {
        let lock = profile + "/SingletonLock"
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: lock) else { return }
        if let owner = target.split(separator: "-").last.flatMap({ pid_t($0) }), ProfileProcesses.runs(owner, on: profile) {
            kill(owner, SIGKILL)
            waitForExit(owner)
        }
        for name in files { unlink(profile + "/" + name) }
    }

    /// The orphan is not our child, so there is no waitpid: watch /proc until it is gone (or a zombie).
    private static func waitForExit(_ pid: pid_t) {
        for _ in 0..<100 where ProcessTree.commandLine(pid) != nil {
            usleep(20_000)
        }
    }
}
