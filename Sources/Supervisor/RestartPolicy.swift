import Foundation

/// When `wasp up` starts a daemon again, as systemd's `RestartSec` with a start limit or Postfix's master do it: at
/// once after a daemon that had been running a while (a crash, an OOM kill), and after its first quick exit too
/// (killed twice within `quickExit` is no reason to wait), then with a doubling delay while it keeps dying within
/// `quickExit` of starting (a broken configuration, a port taken), so a daemon that cannot start does not spin,
/// and one good run forgets every earlier failure.
public struct RestartPolicy: Sendable {
    /// A daemon that exits sooner than this after starting is failing to start, not crashing in service.
    public static let quickExit: TimeInterval = 5
    public static let firstDelay: TimeInterval = 1
    public static let maxDelay: TimeInterval = 30

    private var quickExitsInARow = 0

    public init() {}

    /// The wait before the next start of a daemon that has just exited after running for `uptime` seconds.
    public mutating func delay(afterRunning uptime: TimeInterval) -> TimeInterval {
        guard uptime < Self.quickExit else {
            quickExitsInARow = 0
            return 0
        }
        quickExitsInARow += 1
        guard quickExitsInARow > 1 else { return 0 }
        return min(Self.firstDelay * pow(2, Double(min(quickExitsInARow - 2, 30))), Self.maxDelay)
    }
}
