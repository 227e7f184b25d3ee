import CloudStandIn
import Foundation
import Glibc
import WhatsAppStandIn

// `wasp-stand-in`: the WhatsApp Web stand-in (or, with `cloud`, the Cloud API one) as a program of its own, for
// `make demo`, `wasp bench` and trying wasp by hand. Never part of the `wasp` binary. Its test hooks are plain GETs
// (README, "Trying it locally").

let usage = """
    usage: wasp-stand-in [--port N] [--autoscan SECONDS] [--qr-rotation SECONDS] [--reload-after CODES]
                         [--boot-delay SECONDS]
           wasp-stand-in cloud --phone-number-id ID --token TOKEN --template NAME:PARAMETERS

    Serves a local stand-in for WhatsApp Web on 127.0.0.1 (a free port unless --port), says its address on
    stderr ("listening address=127.0.0.1:PORT url=…"), and runs until SIGTERM or SIGINT. With --autoscan, a QR
    code on screen is "scanned by the phone" after that many seconds, as a merchant would; otherwise GET
    /_test/scan does it. The QR code changes every --qr-rotation seconds (20), the page asks for a reload after
    --reload-after codes (100), and each full load of the app takes --boot-delay seconds (0).
    With `cloud`, it is Meta's Cloud API instead, for that phone number id, bearer token and one approved template
    taking PARAMETERS body parameters.
    """

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}

/// `--name value` pairs; anything else is a usage error.
func options(_ words: ArraySlice<String>, allowed: Set<String>) -> [String: String] {
    var words = words
    var found: [String: String] = [:]
    while let word = words.popFirst() {
        guard word.hasPrefix("--"), allowed.contains(String(word.dropFirst(2))), let value = words.popFirst() else {
            fail(usage, status: 2)
        }
        found[String(word.dropFirst(2))] = value
    }
    return found
}

func number(_ options: [String: String], _ name: String, default value: Double) -> Double {
    guard let text = options[name] else { return value }
    guard let number = Double(text), number >= 0 else { fail("wasp-stand-in: --\(name) takes a number ≥ 0\n" + usage, status: 2) }
    return number
}

func announce(port: UInt16) {
    FileHandle.standardError.write(Data("wasp-stand-in: listening address=127.0.0.1:\(port) url=http://127.0.0.1:\(port)\n".utf8))
}

/// The phone: a code that stays on screen `seconds` is scanned.
func autoscan(_ standIn: WhatsAppStandIn, after seconds: Double) {
    Thread {
        var firstSeen: [String: Date] = [:]
        while true {
            for code in standIn.codesOnScreen {
                let seen = firstSeen[code] ?? Date()
                firstSeen[code] = seen
                if Date().timeIntervalSince(seen) >= seconds, standIn.scan(code) {
                    FileHandle.standardOutput.write(Data("wasp-stand-in: the phone scanned a QR code\n".utf8))
                }
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }.start()
}

func serveWhatsAppWeb(_ words: ArraySlice<String>) -> () -> Void {
    let given = options(words, allowed: ["port", "autoscan", "qr-rotation", "reload-after", "boot-delay"])
    guard let port = UInt16(given["port"] ?? "0") else { fail(usage, status: 2) }
    let standIn: WhatsAppStandIn
    do {
        standIn = try WhatsAppStandIn(port: port, qrRotation: number(given, "qr-rotation", default: 20),
                                      reloadAfter: Int(number(given, "reload-after", default: 100)),
                                      bootDelay: number(given, "boot-delay", default: 0))
    } catch {
        fail("wasp-stand-in: cannot listen: \(error)", status: 1)
    }
    announce(port: standIn.port)
    if given["autoscan"] != nil { autoscan(standIn, after: number(given, "autoscan", default: 0)) }
    return standIn.stop
}

func serveCloudAPI(_ words: ArraySlice<String>) -> () -> Void {
    let given = options(words, allowed: ["phone-number-id", "token", "template"])
    let template = (given["template"] ?? "").split(separator: ":")
    guard let id = given["phone-number-id"], let token = given["token"], template.count == 2,
          let parameters = Int(template[1]) else { fail(usage, status: 2) }
    let cloud: CloudStandIn
    do { cloud = try CloudStandIn(phoneNumberID: id, token: token, templates: [String(template[0]): parameters]) } catch {
        fail("wasp-stand-in: cannot listen: \(error)", status: 1)
    }
    announce(port: cloud.port)
    return cloud.stop
}

let arguments = CommandLine.arguments.dropFirst()
let stopServing = arguments.first == "cloud" ? serveCloudAPI(arguments.dropFirst()) : serveWhatsAppWeb(arguments)
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
stopServing()
withExtendedLifetime(sources) {}
