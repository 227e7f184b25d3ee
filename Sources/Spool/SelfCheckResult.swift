import Foundation

/// The sender's last live self-check of WhatsApp Web for a tenant, in `spool/<t>/whatsapp/self-check`: which
/// screen showed, WhatsApp Web's build where the page names it, and the elements of `etc/whatsapp-web.selectors`
/// found and missing on it. `wasp doctor` and the dashboard read it; only the sender writes it.
public struct SelfCheckResult: Sendable, Equatable {
    public var at: Date
    /// "qr code", "qr reload", "chat list", "chat", or "none" when no known screen came.
    public var screen: String
    /// `2.3000.<client_revision>`, nil where the page does not say.
    public var build: String?
    /// Keys of the selectors file none of whose lines matched on the screen they belong to.
    public var missing: [String]
    /// `key = selector` for each element found, the line that matched.
    public var found: [String]

    public init(at: Date, screen: String, build: String?, missing: [String], found: [String]) {
        self.at = at
        self.screen = screen
        self.build = build
        self.missing = missing
        self.found = found
    }

    public var isPassing: Bool { missing.isEmpty }

    /// For the merchant (the state's reason, the dashboard) with the operator's detail in brackets.
    public var sentence: String {
        guard !isPassing else { return "WhatsApp Web looks as the server expects" }
        return "WhatsApp Web has changed and the server cannot find its \(missing.joined(separator: ", ")) on the page, "
            + "so messages wait until the operator updates etc/whatsapp-web.selectors (self-check on the \(screen) screen, "
            + "build \(build ?? "unknown"); see whatsapp/\(Spool.selfCheckFile).png and .html)"
    }

    /// `key = value` lines, as `etc/` files are written.
    public var text: String {
        var lines = ["result = " + (isPassing ? "ok" : "failed"), "at = " + Timestamp.string(at), "screen = " + screen,
                     "build = " + (build ?? "unknown"), "missing = " + missing.joined(separator: ", ")]
        lines += found.map { "found = " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    public init?(text: String) {
        var fields: [String: String] = [:]
        var found: [String] = []
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if key == "found" { found.append(value) } else { fields[key] = value }
        }
        guard let at = fields["at"].flatMap(Timestamp.date), let screen = fields["screen"] else { return nil }
        let missing = (fields["missing"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        self.init(at: at, screen: screen, build: fields["build"].flatMap { $0 == "unknown" ? nil : $0 },
                  missing: missing, found: found)
    }
}

extension Spool {
    public static let selfCheckFile = "self-check"

    /// The last self-check the sender recorded for the tenant, or nil before the first.
    public func selfCheck(_ tenant: TenantID) -> SelfCheckResult? {
        guard let data = try? read(Self.selfCheckFile, tenant: tenant, in: .whatsapp) else { return nil }
        return SelfCheckResult(text: String(decoding: data, as: UTF8.self))
    }

    public func saveSelfCheck(_ result: SelfCheckResult, tenant: TenantID) throws(SpoolError) {
        try replace(Self.selfCheckFile, tenant: tenant, in: .whatsapp, with: Data(result.text.utf8), modified: result.at)
    }
}
