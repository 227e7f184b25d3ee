import JSON

/// What the browser tells sites it is: the user agent of the engine actually running, with "HeadlessChrome"
/// (which WhatsApp turns away) replaced by "Chrome", client hints that agree with it (an override without them
/// sends none, and a UA claiming another version than the hints is itself a tell), and English pages first, as
/// the selectors file's words are English.
struct BrowserIdentity: Sendable {
    let userAgent: String
    /// The engine's version, e.g. `131.0.6778.85`.
    let fullVersion: String
    static let acceptLanguage = "en-US,en;q=0.9"

    /// From the answer to `Browser.getVersion` (`product` "HeadlessChrome/131.0.6778.85", `userAgent`).
    init(version: JSONValue) {
        userAgent = (version["userAgent"].string ?? "").replacingOccurrences(of: "HeadlessChrome/", with: "Chrome/")
        fullVersion = (version["product"].string ?? "").split(separator: "/").last.map(String.init) ?? ""
    }

    var majorVersion: String { fullVersion.split(separator: ".").first.map(String.init) ?? "" }

    /// The parameters of `Emulation.setUserAgentOverride`.
    var override: JSONValue {
        let brands: [(String, String)] = [("Chromium", majorVersion), ("Google Chrome", majorVersion), ("Not.A/Brand", "99")]
        let full: [(String, String)] = [("Chromium", fullVersion), ("Google Chrome", fullVersion), ("Not.A/Brand", "99.0.0.0")]
        let list = { (pairs: [(String, String)]) -> JSONValue in
            .array(pairs.map { ["brand": .string($0.0), "version": .string($0.1)] })
        }
        return [
            "userAgent": .string(userAgent), "acceptLanguage": .string(Self.acceptLanguage), "platform": "Linux x86_64",
            "userAgentMetadata": [
                "brands": list(brands), "fullVersionList": list(full), "fullVersion": .string(fullVersion),
                "platform": "Linux", "platformVersion": "", "architecture": "x86", "model": "", "mobile": false,
                "bitness": "64", "wow64": false,
            ],
        ]
    }
}
