import Foundation

/// The WhatsApp Web stand-in as its own process (`wasp-stand-in`), and the phone that links to it.
final class LocalWhatsAppWeb {
    let service: LocalService
    var url: String { service.url }

    /// A QR code that changes every 5 s and asks for a reload after 100, and `bootDelay` seconds per full load.
    init(beside executable: String, bootDelay: Double = 0) throws {
        service = try LocalService(beside: executable, arguments: ["--qr-rotation", "5", "--reload-after", "100",
                                                                   "--boot-delay", String(bootDelay)])
    }

    func stop() { service.stop() }

    /// "Scans" every QR code on screen now.
    func scanCodesOnScreen() throws {
        for code in try service.get("/_test/codes").split(separator: "\n") {
            _ = try? service.get("/_test/scan?code=" + code)
        }
    }

    /// Full loads of the app so far.
    func pageLoads() throws -> Int {
        let text = try service.get("/_test/page-loads")
        guard let count = Int(text) else { throw BenchError("\(url)/_test/page-loads said '\(text)'") }
        return count
    }

    /// The dialogs the sender closed ("What's new" after a link, notices) and the devices logged out by one left open.
    func dialogs() throws -> (whatsNew: Int, notices: Int, loggedOut: Int) {
        let text = try service.get("/_test/dialogs")
        let counts = text.split(separator: " ").compactMap { Int($0) }
        guard counts.count == 3 else { throw BenchError("\(url)/_test/dialogs said '\(text)'") }
        return (counts[0], counts[1], counts[2])
    }

    /// A notice over the app on the next session check, as WhatsApp shows one now and then.
    func showDialog() throws {
        try service.get("/_test/show-dialog")
    }
}
