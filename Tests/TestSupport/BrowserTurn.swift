import Foundation
import Glibc

/// At most `slots` browser tests at a time across every suite and every test process: each starts real Chromiums
/// (a dozen processes apiece), and on a shared two-core machine more at once turn page loads into timeouts.
/// `make test` runs suites as processes of their own (Tests/run-suites.sh), so a turn is a `flock` on one of the
/// slot files, which also works between threads of one process (each take opens its own descriptor). Slots are
/// alike, so a turn given back on another thread than took it closes any descriptor this process holds.
public enum BrowserTurn {
    static let slots = Int(ProcessInfo.processInfo.environment["WASP_TEST_BROWSER_SLOTS"] ?? "") ?? 3
    private static let held = NSLock()
    nonisolated(unsafe) private static var descriptors: [Int32] = []

    public static func take() {
        while true {
            for slot in 0..<max(1, slots) {
                let fd = open("/tmp/wasp-test-browser-turn.\(slot).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
                guard fd >= 0 else { continue }
                if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                    held.withLock { descriptors.append(fd) }
                    return
                }
                close(fd)
            }
            usleep(100_000)
        }
    }

    public static func give() {
        if let fd = held.withLock({ descriptors.popLast() }) { close(fd) }
    }
}
