import Foundation
import Spool

extension Doctor {
    /// The link, and the sender's last self-check of the live page (`whatsapp/self-check`).
    func webFindings() -> [Finding] {
        let link = spool.linkStatus(tenant)
        let linked = link.state == .linked || link.isPausedBySelfCheck
            ? Finding("whatsapp link", .ok, "linked")
            : Finding("whatsapp link", .fail, link.sentence + "; link it with 'wasp link \(tenant)' (the sender must be running)")
        return [linked, selfCheckFinding()]
    }

    private func selfCheckFinding() -> Finding {
        let name = "whatsapp web self-check"
        guard let check = spool.selfCheck(tenant) else {
            return Finding(name, .skip, "not run yet; the sender runs it after each link, browser start and every "
                           + "sender.self_check_every (\(Self.duration(config.senderSelfCheckEvery)))")
        }
        let seen = "on the \(check.screen) screen at \(Timestamp.string(check.at)), WhatsApp Web build \(check.build ?? "unknown")"
        guard check.isPassing else {
            return Finding(name, .fail, "\(check.missing.joined(separator: ", ")) not found \(seen): sends are held. Open "
                           + spool.path(tenant, .whatsapp, Spool.selfCheckFile + ".png") + " and .html, fix those lines in "
                           + "etc/whatsapp-web.selectors; the sender checks again every sender.self_check_retry "
                           + "(\(Self.duration(config.senderSelfCheckRetry))) and sends once it passes")
        }
        return Finding(name, .ok, "every element found " + seen)
    }

    static func duration(_ seconds: TimeInterval) -> String {
        seconds >= 3600 && seconds.truncatingRemainder(dividingBy: 3600) == 0 ? "\(Int(seconds / 3600))h"
            : seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(seconds / 60))m" : "\(Int(seconds))s"
    }
}
