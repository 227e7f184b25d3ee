/// Why driving the browser failed. Every case is transient for the sender except what the page itself says.
public enum BrowserError: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotStart(String)
    /// The browser process is gone (killed, crashed, or closed its end of the pipe).
    case exited
    /// The tab's renderer crashed; the browser itself may still run.
    case pageCrashed
    /// Waited `seconds` for `what`: a hung page or browser.
    case timedOut(what: String, seconds: Int)
    case protocolError(method: String, message: String)
    case navigationFailed(url: String, reason: String)
    case script(String)
    case noElement(String)
    /// The site turned this browser away (WhatsApp's "works with Google Chrome" page), with its words.
    case refused(String)
    /// The daemon is stopping: whatever waited on the page was given up.
    case stopping

    public var description: String {
        switch self {
        case .cannotStart(let reason): return "cannot start Chromium: \(reason)"
        case .exited: return "Chromium exited"
        case .pageCrashed: return "the page crashed"
        case .timedOut(let what, let seconds): return "no \(what) after \(seconds) s (page or browser hung)"
        case .protocolError(let method, let message): return "DevTools \(method) failed: \(message)"
        case .navigationFailed(let url, let reason): return "cannot open \(url): \(reason)"
        case .script(let message): return "script error in the page: \(message)"
        case .noElement(let selector): return "no element matches \(selector)"
        case .refused(let words): return "the site refused this browser: \"\(words)\""
        case .stopping: return "stopping"
        }
    }
}
