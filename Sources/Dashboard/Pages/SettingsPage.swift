import Shopify
import Spool

/// The Settings tab, read-only: what to paste into Shopify, how messages go out, and the WhatsApp link.
enum SettingsPage {
    /// `check`: the sender's last self-check of WhatsApp Web, in words, when it ran.
    static func render(_ settings: TenantSettings, link: LinkStatus, qrVersion: String?, check: String?) -> String {
        func rows(_ hooks: [(topic: String, url: String)]) -> String {
            hooks.map { hook in
                "<tr><td>\(hook.topic)</td><td><code>\(HTML.breakableURL(hook.url))</code></td>"
                    + "<td><button type=\"button\" class=\"copy\" data-copy=\"\(HTML.escape(hook.url))\">Copy</button></td></tr>"
            }.joined()
        }
        let inAdmin = settings.webhooks.filter { ShopifyTopic(rawValue: $0.topic)?.isShopAdminSubscription == true }
        let byApp = settings.webhooks.filter { ShopifyTopic(rawValue: $0.topic)?.isShopAdminSubscription != true }
        let facts: [(String, String)] = [
            ("Delay before sending", settings.delay), ("Template", settings.template), ("Example", settings.example),
            ("Quiet hours", settings.quietHours), ("Time zone", settings.timeZone),
            ("Pause between messages", settings.minGap), ("Messages a day at most", String(settings.dailyCap)),
            ("Asks customers to confirm", settings.asking), ("Answers written to Shopify", settings.writeback),
        ]
        let list = facts.map { "<dt>\($0.0)</dt><dd>\(HTML.escape($0.1))</dd>" }.joined()
        let webhooks = """
            <h2>Shopify webhooks</h2>
            <p>In Shopify admin, Settings → Notifications → Webhooks, create one webhook per topic (JSON format):</p>
            <table class="webhooks"><tbody>\(rows(inAdmin))</tbody></table>
            <p class="app-topics">The shop admin does not offer \(byApp.count) more topics (\(byApp.map(\.topic).joined(separator: ", "))):
            whoever runs your Shopify app subscribes them in its configuration, to the same address with the topic at the end.</p>
            """
        let messages = "<h2>Messages</h2><dl class=\"facts\">\(list)</dl>"
        let whatsApp = "<h2>WhatsApp</h2>" + section(settings, link: link, qrVersion: qrVersion, check: check)
        // Until WhatsApp is linked, linking it is what the merchant came for: it comes first.
        return (link.state == .linked ? [webhooks, messages, whatsApp] : [whatsApp, webhooks, messages]).joined(separator: "\n")
    }

    /// The WhatsApp section, which the script fetches again on each `whatsapp` event.
    static func section(_ settings: TenantSettings, link: LinkStatus, qrVersion: String?, check: String?) -> String {
        settings.cloud.map { cloudAPI($0, link: link) } ?? whatsApp(link: link, qrVersion: qrVersion, check: check)
    }

    /// A Cloud API tenant has nothing to link: its template, and the callback URL for Meta's app settings.
    private static func cloudAPI(_ cloud: (template: String, language: String, callbackURL: String), link: LinkStatus) -> String {
        let facts = [("Sent through", "the WhatsApp Cloud API"), ("Template", "\(cloud.template) (\(cloud.language))")]
            .map { "<dt>\($0.0)</dt><dd>\(HTML.escape($0.1))</dd>" }.joined()
        return """
            <section id="whatsapp" data-state="\(link.state.rawValue)"><p><strong class="link-state">\(HTML.escape(link.headline))\
            </strong>\(link.reason.map { "<br><span class=\"link-reason\">\(HTML.escape($0))</span>" } ?? "")</p>
            <dl class="facts">\(facts)</dl>
            <p>Callback URL for Meta's app (WhatsApp → Configuration), with the verify token the operator set:</p>
            <table class="webhooks"><tbody><tr><td>callbacks</td><td><code>\(HTML.breakableURL(cloud.callbackURL))</code></td>
            <td><button type="button" class="copy" data-copy="\(HTML.escape(cloud.callbackURL))">Copy</button></td></tr></tbody></table>
            </section>
            """
    }

    /// The link state and, while the sender shows one, the QR code; the script refreshes this part on events.
    /// `qrVersion` (the image's mtime) changes the image's address when the sender replaces the code.
    static func whatsApp(link: LinkStatus, qrVersion: String?, check: String?) -> String {
        let checked = check.map { "<p class=\"self-check\">\(HTML.escape($0))</p>" } ?? ""
        var qr = ""
        if link.state == .qr, let code = link.pairingCode {
            qr = "<p>Open WhatsApp on your phone, Settings → Linked devices → Link a device → Link with phone number"
                + " instead, and enter:</p><p class=\"pairing-code\">\(HTML.escape(code))</p>"
        } else if link.state == .qr, let qrVersion {
            qr = "<p>Open WhatsApp on your phone, Settings → Linked devices → Link a device, and scan:</p>"
                + "<img class=\"qr\" alt=\"WhatsApp QR code\" src=\"/whatsapp/qr.png?v=\(qrVersion)\">"
        }
        return """
            <section id="whatsapp" data-state="\(link.state.rawValue)"><p><strong class="link-state">\(HTML.escape(link.headline))</strong>\(
                link.reason.map { "<br><span class=\"link-reason\">\(HTML.escape($0))</span>" } ?? "")</p>\(checked)\(qr)\(
                link.state == .linked ? "" : connectForms)</section>
            """
    }

    /// Linking by QR code or by number: offered until WhatsApp is linked (a linked tenant has nothing to connect;
    /// if the phone ends the link, the state changes and they come back).
    private static let connectForms = """
        <form method="post" action="/whatsapp/connect"><button type="submit">Connect WhatsApp</button></form>
        <form method="post" action="/whatsapp/connect" class="by-phone"><label>On this phone? Link with your number
        instead: <input name="phone" type="tel" inputmode="tel" autocomplete="tel" placeholder="+49 151 12345678" required>
        </label><button type="submit">Get a code</button></form>
        """
}
