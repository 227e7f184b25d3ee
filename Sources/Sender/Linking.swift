import Foundation
import Spool
import WhatsApp

/// Linking a tenant's browser profile to the merchant's phone: the QR code is written to `whatsapp/qr.png`
/// (replaced atomically at each rotation) while `state` is `qr`, until the chat list shows (`linked`) or the link
/// window ends (`unlinked`; orders keep waiting in `ready/`).
struct Linking {
    let spool: Spool
    let pool: BrowserPool
    let queues: TenantQueues
    let window: TimeInterval
    let states: LinkStates
    let selfChecks: SelfChecks
    let log: Log

    /// After a window nobody used, orders waiting for the tenant bring the QR back only after this long.
    static let automaticRetry: TimeInterval = 3600

    func link(_ tenant: TenantID) {
        let phone = spool.linkRequestPhone(tenant)
        try? spool.remove(Spool.linkRequestFile, tenant: tenant, from: .whatsapp)
        queues.clearLinkRequest(tenant)
        let unlinked: LinkState = spool.linkState(tenant) == .loggedOut ? .loggedOut : .unlinked
        let web: WhatsAppWeb
        do { web = try pool.acquire(tenant) } catch {
            // Moving to another shard: its state there must be the one copied, not an error made here.
            if case .notServed = error { return }
            give(up: tenant, state: .error, reason: Self.explain(error), retry: 60)
            return
        }
        log.event("linking: opening WhatsApp Web", tenant: tenant,
                  ["window": "\(Int(window))s", "by": phone == nil ? "qr" : "phone number " + Log.masked(phone: phone!)])
        let deadline = Date().addingTimeInterval(window)
        do {
            let linked = if let phone {
                try web.link(phoneDigits: phone.filter(\.isNumber), until: deadline) { code in showPairingCode(code, tenant: tenant) }
            } else {
                try web.link(until: deadline) { image in show(image, tenant: tenant) }
            }
            if linked { pool.keepOpenAfterLink(tenant) }
            // A page that fails its check has set the state `error` naming what is missing: not `linked` over it.
            let check = linked ? selfChecks.run(tenant, on: web) : .notChecked
            pool.release(tenant)
            removeCodes(tenant)
            if linked {
                if check != .failed { setState(.linked, tenant) }
                queues.setLinked(tenant, true)
                log.event("linked", tenant: tenant)
            } else {
                give(up: tenant, state: unlinked, reason: phone == nil ? "nobody scanned the QR code in time"
                                                                      : "nobody entered the code in time", retry: Self.automaticRetry)
            }
        } catch .stopping {
            // Left for the next start, which finds the same orders waiting and the same link request gone.
            pool.release(tenant, broken: true)
            removeCodes(tenant)
            setState(unlinked, tenant, reason: "the sender stopped during the link window")
            log.event("linking given up: stopping", tenant: tenant)
        } catch {
            pool.release(tenant, broken: true)
            removeCodes(tenant)
            give(up: tenant, state: .error, reason: Self.explain(.browser(error)), retry: 60)
        }
    }

    private func removeCodes(_ tenant: TenantID) {
        try? spool.remove(Spool.qrFile, tenant: tenant, from: .whatsapp)
        try? spool.remove(Spool.pairingCodeFile, tenant: tenant, from: .whatsapp)
    }

    /// Written before the state, so whoever sees `qr` with a pairing code finds the code itself.
    private func showPairingCode(_ code: String, tenant: TenantID) {
        do {
            try spool.replace(Spool.pairingCodeFile, tenant: tenant, in: .whatsapp, with: Data((code + "\n").utf8), modified: Date())
            setState(.qr, tenant)
            log.event("linking: pairing code ready; enter it in WhatsApp → Linked devices → Link with phone number",
                      tenant: tenant, ["code": code])
        } catch {
            log.event("cannot write the pairing code", tenant: tenant, ["error": error.description])
        }
    }

    /// Why linking failed, in words a merchant understands, the technical detail in brackets for the operator.
    static func explain(_ error: SenderError) -> String {
        let words: String
        switch error {
        case .selectors: words = "the server's settings for WhatsApp Web have an error"
        case .browser(.navigationFailed): words = "WhatsApp Web could not be reached from the server"
        case .browser(.cannotStart): words = "the server could not start its browser"
        case .browser(.timedOut): words = "WhatsApp Web did not answer in time"
        case .browser(.exited), .browser(.pageCrashed): words = "the server's browser stopped unexpectedly"
        case .browser(.refused): words = "WhatsApp Web turned away the server's browser as unsupported; the operator must update Chromium or its identity"
        case .browser: words = "WhatsApp Web did not behave as expected"
        case .notServed: words = "this server no longer serves the shop"
        }
        return "\(words) (\(error))"
    }

    /// A send found the QR screen: the profile was never linked, or the phone logged it out.
    static func noticeUnlinked(_ tenant: TenantID, spool: Spool, states: LinkStates, queues: TenantQueues, log: Log) {
        let state: LinkState = [.linked, .loggedOut].contains(spool.linkState(tenant)) ? .loggedOut : .unlinked
        states.set(state, reason: state == .loggedOut
                       ? "WhatsApp ended this server's session (the phone removed it, or was not used for 14 days)" : nil,
                   tenant: tenant)
        queues.setLinked(tenant, false)
        log.event("WhatsApp is not linked; orders wait", tenant: tenant, ["state": state.rawValue])
    }

    private func show(_ image: Data, tenant: TenantID) {
        do {
            try spool.replace(Spool.qrFile, tenant: tenant, in: .whatsapp, with: image, modified: Date())
            if spool.linkState(tenant) != .qr {
                setState(.qr, tenant)
                log.event("linking: QR code ready; scan it in WhatsApp → Linked devices", tenant: tenant,
                          ["file": spool.path(tenant, .whatsapp, Spool.qrFile)])
            }
        } catch {
            log.event("cannot write the QR code", tenant: tenant, ["error": error.description])
        }
    }

    private func give(up tenant: TenantID, state: LinkState, reason: String, retry: TimeInterval) {
        setState(state, tenant, reason: reason)
        queues.postponeAutomaticLink(tenant, until: Date().addingTimeInterval(retry))
        log.event("linking ended without a link", tenant: tenant, ["state": state.rawValue, "reason": reason])
    }

    private func setState(_ state: LinkState, _ tenant: TenantID, reason: String? = nil) {
        states.set(state, reason: reason, tenant: tenant)
    }
}
