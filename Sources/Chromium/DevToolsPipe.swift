import Foundation
import Glibc
import JSON
import Synchronization

/// The DevTools protocol over `--remote-debugging-pipe`: JSON messages ended by a NUL byte, ours into the
/// browser's descriptor 3, its answers and events out of its descriptor 4. One thread reads; callers block
/// on their own answer with a deadline, so a hung browser costs a timeout, never a stuck sender.
final class DevToolsPipe: Sendable {
    private final class Call: Sendable {
        let session: String?
        let answered = DispatchSemaphore(value: 0)
        let answer = Mutex<Result<JSONValue, BrowserError>?>(nil)

        init(session: String?) {
            self.session = session
        }

        func finish(_ result: Result<JSONValue, BrowserError>) {
            answer.withLock { $0 = $0 ?? result }
            answered.signal()
        }
    }

    private struct State {
        var nextID = 1
        var calls: [Int: Call] = [:]
        var closed = false
        var crashedSessions: Set<String> = []
    }

    private let toBrowser: Int32
    private let fromBrowser: Int32
    private let state = Mutex(State())
    /// Told of each target the browser attached by itself (`Target.setAutoAttach`), on the reader thread.
    private let attached = Mutex<(@Sendable (AttachedTarget) -> Void)?>(nil)
    /// False once our end is closed, so no write ever goes to a descriptor number reused since.
    private let writable = Mutex(true)

    /// Takes ownership of both descriptors.
    init(toBrowser: Int32, fromBrowser: Int32) {
        self.toBrowser = toBrowser
        self.fromBrowser = fromBrowser
        let thread = Thread { [self] in readUntilClosed() }
        thread.name = "devtools-pipe"
        thread.start()
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Sends one command and waits for its answer.
    func call(_ method: String, _ parameters: JSONValue = [:], session: String? = nil,
              timeout: TimeInterval) throws(BrowserError) -> JSONValue {
        let call = Call(session: session)
        let id: Int = try state.withLock { state throws(BrowserError) in
            if state.closed { throw .exited }
            if let session, state.crashedSessions.contains(session) { throw .pageCrashed }
            defer { state.nextID += 1 }
            state.calls[state.nextID] = call
            return state.nextID
        }
        var message: JSONValue = ["id": .number(String(id)), "method": .string(method), "params": parameters]
        if let session, case .object(var members) = message {
            members["sessionId"] = .string(session)
            message = .object(members)
        }
        guard send(message.serialized) else {
            forget(id)
            throw .exited
        }
        if call.answered.wait(timeout: .now() + timeout) == .timedOut {
            forget(id)
            throw .timedOut(what: "answer to \(method)", seconds: Int(timeout.rounded()))
        }
        return try call.answer.withLock { $0! }.get()
    }

    /// Sends one command without waiting for its answer (which is dropped): for the reader thread, which must
    /// never wait on itself. A target runs its commands in the order sent.
    func post(_ method: String, _ parameters: JSONValue = [:], session: String) {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let message: JSONValue = ["id": .number(String(id)), "method": .string(method), "params": parameters,
                                  "sessionId": .string(session)]
        _ = send(message.serialized)
    }

    /// Calls `handler` for every target attached by itself from now on, e.g. a service worker paused until told to run.
    func onAttach(_ handler: @escaping @Sendable (AttachedTarget) -> Void) {
        attached.withLock { $0 = handler }
    }

    /// Closes our ends; the reader thread ends with them.
    func close() {
        writable.withLock { open in
            if open { Glibc.close(toBrowser) }
            open = false
        }
        finishAll(.exited)
    }

    private func forget(_ id: Int) {
        _ = state.withLock { $0.calls.removeValue(forKey: id) }
    }

    private func send(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return writable.withLock { open in
            guard open else { return false }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(toBrowser, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    private func readUntilClosed() {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fromBrowser, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            while let end = pending.firstIndex(of: 0) {
                if let message = JSONValue.parse(Data(pending[..<end])) { dispatch(message) }
                pending.removeSubrange(...end)
            }
        }
        Glibc.close(fromBrowser)
        finishAll(.exited)
    }

    private func dispatch(_ message: JSONValue) {
        guard let id = message["id"].text.flatMap(Int.init) else { return noticeEvent(message) }
        guard let call = state.withLock({ $0.calls.removeValue(forKey: id) }) else { return }
        if message["error"].isObject {
            call.finish(.failure(.protocolError(method: "#\(id)", message: message["error"]["message"].text ?? "?")))
        } else {
            call.finish(.success(message["result"]))
        }
    }

    /// A crash fails every call waiting on the crashed tab at once instead of letting it time out; a target
    /// attached by itself goes to the `onAttach` handler.
    private func noticeEvent(_ message: JSONValue) {
        if message["method"].text == "Target.attachedToTarget", let target = AttachedTarget(message["params"]) {
            attached.withLock { $0 }?(target)
            return
        }
        guard message["method"].text == "Inspector.targetCrashed", let session = message["sessionId"].text else { return }
        let waiting = state.withLock { state in
            state.crashedSessions.insert(session)
            return state.calls.filter { $0.value.session == session }.map(\.value)
        }
        waiting.forEach { $0.finish(.failure(.pageCrashed)) }
    }

    private func finishAll(_ error: BrowserError) {
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.calls = [:] }
            return Array(state.calls.values)
        }
        waiting.forEach { $0.finish(.failure(error)) }
    }
}

/// A target the browser attached by itself: its session, its kind (`service_worker`, `worker`, `iframe`, …), and
/// whether it waits for a `Runtime.runIfWaitingForDebugger` before running any script.
struct AttachedTarget: Sendable {
    let session: String
    let type: String
    let isWaiting: Bool

    init?(_ parameters: JSONValue) {
        guard let session = parameters["sessionId"].text else { return nil }
        self.session = session
        type = parameters["targetInfo"]["type"].text ?? ""
        isWaiting = parameters["waitingForDebugger"].bool
    }
}
