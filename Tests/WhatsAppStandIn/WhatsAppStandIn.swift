import Foundation
import HTTP
import JSON
import Synchronization

/// A local site that behaves like WhatsApp Web for what wasp does with it: a rotating QR code that a test
/// "scans", linked sessions kept in the browser's IndexedDB, the `/send?phone=&text=` deep link, messages
/// going from the clock to one tick, the invalid-number popup, logging a session out, and a page that hangs; as
/// the 2026 page (by default) or the 2025 one (`StandInEdition`). Tests and `wasp bench sender` point
/// `whatsapp.web_url` at it, with a real Chromium in between.
public final class WhatsAppStandIn: Sendable {
    /// One message as the stand-in's "WhatsApp servers" received it.
    public struct Message: Sendable, Equatable {
        public let session: String
        public let phone: String
        public let text: String
        /// Written by the customer (a reply), not sent by wasp.
        public var incoming = false
        /// When the stand-in's servers received it.
        public var at = Date()
    }

    /// What one page load told about the browser: the user agent it sent, and what the page's script saw.
    public struct Client: Sendable, Equatable {
        public let userAgentHeader: String
        public let acceptLanguage: String
        public var userAgent = ""
        public var webdriver = true
        /// `navigator.userAgentData.brands`, as `Brand/major`.
        public var brands: [String] = []
    }

    struct State {
        var shownCodes: [String] = []
        var issuedAt: [String: Date] = [:]
        /// Codes the server told their page to replace: like a real phone, scanning one of them does nothing.
        var expired: Set<String> = []
        /// The code each open page last asked about, and when: a page polls the code it shows.
        var polled: [String: (code: String, at: Date)] = [:]
        var scanned: [String: String] = [:]
        var sessions: Set<String> = []
        var messages: [Message] = []
        var invalidNumbers: Set<String> = []
        var hangingLoads = 0
        var hangingPages = 0
        var acknowledgementDelay: TimeInterval = 0
        /// Pairing codes (linking by phone number): the number each was asked for, and when.
        var pairingCodes: [String: (phone: String, issued: Date)] = [:]
        /// Customers' replies not read yet, by `session|phone`; opening the chat reads them.
        var unread: [String: Int] = [:]
        /// After linking, how long the "What's new" dialog may stay open before WhatsApp logs the device out.
        var whatsNewDeadline: Double?
        /// How long after linking the "What's new" dialog comes up (its deadline runs from then).
        var whatsNewDelay: Double = 0
        /// When each session's page shows its "What's new" dialog.
        var whatsNewShown: [String: Date] = [:]
        /// Sessions whose "What's new" dialog nobody has closed yet, with the moment they are logged out.
        var whatsNewDue: [String: Date] = [:]
        var loggedOutByDialog = 0
        /// Dialogs closed by their button, by kind (`whats-new`, `notice`).
        var closedDialogs: [String: Int] = [:]
        /// Sessions whose pages show a notice over the app until its OK button is pressed (on every load till then).
        var notices: Set<String> = []
        /// Sessions whose page has opened its notice (and not closed it yet).
        var noticesOnScreen: Set<String> = []
        var clients: [Client] = []
        var minimumChrome = 100
        /// What the page's service worker told, each time it started.
        var workerClients: [Client] = []
        var pageLoads = 0

        /// The phone accepted `code` (a QR code or a pairing code): the page showing it becomes a linked session.
        mutating func link(by code: String) {
            let session = "session-" + String(sessions.count + 1) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            scanned[code] = session
            sessions.insert(session)
            if let whatsNewDeadline {
                whatsNewShown[session] = Date().addingTimeInterval(whatsNewDelay)
                whatsNewDue[session] = Date().addingTimeInterval(whatsNewDelay + whatsNewDeadline)
            }
        }

        func isScannable(_ code: String) -> Bool {
            issuedAt[code] != nil && scanned[code] == nil && !expired.contains(code)
        }
    }

    public let port: UInt16
    public var url: String { "http://127.0.0.1:\(port)" }
    let state = Mutex(State())
    private let server: HTTPServer
    private let qrRotation: Double
    private let reloadAfter: Int
    private let codeLifetime: Double
    public let edition: StandInEdition
    private let bootDelay: Double
    private let language: String?

    /// Listens on a loopback port (a free one for 0). The QR rotates every `qrRotation` seconds; after
    /// `reloadAfter` codes the page asks for a click on "reload", as WhatsApp does.
    /// A pairing code (linking by phone number) is replaced after `codeLifetime` seconds, as WhatsApp's after
    /// about three minutes. The 2026 page shows its "What's new" dialog `whatsNewDelay` seconds after a link and
    /// logs the device out when it is still open `whatsNewDeadline` seconds later (about 5 minutes on WhatsApp),
    /// takes `bootDelay` seconds to start at each full load, and turns away a "HeadlessChrome" user agent or a
    /// Chrome below `minimumChrome` (`turnAway` changes it). Its words follow Accept-Language, unless `language` says otherwise (as an account's own setting would).
    public init(port wanted: UInt16 = 0, qrRotation: Double = 2, reloadAfter: Int = 5, codeLifetime: Double = 180,
                edition: StandInEdition = .of2026, whatsNewDeadline: Double = 300, whatsNewDelay: Double = 0,
                bootDelay: Double = 0, minimumChrome: Int = 100, language: String? = nil) throws {
        self.language = language
        self.qrRotation = qrRotation
        self.reloadAfter = reloadAfter
        self.codeLifetime = codeLifetime
        self.edition = edition
        self.bootDelay = bootDelay
        if edition == .of2026 {
            state.withLock { state in
                state.whatsNewDeadline = whatsNewDeadline
                state.whatsNewDelay = whatsNewDelay
            }
        }
        state.withLock { $0.minimumChrome = minimumChrome }
        var limits = HTTPServerLimits()
        limits.maxConnections = 512
        let box = Mutex<WhatsAppStandIn?>(nil)
        server = try HTTPServer(host: "127.0.0.1", port: wanted, limits: limits) { request in
            box.withLock { $0 }?.answer(request) ?? .text(503, "starting")
        }
        port = server.port
        box.withLock { $0 = self }
        let thread = Thread { [server] in server.run(grace: 0) }
        thread.start()
    }

    public func stop() { server.stop() }

    // MARK: What a test does to the "phone" and the "network"

    /// QR codes shown so far, oldest first.
    public var shownCodes: [String] { state.withLock { $0.shownCodes } }

    /// The code each open page shows right now (it asked about it in the last second), not yet scanned.
    public var codesOnScreen: [String] {
        state.withLock { state in
            state.polled.values.filter { $0.at > Date().addingTimeInterval(-1) && state.isScannable($0.code) }.map(\.code)
        }
    }

    /// Scans `code` with a phone: the page showing it becomes a linked session. False if it was never shown.
    @discardableResult
    public func scan(_ code: String) -> Bool {
        state.withLock { state in
            guard state.isScannable(code) else { return false }
            state.link(by: code)
            return true
        }
    }

    /// Every linked session, as the phone's "Linked devices" list shows them.
    public var sessions: Set<String> { state.withLock { $0.sessions } }

    /// Logs a session out from the phone; its page falls back to the QR screen.
    public func logOut(_ session: String) {
        _ = state.withLock { $0.sessions.remove(session) }
    }

    /// Pairing codes shown so far (`ABCD-EFGH`), oldest first, with the number each was asked for.
    public var pairingCodes: [(code: String, phone: String)] {
        state.withLock { $0.pairingCodes.sorted { $0.value.issued < $1.value.issued }.map { (Self.grouped($0.key), $0.value.phone) } }
    }

    /// The phone's owner types `code` under Linked devices → Link with phone number: the page showing it becomes a
    /// linked session. False for a code never shown, expired, or used.
    @discardableResult
    public func enterCode(_ code: String) -> Bool {
        let key = code.filter { $0.isLetter || $0.isNumber }.uppercased()
        return state.withLock { state in
            guard let issued = state.pairingCodes[key]?.issued, Date().timeIntervalSince(issued) < codeLifetime,
                  state.scanned[key] == nil else { return false }
            state.link(by: key)
            return true
        }
    }

    static func grouped(_ code: String) -> String {
        String(code.prefix(4)) + "-" + String(code.dropFirst(4))
    }

    public func markNotOnWhatsApp(_ digits: String) {
        _ = state.withLock { $0.invalidNumbers.insert(digits) }
    }

    /// The next `count` page loads run a script that never ends.
    public func hangNextLoads(_ count: Int) {
        state.withLock { $0.hangingLoads = count }
    }

    /// The next `count` open pages that check their session (every half second) start a script that never ends.
    public func hangRunningPages(_ count: Int) {
        state.withLock { $0.hangingPages = count }
    }

    /// Hangs asked for by `hangRunningPages` that no page has taken yet.
    public var pendingPageHangs: Int { state.withLock { $0.hangingPages } }

    /// How long a sent message stays in the clock state before the tick.
    public func delayAcknowledgements(by seconds: TimeInterval) {
        state.withLock { $0.acknowledgementDelay = seconds }
    }

    /// Every linked session's page opens a notice over the app (2026 page), as WhatsApp does mid-session, and
    /// shows it at every load until its OK button closes it.
    public func showDialog() {
        state.withLock { $0.notices.formUnion($0.sessions) }
    }

    /// Notices (`showDialog`) not closed yet.
    public var openNotices: Int { state.withLock { $0.notices.count } }

    /// Notices a page shows right now (a page opens one at its next session check).
    public var noticesOnScreen: Int { state.withLock { $0.noticesOnScreen.count } }

    /// Sessions logged out because their "What's new" dialog was left open past the deadline.
    public var loggedOutByDialog: Int { state.withLock { $0.loggedOutByDialog } }

    /// "What's new" dialogs and notices closed by their button so far.
    public var closedDialogs: (whatsNew: Int, notices: Int) {
        state.withLock { ($0.closedDialogs["whats-new"] ?? 0, $0.closedDialogs["notice"] ?? 0) }
    }

    /// Linked sessions whose "What's new" dialog is still open (not closed by its Continue button).
    public var openWhatsNewDialogs: Int { state.withLock { $0.whatsNewDue.count } }

    /// From now on, the 2026 page turns away a Chrome below `version`, as WhatsApp raises its floor.
    public func turnAway(below version: Int) {
        state.withLock { $0.minimumChrome = version }
    }

    /// Every page load's browser, oldest first.
    public var clients: [Client] { state.withLock { $0.clients } }

    /// The browser as the page's service worker saw it, each time it started, oldest first.
    public var workerClients: [Client] { state.withLock { $0.workerClients } }

    /// Full loads of the app (each costs `bootDelay`), including those the browser gate turned away.
    public var pageLoads: Int { state.withLock { $0.pageLoads } }

    public var messages: [Message] { state.withLock { $0.messages } }

    /// The customer at `phone` (digits) writes `text` into every chat a session has with them, unread until
    /// the chat is opened.
    public func reply(from phone: String, text: String) {
        state.withLock { state in
            for session in Set(state.messages.filter { $0.phone == phone }.map(\.session)) {
                state.messages.append(Message(session: session, phone: phone, text: text, incoming: true))
                state.unread[session + "|" + phone, default: 0] += 1
            }
        }
    }

    /// Replies still unread in some session's chat with `phone`.
    public func unread(_ phone: String) -> Int {
        state.withLock { $0.unread.filter { $0.key.hasSuffix("|" + phone) }.values.reduce(0, +) }
    }

    /// How many messages contain `text` (e.g. an order's name).
    public func count(containing text: String) -> Int {
        messages.filter { !$0.incoming && $0.text.contains(text) }.count
    }

    // MARK: The site

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let query = request.query
        switch request.path {
        case "/", "/send": return page(request)
        case "/_api/session": return session(query["id"] ?? "")
        case "/_api/dialog-closed":
            let session = query["id"] ?? ""
            state.withLock { state in
                state.closedDialogs[query["kind"] ?? "", default: 0] += 1
                if query["kind"] == "whats-new" { state.whatsNewDue[session] = nil } else {
                    state.notices.remove(session)
                    state.noticesOnScreen.remove(session)
                }
            }
            return json(["ok": true])
        case "/_api/notice-shown":
            _ = state.withLock { $0.noticesOnScreen.insert(query["id"] ?? "") }
            return json(["ok": true])
        case "/_api/client": return client(request)
        case "/_api/worker-client": return workerClient(request)
        case "/sw.js":
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/javascript"), ("Cache-Control", "no-store")]),
                                body: Data(StandInPage.serviceWorker.utf8))
        case "/_api/qr": return json(["code": .string(newCode())])
        case "/_api/qr-status": return qrStatus(page: query["page"] ?? "", code: query["code"] ?? "")
        case "/_api/chat": return chat(session: query["session"] ?? "", phone: query["phone"] ?? "")
        case "/_api/chats": return chats(session: query["session"] ?? "")
        case "/_api/pair": return pair(request)
        case "/_api/pair-status": return pairStatus(code: query["code"] ?? "")
        case "/_api/send": return send(request)
        case "/_test/scan":
            let code = query["code"] ?? codesOnScreen.first ?? ""
            return scan(code) ? .text(200, "scanned") : .text(404, "no such code on screen")
        case "/_test/enter-code":
            let code = query["code"] ?? pairingCodes.last?.code ?? ""
            return enterCode(code) ? .text(200, "entered") : .text(404, "no such code on screen")
        case "/_test/logout":
            let sessions = self.sessions
            sessions.forEach(logOut)
            return .text(200, "logged out \(sessions.count) session(s)")
        case "/_test/not-on-whatsapp":
            markNotOnWhatsApp(query["phone"] ?? "")
            return .text(200, "marked")
        case "/_test/reply":
            reply(from: query["phone"] ?? "", text: query["text"] ?? "")
            return .text(200, "replied")
        case "/_test/messages":
            return .text(200, messages.map { "+\($0.phone): \($0.text)\n" }.joined())
        // The hooks `wasp bench` uses, with the stand-in as its own process (`wasp-stand-in`).
        case "/_test/messages.json":
            let list = messages.map { message -> JSONValue in
                ["phone": .string(message.phone), "text": .string(message.text), "incoming": .bool(message.incoming),
                 "at": .number(String(message.at.timeIntervalSince1970))]
            }
            return .text(200, JSONValue.array(list).serialized)
        case "/_test/codes":
            return .text(200, codesOnScreen.map { $0 + "\n" }.joined())
        case "/_test/page-loads":
            return .text(200, String(pageLoads))
        case "/_test/dialogs":
            let closed = closedDialogs
            return .text(200, "\(closed.whatsNew) \(closed.notices) \(loggedOutByDialog)")
        case "/_test/show-dialog":
            showDialog()
            return .text(200, "shown")
        default: return .text(404, "not found")
        }
    }

    private func page(_ request: HTTPRequest) -> HTTPResponse {
        let userAgent = request.headers["User-Agent"] ?? ""
        let (hang, minimumChrome) = state.withLock { state in
            defer { state.hangingLoads = max(0, state.hangingLoads - 1) }
            state.pageLoads += 1
            state.clients.append(Client(userAgentHeader: userAgent, acceptLanguage: request.headers["Accept-Language"] ?? ""))
            return (state.hangingLoads > 0, state.minimumChrome)
        }
        let html = edition == .of2026 && Self.turnsAway(userAgent, minimumChrome: minimumChrome)
            ? StandInPage.browserGate(minimumChrome: minimumChrome)
            : StandInPage.html(hang: hang, reloadAfter: reloadAfter, edition: edition, bootDelay: bootDelay,
                               language: language ?? Self.language(request.headers["Accept-Language"] ?? ""))
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8"),
                                                               ("Cache-Control", "no-store")]),
                            body: Data(html.utf8))
    }

    /// WhatsApp's gate: "HeadlessChrome", or a Chrome older than the floor, gets the unsupported-browser page.
    private static func turnsAway(_ userAgent: String, minimumChrome: Int) -> Bool {
        if userAgent.contains("HeadlessChrome") { return true }
        guard let version = userAgent.range(of: #"Chrome/[0-9]+"#, options: .regularExpression) else { return true }
        return Int(userAgent[version].dropFirst("Chrome/".count)).map { $0 < minimumChrome } ?? true
    }

    /// The page's language, from the first of Accept-Language's tags that the stand-in speaks.
    static func language(_ acceptLanguage: String) -> String {
        let spoken = ["en", "es", "pt", "de", "fr"]
        let tags = acceptLanguage.split(separator: ",").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        return tags.lazy.map { String($0.prefix(2)) }.first(where: spoken.contains) ?? "en"
    }

    /// A session check: logs out a session whose "What's new" dialog outlived its deadline, and tells the page
    /// which dialogs it must show: that one, and a notice asked for by `showDialog`.
    private func session(_ id: String) -> HTTPResponse {
        let answer: [String: JSONValue] = state.withLock { state in
            defer { state.hangingPages = max(0, state.hangingPages - 1) }
            if let due = state.whatsNewDue[id], Date() >= due, state.sessions.remove(id) != nil {
                state.whatsNewDue[id] = nil
                state.loggedOutByDialog += 1
            }
            return ["valid": .bool(state.sessions.contains(id)), "hang": .bool(state.hangingPages > 0),
                    "whatsNew": .bool(state.whatsNewDue[id] != nil && Date() >= state.whatsNewShown[id] ?? .distantFuture),
                    "notice": .bool(state.notices.contains(id))]
        }
        return json(.object(answer))
    }

    /// What the page's script saw of its browser, added to the last load's record.
    private func client(_ request: HTTPRequest) -> HTTPResponse {
        guard let seen = Self.seenClient(request) else { return .text(400, "bad request") }
        state.withLock { state in
            guard !state.clients.isEmpty else { return }
            state.clients[state.clients.count - 1].userAgent = seen.userAgent
            state.clients[state.clients.count - 1].webdriver = seen.webdriver
            state.clients[state.clients.count - 1].brands = seen.brands
        }
        return json(["ok": true])
    }

    /// What the service worker saw of its browser, with the headers of its own request.
    private func workerClient(_ request: HTTPRequest) -> HTTPResponse {
        guard let seen = Self.seenClient(request) else { return .text(400, "bad request") }
        state.withLock { $0.workerClients.append(seen) }
        return json(["ok": true])
    }

    /// A report of what a script saw (`userAgent`, `webdriver`, `brands`), with the request's own headers.
    private static func seenClient(_ request: HTTPRequest) -> Client? {
        guard let body = try? request.readBody(limit: 1 << 16), let seen = JSONValue.parse(body) else { return nil }
        return Client(userAgentHeader: request.headers["User-Agent"] ?? "", acceptLanguage: request.headers["Accept-Language"] ?? "",
                      userAgent: seen["userAgent"].string ?? "", webdriver: seen["webdriver"].bool,
                      brands: seen["brands"].array.compactMap(\.string))
    }

    private func newCode() -> String {
        let code = "2@" + (0..<24).map { _ in String("abcdefghijklmnopqrstuvwxyz0123456789".randomElement()!) }.joined()
        state.withLock { state in
            state.shownCodes.append(code)
            state.issuedAt[code] = Date()
        }
        return code
    }

    /// The server, not the page, decides when a code is replaced, in the same step as the scan check: a scan
    /// either reaches the page or is refused, never lands on a code the page has already left.
    private func qrStatus(page: String, code: String) -> HTTPResponse {
        let answer: [String: JSONValue] = state.withLock { state in
            state.polled[page] = (code, Date())
            if let session = state.scanned[code] { return ["session": .string(session)] }
            guard let issued = state.issuedAt[code], Date().timeIntervalSince(issued) >= qrRotation else { return [:] }
            state.expired.insert(code)
            return ["rotate": .bool(true)]
        }
        return json(.object(answer))
    }

    /// A code for the number the page was given: WhatsApp wants the whole number with its country code.
    private func pair(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = try? request.readBody(limit: 1 << 16), let asked = JSONValue.parse(body),
              let phone = asked["phone"].string else { return .text(400, "bad request") }
        // Like WhatsApp, the field's whole value is one number: "+1 +49…" (typed after the prefilled "+1") is +149….
        let digits = phone.filter(\.isNumber)
        guard phone.trimmingCharacters(in: .whitespaces).hasPrefix("+"), (8...15).contains(digits.count) else {
            return json(["problem": "Invalid phone number"])
        }
        let code = String((0..<8).map { _ in "ABCDEFGHJKLMNPQRSTVWXYZ123456789".randomElement()! })
        state.withLock { $0.pairingCodes[code] = (digits, Date()) }
        return json(["code": .string(code)])
    }

    private func pairStatus(code: String) -> HTTPResponse {
        let answer: [String: JSONValue] = state.withLock { state in
            if let session = state.scanned[code] { return ["session": .string(session)] }
            guard let issued = state.pairingCodes[code]?.issued else { return ["rotate": .bool(true)] }
            return Date().timeIntervalSince(issued) >= codeLifetime ? ["rotate": .bool(true)] : [:]
        }
        return json(.object(answer))
    }

    /// Opening a chat reads it: its unread replies count no more.
    private func chat(session: String, phone: String) -> HTTPResponse {
        let (linked, valid, history) = state.withLock { state in
            state.unread[session + "|" + phone] = nil
            return (state.sessions.contains(session), !state.invalidNumbers.contains(phone) && !phone.isEmpty,
                    state.messages.filter { $0.session == session && $0.phone == phone })
        }
        guard linked else { return .text(403, "logged out") }
        let messages = history.map { message -> JSONValue in ["text": .string(message.text), "incoming": .bool(message.incoming)] }
        return json(["exists": .bool(valid), "messages": .array(messages)])
    }

    private func chats(session: String) -> HTTPResponse {
        let chats: [JSONValue] = state.withLock { state in
            var phones: [String] = []
            for message in state.messages where message.session == session && !phones.contains(message.phone) {
                phones.append(message.phone)
            }
            return phones.map { ["phone": .string($0), "unread": .number(String(state.unread[session + "|" + $0] ?? 0))] }
        }
        return json(["chats": .array(chats)])
    }

    private func send(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = try? request.readBody(limit: 1 << 20), let message = JSONValue.parse(body),
              let session = message["session"].text, let phone = message["phone"].text,
              let text = message["text"].string else { return .text(400, "bad message") }
        let delay: TimeInterval? = state.withLock { state in
            guard state.sessions.contains(session) else { return nil }
            state.messages.append(Message(session: session, phone: phone, text: text))
            return state.acknowledgementDelay
        }
        guard let delay else { return json(["ok": false]) }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        return json(["ok": true])
    }

    private func json(_ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]),
                     body: Data(value.serialized.utf8))
    }
}
