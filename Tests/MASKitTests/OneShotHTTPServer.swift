import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A minimal HTTP server on 127.0.0.1 for tests. Each connection gets the same reply, after an
/// optional delay; it stops accepting after `requests` connections. It records what it received.
final class OneShotHTTPServer: Sendable {
    let port: UInt16
    private let listener: Int32
    private let received = Mutex<[String]>([])
    private let answered = DispatchSemaphore(value: 0)
    private let requests: Int

    /// - Parameters:
    ///   - delay: seconds to wait after reading a request before replying (to test timeouts).
    ///   - requests: connections to serve before closing the listener.
    init(body: String, status: String = "200 OK", contentType: String = "text/plain",
         delay: Double = 0, requests: Int = 1) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        self.listener = listener
        self.requests = requests
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { close(listener); throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_in()
        var actualLength = length
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &actualLength) }
        }
        port = UInt16(bigEndian: actual.sin_port)

        let response = "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        Thread.detachNewThread { [self] in
            defer { close(listener) }
            for _ in 0..<requests {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                Thread.detachNewThread { [self] in
                    defer { close(connection); answered.signal() }
                    received.withLock { $0.append(Self.readRequest(connection)) }
                    if delay > 0 { Thread.sleep(forTimeInterval: delay) }
                    // MSG_NOSIGNAL: the client may have given up; that must not raise SIGPIPE.
                    _ = response.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                }
            }
        }
    }

    /// The first line of the first request, once it has been answered (nil after 5 s).
    func waitForRequestLine() -> String? {
        waitForRequests(1).first?.components(separatedBy: "\r\n").first
    }

    /// The full text of the requests answered so far, waiting up to 5 s for `count` of them.
    func waitForRequests(_ count: Int) -> [String] {
        for _ in 0..<count where answered.wait(timeout: .now() + 5) == .timedOut { break }
        return received.withLock { $0 }
    }

    /// The requests received so far, answered or not.
    var requestsReceived: [String] { received.withLock { $0 } }

    /// Reads the head and, when it announces one, the body of a request.
    private static func readRequest(_ connection: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let headEnd = (0...max(0, bytes.count - separator.count)).first(where: {
                bytes.count >= separator.count && Array(bytes[$0..<($0 + separator.count)]) == separator
            }) {
                let head = String(decoding: bytes[..<headEnd], as: UTF8.self).lowercased()
                let length = head.components(separatedBy: "\r\n")
                    .first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if bytes.count - (headEnd + separator.count) >= length { break }
            }
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
