import CCurl
import Foundation
import Synchronization

/// A small HTTP client over libcurl: one request at a time per call, on its own thread, with a
/// connect timeout, a total timeout, a cap on the reply size, and retries after transport
/// failures and 429/5xx replies. Redirects are not followed; only http and https are spoken.
public struct HTTPClient: Sendable {
    public var connectTimeout: Double
    public var totalTimeout: Double
    /// Further attempts after the first one fails.
    public var retries: Int
    public var maxReplyBytes: Int

    public init(connectTimeout: Double = 5, totalTimeout: Double = 20, retries: Int = 1,
                maxReplyBytes: Int = 4 << 20) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.retries = retries
        self.maxReplyBytes = maxReplyBytes
    }

    /// Sends `request`; the last reply is returned even when its status is an error.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let isLast = attempt > retries || Task.isCancelled
            do {
                let response = try await perform(request)
                if isLast || !response.isRetryable { return response }
            } catch {
                if isLast || !error.isRetryable { throw error }
            }
        }
    }

    private func perform(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let transfer = CurlTransfer(request: request, client: self)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: transfer.run()) }
            }
        } onCancel: {
            transfer.cancel()
        }
        return try result.get()
    }
}

public struct HTTPRequest: Sendable {
    public var url: String
    public var headers: [String: String]
    /// Sent with POST; nil sends a GET.
    public var body: [UInt8]?

    public init(url: String, headers: [String: String] = [:], body: [UInt8]? = nil) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]

    var isRetryable: Bool { status == 429 || (500...599).contains(status) }
}

public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    case timedOut(seconds: Double)
    case connectionFailed(String)
    case replyTooLarge(limit: Int)
    case cancelled
    case transferFailed(String)

    public var description: String {
        switch self {
        case .timedOut(let seconds): "no complete reply within \(seconds) s"
        case .connectionFailed(let message): "cannot connect: \(message)"
        case .replyTooLarge(let limit): "the reply is larger than \(limit) bytes"
        case .cancelled: "cancelled"
        case .transferFailed(let message): message
        }
    }

    var isRetryable: Bool {
        switch self {
        case .timedOut, .connectionFailed, .transferFailed: true
        case .replyTooLarge, .cancelled: false
        }
    }
}

/// One libcurl easy transfer; its callbacks reach it through the userdata pointer.
private final class CurlTransfer: @unchecked Sendable {
    private let request: HTTPRequest
    private let client: HTTPClient
    private let cancelled = Atomic(false)
    /// Written only by libcurl's callbacks on the transfer's thread.
    private var reply: [UInt8] = []
    private var overflowed = false

    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    init(request: HTTPRequest, client: HTTPClient) {
        self.request = request
        self.client = client
    }

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    func run() -> Result<HTTPResponse, HTTPError> {
        guard Self.initialized, let curl = curl_easy_init() else {
            return .failure(.transferFailed("libcurl could not be initialised"))
        }
        defer { curl_easy_cleanup(curl) }
        var headers: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            headers = curl_slist_append(headers, "\(name): \(value)")
        }
        defer { curl_slist_free_all(headers) }
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorText.deallocate() }

        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = mas_curl_setopt_string(curl, CURLOPT_URL, request.url)
        _ = mas_curl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = mas_curl_setopt_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = mas_curl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(client.connectTimeout))
        _ = mas_curl_setopt_long(curl, CURLOPT_TIMEOUT_MS, Self.milliseconds(client.totalTimeout))
        _ = mas_curl_setopt_slist(curl, CURLOPT_HTTPHEADER, headers)
        _ = mas_curl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorText)
        _ = mas_curl_setopt_write(curl, CURLOPT_WRITEFUNCTION, { pointer, size, count, userdata in
            guard let userdata else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue().receive(pointer, size * count)
        })
        _ = mas_curl_setopt_pointer(curl, CURLOPT_WRITEDATA, me)
        _ = mas_curl_setopt_long(curl, CURLOPT_NOPROGRESS, 0)
        _ = mas_curl_setopt_progress(curl, CURLOPT_XFERINFOFUNCTION, { userdata, _, _, _, _ in
            guard let userdata else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
                .cancelled.load(ordering: .relaxed) ? 1 : 0
        })
        _ = mas_curl_setopt_pointer(curl, CURLOPT_XFERINFODATA, me)
        if let body = request.body {
            _ = mas_curl_setopt_offset(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = body.withUnsafeBytes { bytes in
                mas_curl_setopt_pointer(curl, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        }

        let code = curl_easy_perform(curl)
        guard code == CURLE_OK else { return .failure(error(for: code, detail: String(cString: errorText))) }
        var status = 0
        _ = mas_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, body: reply))
    }

    private func receive(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        guard reply.count + length <= client.maxReplyBytes else {
            overflowed = true
            return 0
        }
        pointer.map { reply.append(contentsOf: UnsafeRawBufferPointer(start: $0, count: length)) }
        return length
    }

    private func error(for code: CURLcode, detail: String) -> HTTPError {
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(seconds: client.totalTimeout)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectionFailed(message)
        case CURLE_WRITE_ERROR where overflowed: return .replyTooLarge(limit: client.maxReplyBytes)
        case CURLE_ABORTED_BY_CALLBACK: return .cancelled
        default: return .transferFailed(message)
        }
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        Int((max(0.001, seconds) * 1000).rounded())
    }
}
