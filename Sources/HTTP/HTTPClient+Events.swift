import Foundation

extension HTTPClient {
    /// One Server-Sent Event as received.
    public struct Event: Sendable, Equatable {
        public let name: String
        public let data: String
    }

    /// The next event on a connection whose `GET` answered `text/event-stream`; comments and `retry:` lines are
    /// skipped. Nil when none arrives within `timeout`.
    public func nextEvent(timeout: TimeInterval) throws(HTTPError) -> Event? {
        let deadline = MonotonicClock.now() + timeout
        while true {
            while let block = takeBlock() {
                if let event = Self.event(block) { return event }
            }
            let filled: Bool
            do throws(HTTPError) {
                filled = try stream.fill(until: deadline)
            } catch .timedOut {
                return nil
            }
            if !filled { throw .connectionLost("the event stream ended") }
        }
    }

    /// The text up to the next blank line, taken from the buffer; nil until a whole block has arrived.
    private func takeBlock() -> String? {
        let bytes = stream.buffered
        guard let end = stream.firstIndex(of: [10, 10]) else { return nil }
        let block = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
        stream.consume(end + 2 - bytes.startIndex)
        return block
    }

    private static func event(_ block: String) -> Event? {
        var name = "message"
        var data: [Substring] = []
        for line in block.split(separator: "\n") {
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { data.append(line.dropFirst(6)) }
        }
        return data.isEmpty ? nil : Event(name: name, data: data.joined(separator: "\n"))
    }
}
