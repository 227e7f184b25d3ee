import Foundation
import Shopify
import Spool
import Testing
import TestSupport

/// Restarts, as a crash or an OOM kill makes them: an order cancelled before it was due is never released, whichever
/// daemon was down when the order and its cancel arrived.
@Suite struct RestartTests {
    /// Where in the sequence the scheduler is killed (and brought back once the order is due).
    enum Moment: String, CaseIterable {
        case beforeTheOrder, betweenOrderAndCancel, afterTheCancel
    }

    private func cancel(_ id: UInt64) -> String {
        #"{"id": \#(id), "cancelled_at": "2026-11-20T10:00:00-05:00", "cancel_reason": "customer"}"#
    }

    @Test(arguments: Moment.allCases, [false, true])
    func anOrderCancelledBeforeItWasDueIsNeverReleasedAcrossRestarts(_ moment: Moment, _ intakeRestarts: Bool) throws {
        let harness = try SchedulerHarness(tenantLines: ["delay = 1s"], withIntake: true)
        for round in 0..<3 {
            let id = UInt64(5000 + round)
            if moment == .beforeTheOrder { harness.kill() }
            try harness.post(SampleOrder.body(id: id, number: 5000 + round), topic: "orders/create")
            if moment == .betweenOrderAndCancel { harness.kill() }
            if intakeRestarts { try harness.restartIntake() }
            try harness.post(json: cancel(id), topic: "orders/cancelled")
            if moment == .afterTheCancel { harness.kill() }
            // Back only once the order is due, so the new scheduler finds both the due order and its cancel.
            usleep(1_300_000)
            try harness.start()
            #expect(eventually { harness.orders.states(of: String(id)) == [.cancelled] && harness.orders.names(.events).isEmpty },
                    "round \(round): \(harness.orders.states(of: String(id)))")
            let record = try harness.orders.load(String(id), in: .cancelled)
            #expect(record.cancellation?.afterSending == false, "round \(round)")
            let lines = harness.logOfEveryScheduler.filter { $0.contains("order=\(id) ") }
            #expect(!lines.contains { $0.contains(" ready ") || $0.contains("cancelled from ready") }, "round \(round): \(lines)")
        }
    }
}
