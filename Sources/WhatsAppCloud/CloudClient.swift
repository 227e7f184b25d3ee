import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JSON
import Synchronization

/// Meta's Cloud API over HTTPS (libcurl through FoundationNetworking): one request per message, synchronous, on
/// the sender's worker thread, within `timeout`.
public final class CloudClient: Sendable {
    private let apiURL: String
    private let session: URLSession

    public init(apiURL: String, timeout: TimeInterval) {
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    public func send(_ message: CloudMessage, phoneNumberID: String, token: String) -> CloudAnswer {
        guard let url = URL(string: "\(apiURL)/\(phoneNumberID)/messages") else {
            return .accountProblem("cloud.api_url and cloud.phone_number_id make no URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(message.json.serialized.utf8)
        let answer = Mutex<CloudAnswer?>(nil)
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { body, response, error in
            let result: CloudAnswer
            if let response = response as? HTTPURLResponse {
                result = CloudAnswer.from(status: response.statusCode, body: body ?? Data(),
                                          retryAfter: response.value(forHTTPHeaderField: "Retry-After"),
                                          template: message.template, language: message.language)
            } else {
                result = .retryLater("Meta's API could not be reached (\(error?.localizedDescription ?? "no answer"))", retryAfter: nil)
            }
            answer.withLock { $0 = result }
            done.signal()
        }.resume()
        done.wait()
        return answer.withLock { $0 }!
    }
}
