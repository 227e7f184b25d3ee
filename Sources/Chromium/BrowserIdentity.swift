import JSON
import Processes

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

    /// The `--user-agent` switch for `executable`: Chrome's own (reduced) user agent at the engine's version, which
    /// it prints without starting (`--product-version`). Only a switch reaches a service worker's
    /// `navigator.userAgent`; an override reaches its requests and client hints but not that. None when the
    /// executable does not say its version.
    static func userAgentSwitch(executable: String) -> [String] {
        guard let answer = try? Spawn.output(of: [executable, "--product-version"], withErrors: false), answer.status == 0,
              let major = answer.output.split(separator: ".").first.map(String.init), !major.isEmpty,
              major.allSatisfy(\.isNumber) else { return [] }
        return ["--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/\(major).0.0.0 Safari/537.36"]
    }

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
