import Foundation

/// A tenant's `confirm.*` keys: whether the message asks the customer to confirm or cancel, when to remind and
/// when to stop waiting, which words count as an answer, and how often a WhatsApp Web tenant's chats are read.
public struct ConfirmSettings: Sendable, Equatable {
    public var ask = false
    /// One reminder after this long without an answer; 0 = none.
    public var reminder: TimeInterval = 6 * 3600
    /// After this long without an answer the order counts as "no answer".
    public var expire: TimeInterval = 48 * 3600
    public var words = AnswerWords.standard
    /// WhatsApp Web: the longest wait between two looks for replies while orders wait for one.
    public var poll: TimeInterval = 5 * 60
    /// Which orders are asked; the others get `plainTemplate` or nothing.
    public var rules = ConfirmRules()
    /// The message of an order the rules do not ask (`confirm.plain_template`).
    public var plainTemplate = MessageTemplate.standard

    public init() {}

    static let keys = ["confirm.ask", "confirm.reminder", "confirm.expire", "confirm.yes", "confirm.no", "confirm.stop",
                       "confirm.poll", "confirm.plain_template"] + ConfirmRules.keys

    static func read(_ reader: inout ConfigReader) throws(ConfigError) -> ConfirmSettings {
        var settings = ConfirmSettings()
        settings.ask = try reader.value("confirm.ask", default: false, yesOrNo)
        settings.reminder = try reader.value("confirm.reminder", default: settings.reminder, ConfigValue.duration)
        settings.expire = try reader.value("confirm.expire", default: settings.expire, ConfigValue.duration)
        settings.poll = try reader.value("confirm.poll", default: settings.poll, ConfigValue.duration)
        if let yes = try reader.value("confirm.yes", wordList) { settings.words.yes = yes }
        if let no = try reader.value("confirm.no", wordList) { settings.words.no = no }
        if let stop = try reader.value("confirm.stop", wordList) { settings.words.stop = stop }
        let words = settings.words
        for (key, list, other, otherList) in [("confirm.no", words.no, "confirm.yes", words.yes),
                                              ("confirm.stop", words.stop, "confirm.yes", words.yes),
                                              ("confirm.stop", words.stop, "confirm.no", words.no)]
        where !list.isDisjoint(with: otherList) {
            throw reader.error(key, "shares a word with \(other): " + list.intersection(otherList).sorted().joined(separator: ", "))
        }
        settings.rules = try ConfirmRules.read(&reader)
        settings.plainTemplate = try reader.value("confirm.plain_template", default: .standard, MessageTemplate.parse)
        return settings
    }

    /// True when the order's message asks the customer to confirm or cancel.
    public func asks(_ record: OrderRecord) -> Bool {
        ask && record.notAsked == nil
    }

    /// What the order gets when it arrives: asked only with `confirm.ask = yes` and where the rules say so.
    public func verdict(for facts: ConfirmRules.Facts) -> ConfirmRules.Verdict {
        ask ? rules.verdict(for: facts) : .ask
    }

    static func yesOrNo(_ text: String) -> Result<Bool, ValueProblem> {
        switch text.lowercased() {
        case "yes": return .success(true)
        case "no": return .success(false)
        default: return .failure("'\(text)' is neither yes nor no")
        }
    }

    private static func wordList(_ text: String) -> Result<Set<String>, ValueProblem> {
        let words = Set(text.split(separator: ",").map { AnswerWords.folded(String($0)) }.filter { !$0.isEmpty })
        return words.isEmpty ? .failure("lists no words; separate them with commas") : .success(words)
    }
}

/// What a customer's reply means: yes, no, or neither, compared without case, accents, the emoji's colour
/// variants or the punctuation around them ("Sí!" is "si", "👍🏽" is "👍").
public struct AnswerWords: Sendable, Equatable {
    public var yes: Set<String>
    public var no: Set<String>
    /// Words that ask never to be messaged again (`confirm.stop`).
    public var stop = Self.standardStop

    public enum Meaning: String, Codable, Sendable { case confirm, cancel, unclear, stop }

    /// The opt-out words of the same languages as the answers.
    public static let standardStop = Set(["stop", "unsubscribe", "stop messages", "alto", "baja", "parar", "pare",
                                          "cancelar suscripcion", "arret", "arrete", "desabonner", "stopp", "abmelden",
                                          "basta", "توقف", "الغاء الاشتراك", "بند کرو", "बंद", "रोकें", "band karo"].map(folded))

    /// English, Spanish, Portuguese, French, German, Italian, Arabic, Hindi and Urdu (in their scripts and as
    /// customers type them in Latin letters), and the digits and emoji of the prompt.
    public static let standard = AnswerWords(
        yes: Set(["1", "yes", "y", "confirm", "confirmed", "ok", "okay", "✅", "👍", "si", "confirmar", "confirmo",
                  "sim", "oui", "je confirme", "confirmer", "ja", "bestatigen", "bestatige", "confermo", "confermare",
                  "نعم", "اكد", "تاكيد", "موافق", "हाँ", "हां", "हा", "पुष्टि", "haan", "han", "ji", "جی", "جی ہاں", "ہاں",
                  "ہاں جی"].map(folded)),
        no: Set(["2", "no", "n", "cancel", "cancelled", "❌", "👎", "cancelar", "cancelo", "nao", "non", "annuler",
                 "nein", "stornieren", "abbrechen", "annulla", "annullare", "لا", "الغاء", "نہیں", "منسوخ", "नहीं",
                 "नही", "रद्द", "nahi", "nahin"].map(folded)))

    /// A whole message that is one of the words, or made only of them ("Sí 👍", "ok ok"); a mix, or any other
    /// word ("yes please"), is neither.
    public func meaning(of reply: String) -> Meaning {
        let whole = Self.folded(reply)
        if stop.contains(whole) { return .stop }
        if yes.contains(whole) { return .confirm }
        if no.contains(whole) { return .cancel }
        let words = whole.components(separatedBy: .whitespacesAndNewlines.union(.punctuationCharacters)).filter { !$0.isEmpty }
        guard !words.isEmpty else { return .unclear }
        if words.allSatisfy(stop.contains) { return .stop }
        if words.allSatisfy(yes.contains) { return .confirm }
        if words.allSatisfy(no.contains) { return .cancel }
        return .unclear
    }

    /// Lower case, Latin accents and Arabic vowel and hamza marks removed (Devanagari's are letters, and kept), emoji
    /// variation selectors and skin tones removed, and the spaces and punctuation around the words trimmed.
    public static func folded(_ text: String) -> String {
        let scalars = text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars.filter { scalar in
            !(0x0300...0x036F).contains(scalar.value) && !(0x064B...0x065F).contains(scalar.value)
                && scalar.value != 0x0670 && scalar.value != 0xFE0F && !(0x1F3FB...0x1F3FF).contains(scalar.value)
        }
        let trimmed = String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping
        return trimmed.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
    }
}
