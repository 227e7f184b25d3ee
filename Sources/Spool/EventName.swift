import Crypto
import Foundation

/// A file name in `events/` that sorts by arrival, `<nanoseconds>-<topic>-<random>.json`: the scheduler applies
/// events in that order, whoever wrote them (the intake, or the sender for replies read from a chat).
public enum EventName {
    /// The topic of a customer's reply the sender read from a WhatsApp Web chat.
    public static let webAnswerTopic = "whatsapp/answer"

    public static func make(received: Date, topic: String) -> String {
        String(format: "%020llu", UInt64(received.timeIntervalSince1970 * 1e9))
            + "-\(topic.replacingOccurrences(of: "/", with: "-"))-\(Digest.randomHex(byteCount: 3)).json"
    }
}
