import Foundation
import JSON
import Spool

/// The Analytics tab's figures, counted from the order index (no file is read).
struct OrderStats {
    struct Day {
        /// Days since 1970-01-01 in the tenant's zone.
        let number: Int64
        var counts: [OrderStatus: Int] = [:]
        /// Asked orders received that day, by where their answer stands now.
        var answers: [AnswerStanding: Int] = [:]
        var total: Int { counts.values.reduce(0, +) }
        /// `2026-11-23`.
        var name: String { String(Timestamp.string(Date(timeIntervalSince1970: Double(number * 86400))).prefix(10)) }
    }

    static let days = 30
    private(set) var counts: [OrderStatus: Int] = [:]
    private(set) var total = 0
    /// Asked orders by where their answer stands.
    private(set) var answers: [AnswerStanding: Int] = [:]
    /// The last 30 days in the tenant's time zone, oldest first: orders received that day, by their status now.
    private(set) var byDay: [Day]
    /// Orders whose received time is not read yet (only just after a start with many orders).
    private(set) var uncounted = 0

    init(_ entries: [OrderIndex.Entry], timeZone: TimeZone, now: Date = Date()) {
        // One offset for the whole month: a daylight-saving change moves at most an hour of one day's orders.
        let offset = Int64(timeZone.secondsFromGMT(for: now))
        let today = (Int64(now.timeIntervalSince1970) + offset).floorDivided(by: 86400)
        let first = today - Int64(Self.days) + 1
        byDay = (first...today).map { Day(number: $0) }
        for entry in entries {
            let status = OrderStatus(entry.state)
            counts[status, default: 0] += 1
            total += 1
            if let answer = entry.answer { answers[answer, default: 0] += 1 }
            if entry.needsYou { needsYou += 1 }
            guard let received = entry.received else { uncounted += 1; continue }
            let day = (received + offset).floorDivided(by: 86400)
            guard day >= first && day <= today else { continue }
            byDay[Int(day - first)].counts[status, default: 0] += 1
            if let answer = entry.answer { byDay[Int(day - first)].answers[answer, default: 0] += 1 }
        }
    }

    func count(_ status: OrderStatus) -> Int { counts[status] ?? 0 }

    /// Messages that went out: sent (answered or not), delivered since, or cancelled by the customer's answer.
    var messagesDelivered: Int { count(.confirmed) + count(.delivered) + (answers[.cancelled] ?? 0) }
    /// Confirmed by the customer, of the orders that asked; nil when none asked (a message is not a confirmation).
    var confirmationRate: Double? { confirmRate }
    var cancellationRate: Double? { ratio(count(.cancelled), total) }
    var deliverySuccess: Double? { ratio(messagesDelivered, messagesDelivered + count(.failed)) }
    private(set) var needsYou = 0

    /// Of the orders that asked: how many answered clearly, confirmed, cancelled.
    var asked: Int { answers.values.reduce(0, +) }
    var answerRate: Double? { ratio((answers[.confirmed] ?? 0) + (answers[.cancelled] ?? 0), asked) }
    var confirmRate: Double? { ratio(answers[.confirmed] ?? 0, asked) }
    var customerCancelRate: Double? { ratio(answers[.cancelled] ?? 0, asked) }

    private func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = ["total": .number(String(total)), "waiting": .number(String(count(.pending))),
                                           "confirmation_rate": rate(confirmationRate),
                                           "cancellation_rate": rate(cancellationRate),
                                           "delivery_success": rate(deliverySuccess),
                                           "uncounted": .number(String(uncounted))]
        for status in OrderStatus.allCases { fields[status.rawValue] = .number(String(count(status))) }
        fields["asked"] = .number(String(asked))
        fields["messages_delivered"] = .number(String(messagesDelivered))
        fields["needs_you"] = .number(String(needsYou))
        fields["answer_rate"] = rate(answerRate)
        fields["confirm_rate"] = rate(confirmRate)
        fields["customer_cancel_rate"] = rate(customerCancelRate)
        fields["days"] = .array(byDay.map { day in
            var counts: [String: JSONValue] = ["date": .string(day.name), "orders": .number(String(day.total))]
            for status in OrderStatus.allCases { counts[status.rawValue] = .number(String(day.counts[status] ?? 0)) }
            for answer in AnswerStanding.allCases { counts[answer.rawValue] = .number(String(day.answers[answer] ?? 0)) }
            return .object(counts)
        })
        return .object(fields)
    }

    private func rate(_ value: Double?) -> JSONValue {
        value.map { JSONValue.decimal(($0 * 10000).rounded() / 10000) } ?? .null
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
