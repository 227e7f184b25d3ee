import Foundation
import Supervisor
import Testing

@Suite struct RestartPolicyTests {
    @Test func aDaemonThatRanAWhileIsRestartedAtOnceHoweverOftenItFailedBefore() {
        var policy = RestartPolicy()
        for _ in 0..<8 { _ = policy.delay(afterRunning: 0.2) }
        #expect(policy.delay(afterRunning: 20) == 0)
        #expect(policy.delay(afterRunning: 6) == 0)
    }

    /// The first quick exit (a daemon killed twice in a few seconds) is restarted at once; only a second in a row waits.
    @Test func quickExitsInARowDoubleTheDelayUpToItsBound() {
        var policy = RestartPolicy()
        let delays = (0..<9).map { _ in policy.delay(afterRunning: 0.5) }
        #expect(delays == [0, 1, 2, 4, 8, 16, 30, 30, 30])
    }

    @Test func oneGoodRunForgetsEarlierQuickExits() {
        var policy = RestartPolicy()
        _ = policy.delay(afterRunning: 1)
        _ = policy.delay(afterRunning: 1)
        #expect(policy.delay(afterRunning: 60) == 0)
        #expect(policy.delay(afterRunning: 1) == 0)
        #expect(policy.delay(afterRunning: 1) == 1)
    }

    @Test func delaysStayBoundedAfterAnyNumberOfQuickExits() {
        var policy = RestartPolicy()
        for _ in 0..<10_000 { #expect(policy.delay(afterRunning: 0) <= RestartPolicy.maxDelay) }
    }
}
