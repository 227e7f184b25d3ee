import Foundation
import Glibc
import WhatsAppStandIn

// `wasp-standin`: the WhatsApp Web stand-in as a program of its own, for `make demo` and for trying wasp by hand.
// Never part of the `wasp` binary. Its test hooks are plain GETs (README, "Trying it locally").

let usage = """
    usage: wasp-standin [--port N] [--autoscan SECONDS]

    Serves a local stand-in for WhatsApp Web on 127.0.0.1 (a free port unless --port), prints its address, and
    runs until SIGTERM or SIGINT. With --autoscan, a QR code on screen is "scanned by the phone" after that many
    seconds, as a merchant would; otherwise GET /_test/scan does it.
    """

var port: UInt16 = 0
var autoscan: Double?
var words = CommandLine.arguments.dropFirst()
while let word = words.popFirst() {
    switch (word, words.popFirst()) {
    case ("--port", let value?) where UInt16(value) != nil: port = UInt16(value)!
    case ("--autoscan", let value?) where Double(value).map({ $0 >= 0 }) == true: autoscan = Double(value)!
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
}

let standIn: WhatsAppStandIn
do { standIn = try WhatsAppStandIn(port: port, qrRotation: 20, reloadAfter: 100) } catch {
    FileHandle.standardError.write(Data("wasp-standin: cannot listen: \(error)\n".utf8))
    exit(1)
}
FileHandle.standardOutput.write(Data("wasp-standin: listening url=\(standIn.url)\n".utf8))

if let autoscan {
    // The phone: a code that stays on screen `autoscan` seconds is scanned.
    Thread {
        var firstSeen: [String: Date] = [:]
        while true {
            for code in standIn.codesOnScreen {
                let seen = firstSeen[code] ?? Date()
                firstSeen[code] = seen
                if Date().timeIntervalSince(seen) >= autoscan, standIn.scan(code) {
                    FileHandle.standardOutput.write(Data("wasp-standin: the phone scanned a QR code\n".utf8))
                }
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }.start()
}

let stop = DispatchSemaphore(value: 0)
signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
let sources = [SIGTERM, SIGINT].map { number in
    let source = DispatchSource.makeSignalSource(signal: number)
    source.setEventHandler { stop.signal() }
    source.resume()
    return source
}
stop.wait()
standIn.stop()
withExtendedLifetime(sources) {}
