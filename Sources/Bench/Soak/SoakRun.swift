import Foundation
import Glibc
import Spool
import Supervisor

/// A soak site at work: both stand-ins, a root with its tenants (`SoakSite`), `wasp up` on it, and the WhatsApp Web
/// tenants linked.
struct SoakRun {
    let root: String
    let spool: Spool
    let site: SoakSite
    let web: LocalWhatsAppWeb
    let cloud: LocalService
    let up: DaemonProcess

    /// Sets a site up for `body`, which returns its result and whether it was clean; then stops `wasp up` and
    /// removes the root, unless asked to keep it or the run was not clean (it keeps `up.log` beside it then).
    static func with<T>(_ settings: SoakBench.Settings, name: String, progress: (String) -> Void,
                        _ body: (SoakRun) throws -> (T, clean: Bool)) throws -> T {
        let root = settings.directory + "/wasp-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let web = try LocalWhatsAppWeb(beside: settings.executable)
        let cloud = try LocalService.cloudAPI(beside: settings.executable, token: "soak-token")
        defer {
            web.stop()
            cloud.stop()
        }
        let spool = Spool(root: settings.spool ?? root + "/spool")
        let site = try SoakSite.make(root: root, spool: spool, settings: settings, webURL: web.url, cloudURL: cloud.url)
        let up = try DaemonProcess(executable: settings.executable, arguments: ["up", "--root", root],
                                   readyWhen: "intake: listening", timeout: 30)
        try PhoneLinking.link(site.webTenants, spool: spool, web: web)
        progress("\(name): \(site.webTenants.count) WhatsApp Web tenants linked; posting \(settings.orders) orders")
        let (result, clean) = try body(SoakRun(root: root, spool: spool, site: site, web: web, cloud: cloud, up: up))
        _ = up.stop()
        if settings.keep || !clean {
            try? up.log.joined(separator: "\n").write(toFile: root + "/up.log", atomically: false, encoding: .utf8)
            progress("\(name): the run's root is kept at \(root)")
        } else {
            try? FileManager.default.removeItem(atPath: root)
        }
        return result
    }

    /// `count` orders spread over every tenant of the site, the first `calm` to be posted without chaos.
    func orders(_ count: Int, calm: Int) -> [SoakOrder] {
        SoakOrder.plan(count: count, calm: calm, tenants: site.webTenants + site.cloudTenants,
                       firstID: UInt64(Date().timeIntervalSince1970) * 1000)
    }

    /// A shop posting to the site's intake.
    func shop(delay: TimeInterval) -> SoakShop {
        SoakShop(port: site.intakePort, delay: delay)
    }

    func sends() throws -> [String: [Date]] { try Self.sends(web.service, cloud) }

    /// Every message each customer (digits) got, with when, from both stand-ins: what wasp cannot write.
    static func sends(_ web: LocalService, _ cloud: LocalService) throws -> [String: [Date]] {
        var sends: [String: [Date]] = [:]
        for message in try web.messages() + cloud.messages() where !message.incoming {
            sends[message.phone.filter(\.isNumber), default: []].append(message.at)
        }
        return sends
    }
}
