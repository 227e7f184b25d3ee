import Foundation
import Spool

enum LinkCommand: Command {
    static let name = "link"
    static let summary = "link a tenant's WhatsApp by QR code, and wait until it is linked"
    static let options: Set<String> = ["timeout", "phone"]
    static let help = """
    usage: wasp link TENANT [--phone +NUMBER] [--timeout DURATION] [--root DIR]

    Asks the running sender to open WhatsApp Web in the tenant's profile and show a QR code, then
    prints each state change (qr, linked, ...) and where the QR image is: spool/<t>/whatsapp/qr.png,
    replaced each time WhatsApp rotates it. Scan it on the merchant's phone: WhatsApp → Settings →
    Linked devices → Link a device. Exits 0 once linked, 1 when the link window (whatsapp.link_window,
    default 10m) ends without a scan or after --timeout (default: the window plus a minute).

    With --phone (the merchant's WhatsApp number with its country code, +4915112345678), no QR code:
    the sender asks WhatsApp for an eight-character code, printed here (and kept in
    spool/<t>/whatsapp/pairing-code, replaced when it expires); the merchant enters it on the phone
    under Linked devices → Link a device → Link with phone number instead. For a merchant whose
    only device is the phone that would have to scan.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        let config = try arguments.waspConfig()
        let spool = Spool(root: config.spoolPath)
        let tenant = try arguments.knownTenant(at: 0, in: spool)
        let phone = try arguments.options["phone"].map { (text: String) throws(CommandError) -> String in
            guard let number = PhoneNumberInput.e164(text) else {
                throw .usage("--phone \(text) is not a phone number with its country code; write e.g. +4915112345678")
            }
            return number
        }
        var timeout = config.linkWindow + 60
        if let text = arguments.options["timeout"] {
            guard case .success(let seconds) = ConfigValue.duration(text) else {
                throw .usage("--timeout \(text) is not a duration; write e.g. 90s or 10m")
            }
            timeout = seconds
        }
        do {
            // A tenant added before the spool was: linking is the step before the first order.
            if !spool.isPrepared(tenant) { try spool.prepare(tenant) }
            try spool.requestLink(tenant, phone: phone)
        } catch {
            throw .failed("cannot request the link: \(error)")
        }
        say("link requested; waiting for the sender (wasp sender must be running)")
        return watch(tenant, spool: spool, until: Date().addingTimeInterval(timeout))
    }

    private static func watch(_ tenant: TenantID, spool: Spool, until deadline: Date) -> Int32 {
        var last: LinkStatus?
        var sawQR = false
        while Date() < deadline {
            let status = spool.linkStatus(tenant)
            let state = status.state
            if status != last {
                say("state: \(state.rawValue) (\(status.sentence))"
                      + (state == .qr && status.pairingCode == nil ? "; scan \(spool.path(tenant, .whatsapp, Spool.qrFile))" : ""))
                last = status
            }
            if !spool.exists(Spool.linkRequestFile, tenant: tenant, in: .whatsapp) {
                if state == .linked { return 0 }
                if state == .qr { sawQR = true } else if sawQR || state == .error { return 1 }
            }
            usleep(200_000)
        }
        say("timed out")
        return 1
    }

    /// A line written at once, also into a pipe (`wasp link 5 | tee`), where `print` would hold it in a buffer.
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
