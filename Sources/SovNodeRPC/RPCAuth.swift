import SovPrimitives

/// Core's `rpcauth=` credential line (share/rpcauth/rpcauth.py): a random 16-byte salt as hex, and
/// HMAC-SHA256 keyed with the salt's hex text over the password, as hex.
public struct RPCAuth: Sendable, Equatable {
    public var user: String
    public var salt: String
    public var password: String

    /// A new credential with a random salt and a random 32-byte password (URL-safe base64, as Core's script).
    public static func generate(user: String) -> RPCAuth {
        var saltBytes = [UInt8](repeating: 0, count: 16)
        var passwordBytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in saltBytes.indices { saltBytes[i] = rng.next() }
        for i in passwordBytes.indices { passwordBytes[i] = rng.next() }
        return RPCAuth(user: user, salt: saltBytes.hex, password: RPCAuth.urlSafeBase64(passwordBytes))
    }

    public init(user: String, salt: String, password: String) {
        self.user = user
        self.salt = salt
        self.password = password
    }

    public var passwordHMAC: String {
        Hashes.hmacSHA256(key: Array(salt.utf8), data: Array(password.utf8)).hex
    }

    /// `rpcauth=USER:SALT$HMAC`
    public var configLine: String { "rpcauth=\(user):\(salt)$\(passwordHMAC)" }

    static func urlSafeBase64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            var n = UInt32(bytes[i]) << 16
            if rest == 2 { n |= UInt32(bytes[i + 1]) << 8 }
            out.append(alphabet[Int((n >> 18) & 63)])
            out.append(alphabet[Int((n >> 12) & 63)])
            if rest == 2 { out.append(alphabet[Int((n >> 6) & 63)]) }
            out.append(contentsOf: Array(repeating: UInt8(ascii: "="), count: 3 - rest))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
