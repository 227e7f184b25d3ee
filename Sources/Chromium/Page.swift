import Foundation
import JSON

/// One tab: navigate, run script, find, click, type, screenshot. Selectors are CSS; values cross into the page
/// as JSON literals, never spliced in as code.
public final class Page: Sendable {
    let pipe: DevToolsPipe
    let session: String
    let timeout: TimeInterval

    init(pipe: DevToolsPipe, session: String, timeout: TimeInterval) {
        self.pipe = pipe
        self.session = session
        self.timeout = timeout
    }

    func command(_ method: String, _ parameters: JSONValue = [:]) throws(BrowserError) -> JSONValue {
        try pipe.call(method, parameters, session: session, timeout: timeout)
    }

    /// Opens `url` and waits until the document has loaded. Errors name the URL without its query, which in a
    /// deep link holds a customer's number and message: errors end up in logs and in the order's attempts.
    public func navigate(to url: String) throws(BrowserError) {
        let shown = Self.withoutQuery(url)
        let result = try command("Page.navigate", ["url": .string(url)])
        if let reason = result["errorText"].text { throw .navigationFailed(url: shown, reason: reason) }
        try wait(for: "\(shown) to load", seconds: timeout) { () throws(BrowserError) in
            try evaluate("document.readyState") == "complete" ? true : nil
        }
    }

    /// `url` up to its query or fragment, with `?…` saying that something was left out.
    static func withoutQuery(_ url: String) -> String {
        guard let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return url }
        return url[..<cut] + "?…"
    }

    /// Loads the page again from the network, past the cache.
    public func reload() throws(BrowserError) {
        _ = try command("Page.reload", ["ignoreCache": true])
    }

    /// Forgets what `origin` left in the browser that could keep serving an old page: its service workers and
    /// caches, and the HTTP cache.
    public func clearSiteData(origin: String) throws(BrowserError) {
        _ = try command("Storage.clearDataForOrigin", ["origin": .string(origin), "storageTypes": "service_workers,cache_storage"])
        _ = try command("Network.clearBrowserCache")
    }

    /// Runs `expression` (awaiting a promise) and returns its value as JSON.
    @discardableResult
    public func evaluate(_ expression: String) throws(BrowserError) -> JSONValue {
        let result = try command("Runtime.evaluate", ["expression": .string(expression), "returnByValue": true,
                                                      "awaitPromise": true])
        if result["exceptionDetails"].isObject {
            let details = result["exceptionDetails"]
            throw .script(details["exception"]["description"].text ?? details["text"].text ?? "unknown")
        }
        return result["result"]["value"]
    }

    /// Calls `check` every `interval` until it returns a value or `seconds` pass. One check is a script call of
    /// well under a millisecond, so a short interval costs little and saves most of the wait.
    @discardableResult
    public func wait<T>(for what: String, seconds: TimeInterval, interval: TimeInterval = 0.02,
                        _ check: () throws(BrowserError) -> T?) throws(BrowserError) -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let value = try check() { return value }
            if Date() >= deadline { throw .timedOut(what: what, seconds: Int(seconds.rounded())) }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// The first of `selectors` that matches a visible element, or nil.
    public func firstVisible(_ selectors: [String]) throws(BrowserError) -> String? {
        try evaluate("""
            (selectors => selectors.find(selector => {
                const element = document.querySelector(selector);
                return element !== null && element.getClientRects().length > 0;
            }) ?? null)(\(JSONValue.array(selectors.map(JSONValue.string)).serialized))
            """).string
    }

    /// Clicks the middle of the element as a user would, with real mouse events.
    public func click(_ selector: String) throws(BrowserError) {
        let box = try boundingBox(selector)
        let x = JSONValue.decimal(box.x + box.width / 2), y = JSONValue.decimal(box.y + box.height / 2)
        for type in ["mousePressed", "mouseReleased"] {
            _ = try command("Input.dispatchMouseEvent", ["type": .string(type), "x": x, "y": y, "button": "left",
                                                         "clickCount": 1])
        }
    }

    /// Types `text` into the focused element, as an input method would.
    public func insertText(_ text: String) throws(BrowserError) {
        _ = try command("Input.insertText", ["text": .string(text)])
    }

    /// Lays the page out as a screen `width` × `height` CSS pixels would, as a phone (`mobile`: its viewport meta
    /// tag is honoured) or a desktop.
    public func setViewport(width: Int, height: Int, mobile: Bool) throws(BrowserError) {
        _ = try command("Emulation.setDeviceMetricsOverride", ["width": .number(String(width)), "height": .number(String(height)),
                                                                "deviceScaleFactor": 1, "mobile": .bool(mobile)])
    }

    /// A PNG of the element, or of the whole viewport when `selector` is nil.
    public func screenshot(of selector: String? = nil) throws(BrowserError) -> Data {
        var parameters: [String: JSONValue] = ["format": "png"]
        if let selector {
            let box = try boundingBox(selector)
            parameters["clip"] = ["x": .decimal(box.x), "y": .decimal(box.y), "width": .decimal(box.width),
                                  "height": .decimal(box.height), "scale": 1]
        }
        let encoded = try command("Page.captureScreenshot", .object(parameters))["data"].text ?? ""
        guard let png = Data(base64Encoded: encoded) else {
            throw .protocolError(method: "Page.captureScreenshot", message: "no image")
        }
        return png
    }

    /// The page's current HTML.
    public func html() throws(BrowserError) -> String {
        try evaluate("document.documentElement.outerHTML").string ?? ""
    }

    private func boundingBox(_ selector: String) throws(BrowserError) -> (x: Double, y: Double, width: Double, height: Double) {
        let box = try evaluate("""
            (selector => {
                const element = document.querySelector(selector);
                if (element === null) return null;
                element.scrollIntoView({block: "center", inline: "center"});
                const box = element.getBoundingClientRect();
                return {x: box.x, y: box.y, width: box.width, height: box.height};
            })(\(JSONValue.string(selector).serialized))
            """)
        guard let x = box["x"].double, let y = box["y"].double, let width = box["width"].double,
              let height = box["height"].double, width > 0, height > 0 else { throw .noElement(selector) }
        return (x, y, width, height)
    }
}
