import Foundation
import HTTP
import Spool

extension Dashboard {
    func page(_ request: HTTPRequest, tenant: TenantID) -> HTTPResponse {
        let config: TenantConfig
        switch tenants.lookup(tenant) {
        case .found(let found): config = found
        case .broken(let error): return unconfiguredPage(request, tenant: tenant, error: error)
        case .unknownTenant: return logout()
        }
        let path = request.path
        if request.method == "GET", path.hasPrefix("/orders/") {
            return orderPage(path.dropFirst(8), tenant: tenant, times: TimeDisplay(timeZone: config.timeZone))
        }
        switch (request.method, path) {
        case ("GET", "/"): return Self.redirect("/orders")
        case ("GET", "/orders"): return ordersPage(request, tenant: tenant, times: TimeDisplay(timeZone: config.timeZone))
        case ("GET", "/settings"):
            let content = SettingsPage.render(TenantSettings(config, publicURL: publicURL), link: spool.linkStatus(tenant),
                                              qrVersion: qrVersion(tenant), check: selfCheckWords(tenant, config))
            return tab("settings", "Settings", tenant: tenant, content: content)
        case ("GET", "/analytics"):
            let stats = OrderStats(index.entries(tenant), timeZone: config.timeZone)
            return tab("analytics", "Analytics", tenant: tenant, content: AnalyticsPage.render(stats))
        case ("GET", "/events"): return events(request, tenant: tenant)
        case ("GET", "/whatsapp/qr.png"): return qrImage(tenant)
        case ("GET", "/whatsapp/section"):
            return HTML.response(200, SettingsPage.section(TenantSettings(config, publicURL: publicURL), link: spool.linkStatus(tenant),
                                                           qrVersion: qrVersion(tenant), check: selfCheckWords(tenant, config)))
        case ("POST", "/whatsapp/connect"): return connect(request, tenant: tenant)
        case ("POST", "/logout"): return logout(everywhere: tenant)
        default: return notFound()
        }
    }

    private func tab(_ name: String, _ title: String, tenant: TenantID, content: String) -> HTTPResponse {
        let notices = [tenants.problem(tenant).map { Self.configurationNotice($0, lastGoodInForce: true) }, linkNotice(tenant),
                       Self.feedNotice(spool.feedCondition(tenant))]
        var shopName = tenant.rawValue
        if case .found(let config) = tenants.lookup(tenant), let name = config.name { shopName = name }
        return HTML.response(200, HTML.page(title: title, tenant: shopName, tab: name, content: content,
                                            notices: notices.compactMap { $0 }))
    }

    /// A tenant whose file never parsed: the merchant is signed in and told, and can sign out; nothing else works
    /// until the operator fixes the file.
    private func unconfiguredPage(_ request: HTTPRequest, tenant: TenantID, error: ConfigError) -> HTTPResponse {
        if request.method == "POST" && request.path == "/logout" { return logout(everywhere: tenant) }
        guard request.method == "GET", ["/", "/orders", "/settings", "/analytics"].contains(request.path) else { return notFound() }
        return HTML.response(200, HTML.page(title: "Settings error", tenant: tenant.rawValue, tab: "", content: "",
                                            notices: [Self.configurationNotice(error, lastGoodInForce: false)]))
    }

    /// The sender's last check of WhatsApp Web in the merchant's words, with its time in the shop's zone.
    private func selfCheckWords(_ tenant: TenantID, _ config: TenantConfig) -> String? {
        guard let check = spool.selfCheck(tenant) else { return nil }
        let when = TimeDisplay(timeZone: config.timeZone).show(Timestamp.string(check.at))
        return check.isPassing ? "WhatsApp Web last checked \(when): everything the server needs is in place"
            : "WhatsApp Web last checked \(when): it has changed, and your messages wait until the operator has adapted the server"
    }

    /// WhatsApp is not linked while orders wait to be sent: how many, why, and the way back.
    private func linkNotice(_ tenant: TenantID) -> String? {
        let link = spool.linkStatus(tenant)
        guard link.state != .linked else { return nil }
        let waiting = spool.waitingToSend(tenant)
        guard waiting > 0 else { return nil }
        let count = "\(waiting) order\(waiting == 1 ? " is" : "s are") waiting to be sent"
        if link.isPausedBySelfCheck {
            return count + ": " + HTML.escape(link.reason ?? link.sentence) + ". The operator has been told."
        }
        if case .found(let config) = tenants.lookup(tenant), config.provider == .cloud {
            return count + ", but the WhatsApp Cloud API refuses them: " + HTML.escape(link.reason ?? link.sentence)
                + ". The operator has been told."
        }
        // A browser the server cannot drive is the operator's to fix, and its reason is written for them: the
        // merchant reads what it means, and finds the detail under Settings.
        if link.state == .error {
            return count + ": the server cannot reach WhatsApp right now. This is for the server's operator to fix, "
                + "not you; the details are under <a href=\"/settings#whatsapp\">Settings</a>."
        }
        return count + ", but WhatsApp is not linked. " + HTML.escape(link.sentence)
            + ". <a href=\"/settings#whatsapp\">Link WhatsApp again</a>."
    }

    /// Orders Shopify's webhooks did not bring, or none for long: in the merchant's words, with what happens now.
    static func feedNotice(_ feed: FeedCondition) -> String? {
        let told = "The operator has been told, and wasp is checking the Shopify webhook subscriptions."
        if feed.missedCount > 0 {
            let orders = feed.missedCount == 1 ? "1 of your orders" : "\(feed.missedCount) of your orders"
            return "Shopify's notifications did not bring \(orders); wasp fetched them from Shopify itself and confirms "
                + "them as usual. " + told
        }
        guard let since = feed.quietSince else { return nil }
        return "wasp has heard nothing from Shopify since \(HTML.escape(Timestamp.string(since))) although your shop has "
            + "orders, so new orders may not reach wasp. " + told
            + " If your webhooks were made in the Shopify admin, check Settings → Notifications → Webhooks."
    }

    /// What a merchant reads when the operator's file for their shop has an error: what happens to the orders, and
    /// the line to fix, which is what the operator was told in the daemons' logs and by `wasp status`.
    static func configurationNotice(_ error: ConfigError, lastGoodInForce: Bool) -> String {
        let place = [error.line.map { "line \($0)" }, error.key].compactMap { $0 }.joined(separator: ", ")
        return "Your shop's settings on the server have an error, and the operator has been told"
            + HTML.escape(place.isEmpty ? "" : " (\(place): \(error.problem))") + ". "
            + (lastGoodInForce ? "Until it is fixed, your last good settings stay in force and messages go out as before."
                               : "Until it is fixed, new orders are kept safe, but no messages are sent and the tabs are empty.")
    }

    private func ordersPage(_ request: HTTPRequest, tenant: TenantID, times: TimeDisplay) -> HTTPResponse {
        let query = request.query
        // A value the page does not know shows every order, as a link from an older version would expect.
        let filter = (try? OrderFilter.parse(query).get()) ?? OrderFilter()
        let number = max(1, query["page"].flatMap { Int($0) } ?? 1)
        let (orders, total) = index.page(tenant, filter, number: number, size: OrdersPage.pageSize)
        let rows = orders.map { OrderView.load($0.id, tenant: tenant, in: $0.state, spool: spool).row(times) }
        let entries = index.entries(tenant)
        // Answers get their filters while the tenant asks, and as long as any order was asked before it stopped.
        let asks = if case .found(let config) = tenants.lookup(tenant) { config.confirm.ask } else { false }
        let answered = asks || !filter.isEmpty || entries.contains { $0.answer != nil }
        return tab("orders", "Orders", tenant: tenant,
                   content: OrdersPage.render(rows: rows, filter: filter, asks: answered,
                                              needsYou: entries.count(where: \.needsYou), page: number, total: total))
    }

    private func orderPage(_ text: Substring, tenant: TenantID, times: TimeDisplay) -> HTTPResponse {
        guard let view = order(text, tenant: tenant) else { return notFound() }
        return tab("orders", "Order " + view.id, tenant: tenant, content: OrderDetailPage.render(
            view, times: times, writeback: spool.writebackStanding(of: view.id, tenant: tenant)))
    }

    /// Order `text` of this tenant; nil for anything that is not an order id, or not one of this tenant's orders.
    func order(_ text: Substring, tenant: TenantID) -> OrderView? {
        guard let id = OrderID(text), let state = spool.state(of: id, tenant: tenant) else { return nil }
        return OrderView.load(id, tenant: tenant, in: state, spool: spool)
    }

    private func qrImage(_ tenant: TenantID) -> HTTPResponse {
        guard let image = try? spool.read(Spool.qrFile, tenant: tenant, in: .whatsapp) else { return notFound() }
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "image/png"), ("Cache-Control", "no-store")]),
                            body: image)
    }

    /// The QR image's mtime, which changes each time the sender replaces the code; nil when there is none.
    func qrVersion(_ tenant: TenantID) -> String? {
        spool.entry(Spool.qrFile, tenant: tenant, in: .whatsapp).map { String(Int($0.modified.timeIntervalSince1970 * 1000)) }
    }

    /// Connect WhatsApp: by QR code, or, with the form's `phone`, by a pairing code for that number.
    private func connect(_ request: HTTPRequest, tenant: TenantID) -> HTTPResponse {
        let typed = (try? request.readBody(limit: Self.maxBodyBytes)).map { FormFields.parse(String(decoding: $0, as: UTF8.self)) }?["phone"]
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let phone = PhoneNumberInput.e164(typed)
        guard typed.isEmpty || phone != nil else {
            return Self.message(400, "Not a number WhatsApp can use",
                                "Write your WhatsApp number with its country code, e.g. +49 151 12345678.")
        }
        do {
            try spool.prepare(tenant)
            try spool.requestLink(tenant, phone: phone)
            log.event("link requested", tenant: tenant, ["by": phone == nil ? "qr" : "phone number " + Log.masked(phone: phone!)])
            return Self.redirect("/settings#whatsapp")
        } catch {
            log.event("cannot request a link", tenant: tenant, ["error": error.description])
            return Self.message(503, "Not now", "The request could not be written: " + error.description + ".")
        }
    }

    private static func message(_ status: Int, _ title: String, _ text: String) -> HTTPResponse {
        HTML.response(status, HTML.document(title: title, body: "<main><p>" + HTML.escape(text)
            + " <a href=\"/settings#whatsapp\">Back</a></p></main>"))
    }

    /// The tenant's live stream: `order` and `whatsapp` events until the browser leaves, or its session ends (a
    /// logout, a new password): the session is checked again before every event and ping, never only once.
    private func events(_ request: HTTPRequest, tenant: TenantID) -> HTTPResponse {
        .events { [self] stream in
            let isSignedIn = { self.authenticated(request) == tenant }
            let subscription = feed.subscribe(tenant, address: remoteHost(request))
            defer { feed.unsubscribe(subscription) }
            guard stream.retry(after: 2) else { return }
            var lastWrite = Date()
            while stream.isOpen && !subscription.isClosed {
                let events = subscription.next(timeout: 1)
                guard events.isEmpty || isSignedIn() else { return }
                for event in events where !stream.send(event: event.name, data: event.data) { return }
                if !events.isEmpty {
                    lastWrite = Date()
                } else if Date().timeIntervalSince(lastWrite) >= 15 {
                    guard isSignedIn(), stream.ping() else { return }
                    lastWrite = Date()
                }
            }
        }
    }
}
