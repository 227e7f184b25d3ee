import Dispatch

/// One browser test at a time across every suite: each starts real Chromiums (a dozen processes apiece), and on
/// a shared two-core machine several at once turn page loads into timeouts. A semaphore, not a lock, because a
/// test's fixture may be released on another thread than the one that set it up.
public enum BrowserTurn {
    private static let turn = DispatchSemaphore(value: 1)

    public static func take() { turn.wait() }
    public static func give() { turn.signal() }
}
