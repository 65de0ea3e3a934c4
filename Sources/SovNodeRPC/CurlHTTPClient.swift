import CCurl
import FoundationEssentials
import SovPrimitives

/// The outcome of one HTTP exchange.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
}

/// Why an HTTP exchange did not produce a response.
public enum HTTPTransportError: Error, Sendable, Equatable {
    case connectionRefused(String)
    case timedOut(String)
    case unresolvedHost(String)
    case other(code: Int, message: String)
}

/// A minimal HTTP/1.1 POST (and GET) client over libcurl that keeps one connection alive between requests.
///
/// One easy handle is reused for every request, so consecutive calls ride the same TCP connection
/// (libcurl's connection cache). Requests are serialized by a lock; callers wanting parallelism use
/// several clients.
public final class CurlHTTPClient: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let lock = Lock()

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init() {
        _ = CurlHTTPClient.globalInit
        handle = curl_easy_init()
    }

    deinit { curl_easy_cleanup(handle) }

    /// GETs `url`; `timeout` bounds the whole exchange.
    public func get(url: String, timeout: Double) throws(HTTPTransportError) -> HTTPResponse {
        try perform(url: url, body: nil, contentType: "", user: nil, password: nil, timeout: timeout)
    }

    /// POSTs `body` to `url` with optional basic authentication; `timeout` bounds the whole exchange.
    public func post(url: String, body: [UInt8], contentType: String = "application/json",
                     user: String?, password: String?, timeout: Double) throws(HTTPTransportError) -> HTTPResponse {
        try perform(url: url, body: body, contentType: contentType, user: user, password: password, timeout: timeout)
    }

    private func perform(url: String, body: [UInt8]?, contentType: String,
                         user: String?, password: String?, timeout: Double) throws(HTTPTransportError) -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        let response = ResponseBuffer()
        let code: CURLcode = (body ?? []).withUnsafeBytes { bytes in
            curl_easy_reset(handle)
            sov_curl_set_string(handle, CURLOPT_URL, url)
            if body != nil {
                sov_curl_set_long(handle, CURLOPT_POST, 1)
                sov_curl_set_post_body(handle, bytes.baseAddress, bytes.count)
            }
            sov_curl_set_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(timeout * 1000)))
            sov_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(min(timeout, 10) * 1000)))
            sov_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            sov_curl_set_long(handle, CURLOPT_TCP_NODELAY, 1)
            if let user {
                sov_curl_set_long(handle, CURLOPT_HTTPAUTH, 1)  // CURLAUTH_BASIC
                sov_curl_set_string(handle, CURLOPT_USERNAME, user)
                sov_curl_set_string(handle, CURLOPT_PASSWORD, password ?? "")
            }
            var headers: UnsafeMutablePointer<curl_slist>? = nil
            if body != nil { headers = curl_slist_append(headers, "Content-Type: \(contentType)") }
            headers = curl_slist_append(headers, "Expect:")
            defer { curl_slist_free_all(headers) }
            sov_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headers))
            sov_curl_set_write_callback(handle) { pointer, size, count, userdata in
                guard let pointer, let userdata else { return 0 }
                let buffer = Unmanaged<ResponseBuffer>.fromOpaque(userdata).takeUnretainedValue()
                let length = size * count
                pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                    buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                }
                return length
            }
            sov_curl_set_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(response).toOpaque())
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            switch code {
            case CURLE_COULDNT_CONNECT: throw .connectionRefused(message)
            case CURLE_OPERATION_TIMEDOUT: throw .timedOut(message)
            case CURLE_COULDNT_RESOLVE_HOST: throw .unresolvedHost(message)
            default: throw .other(code: Int(code.rawValue), message: message)
            }
        }
        return HTTPResponse(status: sov_curl_response_code(handle), body: response.bytes)
    }
}

private final class ResponseBuffer {
    var bytes: [UInt8] = []
}
