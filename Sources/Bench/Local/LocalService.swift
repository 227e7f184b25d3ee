import Foundation
import HTTP
import JSON
import Supervisor

/// A stand-in for a service wasp cannot reach from a bench (WhatsApp Web, Meta's Cloud API), run as its own
/// process: the `wasp-stand-in` program from Tests/, so that no test code is linked into `wasp`. The bench
/// talks to it over loopback HTTP, through its `/_test/…` hooks.
final class LocalService {
    /// One message the service received: from wasp, or (`incoming`) from a customer.
    struct Message {
        let phone: String
        let text: String
        let incoming: Bool
        let at: Date
    }

    static let programName = "wasp-stand-in"
    /// Names the program when it is not beside `wasp`.
    static let programVariable = "WASP_STAND_IN"

    let url: String
    private let port: UInt16
    private let process: DaemonProcess

    /// Starts the program found for `executable` (the `wasp` that runs the bench) with `arguments`.
    init(beside executable: String, arguments: [String]) throws {
        let program = try Self.program(beside: executable)
        process = try DaemonProcess(executable: program, arguments: arguments, readyWhen: "\(Self.programName): listening")
        guard let port = process.port else {
            process.stop()
            throw BenchError("\(program) gave no address; it said: \(process.log.joined(separator: " | "))")
        }
        self.port = port
        url = "http://127.0.0.1:\(port)"
    }

    deinit { stop() }

    /// `$WASP_STAND_IN`, else `wasp-stand-in` in the directory of `executable`; an error saying how to build it.
    static func program(beside executable: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> String {
        let path = environment[programVariable]
            ?? URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(programName).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("this bench needs \(programName), the local stand-in for WhatsApp, and there is none at \(path): "
                             + "build it with 'swift build -c release --product \(programName)' (without '-c release' "
                             + "for a debug wasp), or name one with \(programVariable)=PATH")
        }
        return path
    }

    func stop() { process.stop() }

    /// The body of `GET target`, which must answer 200.
    @discardableResult
    func get(_ target: String) throws -> String {
        let client = try HTTPClient(host: "127.0.0.1", port: port, timeout: 10)
        let response = try client.send("GET", target)
        guard response.status == 200 else { throw BenchError("\(url)\(target) answered \(response.status): \(response.text)") }
        return response.text
    }

    /// Every message it received so far, oldest first.
    func messages() throws -> [Message] {
        guard let list = JSONValue.parse(Data(try get("/_test/messages.json").utf8)) else {
            throw BenchError("\(url)/_test/messages.json is not JSON")
        }
        return list.array.map { item in
            Message(phone: item["phone"].string ?? "", text: item["text"].string ?? "", incoming: item["incoming"].bool,
                    at: Date(timeIntervalSince1970: item["at"].double ?? 0))
        }
    }
}

extension LocalService {
    /// Meta's Cloud API for phone number id 1065 with `token` and one template, `order_confirmation`, taking two
    /// parameters: what `CloudSenderBench.providerLines` configures.
    static func cloudAPI(beside executable: String, token: String) throws -> LocalService {
        try LocalService(beside: executable, arguments: ["cloud", "--phone-number-id", "1065", "--token", token,
                                                         "--template", "order_confirmation:2"])
    }
}
