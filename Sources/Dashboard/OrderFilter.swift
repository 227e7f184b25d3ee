import Spool

/// Which orders a list shows: by the old `status`, by where the answer stands (`answer`), by the merchant's words
/// (`progress`), or the replies someone has to read (`answer=unclear`, the "Needs you" filter). Parsed from the
/// query of the Orders tab and of the API alike.
struct OrderFilter: Equatable {
    var status: OrderStatus?
    var answer: AnswerStanding?
    var progress: OrderProgress?
    var needsYou = false

    /// The `answer` value of the "Needs you" filter.
    static let unclear = "unclear"

    /// Nil, with what is wrong, when a value names nothing known.
    static func parse(_ query: [String: String]) -> Result<OrderFilter, OrderFilterError> {
        var filter = OrderFilter()
        if let text = query["status"], !text.isEmpty {
            guard let known = OrderStatus(rawValue: text) else { return .failure(.init("status", OrderStatus.allCases.map(\.rawValue))) }
            filter.status = known
        }
        if let text = query["answer"], !text.isEmpty {
            if text == unclear {
                filter.needsYou = true
            } else if let known = AnswerStanding(rawValue: text) {
                filter.answer = known
            } else {
                return .failure(.init("answer", AnswerStanding.allCases.map(\.rawValue) + [unclear]))
            }
        }
        if let text = query["progress"], !text.isEmpty {
            guard let known = OrderProgress.allCases.first(where: { $0.slug == text }) else {
                return .failure(.init("progress", OrderProgress.allCases.map(\.slug)))
            }
            filter.progress = known
        }
        return .success(filter)
    }

    func matches(_ entry: OrderIndex.Entry) -> Bool {
        (status == nil || OrderStatus(entry.state) == status) && (answer == nil || entry.answer == answer)
            && (progress == nil || OrderProgress(entry.state, answer: entry.answer) == progress) && (!needsYou || entry.needsYou)
    }

    var isEmpty: Bool { self == OrderFilter() }

    var query: String {
        [status.map { "status=\($0.rawValue)" }, answer.map { "answer=\($0.rawValue)" }, needsYou ? "answer=\(Self.unclear)" : nil,
         progress.map { "progress=\($0.slug)" }].compactMap { $0 }.joined(separator: "&")
    }
}

/// A filter value the API does not know, with the ones it does.
struct OrderFilterError: Error {
    let message: String

    init(_ key: String, _ known: [String]) {
        message = "\(key) must be one of " + known.joined(separator: ", ")
    }
}
