import SovPrimitives

/// A BIP39 mnemonic: English words encoding entropy plus a checksum, turned into a BIP32 seed by
/// PBKDF2-HMAC-SHA512 (2048 rounds, salt "mnemonic" + passphrase, both NFKD-normalized).
public struct Mnemonic: Hashable, Sendable {
    /// The words, lowercase, single-spaced.
    public let words: [String]
    /// The entropy the words encode (16 to 32 bytes).
    public let entropy: [UInt8]

    /// Parses a phrase of 12, 15, 18, 21 or 24 words from the English list, verifying its checksum.
    public init(_ phrase: String) throws(DecodingError) {
        let words = phrase.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        guard [12, 15, 18, 21, 24].contains(words.count) else {
            throw DecodingError("a mnemonic has 12, 15, 18, 21 or 24 words, got \(words.count)")
        }
        var bits: [Bool] = []
        bits.reserveCapacity(words.count * 11)
        for (position, word) in words.enumerated() {
            guard let index = Mnemonic.wordIndex[word] else { throw DecodingError("word \(position + 1) '\(word)' is not in the BIP39 English list") }
            for shift in (0..<11).reversed() { bits.append(index >> shift & 1 == 1) }
        }
        let checksumBits = words.count / 3
        let entropyBits = bits.count - checksumBits
        var entropy = [UInt8](repeating: 0, count: entropyBits / 8)
        for i in 0..<entropyBits where bits[i] { entropy[i / 8] |= 0x80 >> UInt8(i % 8) }
        let hash = Hashes.sha256(entropy)
        for i in 0..<checksumBits where bits[entropyBits + i] != (hash[i / 8] & (0x80 >> UInt8(i % 8)) != 0) {
            throw DecodingError("mnemonic checksum does not match")
        }
        self.words = words
        self.entropy = entropy
    }

    /// The mnemonic for `entropy` (16, 20, 24, 28 or 32 bytes).
    public init(entropy: [UInt8]) throws(DecodingError) {
        guard [16, 20, 24, 28, 32].contains(entropy.count) else {
            throw DecodingError("mnemonic entropy must be 16, 20, 24, 28 or 32 bytes, got \(entropy.count)")
        }
        let hash = Hashes.sha256(entropy)
        var bits: [Bool] = []
        for byte in entropy { for shift in (0..<8).reversed() { bits.append(byte >> UInt8(shift) & 1 == 1) } }
        for i in 0..<(entropy.count / 4) { bits.append(hash[i / 8] & (0x80 >> UInt8(i % 8)) != 0) }
        words = stride(from: 0, to: bits.count, by: 11).map { start in
            Mnemonic.englishWords[bits[start..<start + 11].reduce(0) { $0 << 1 | ($1 ? 1 : 0) }]
        }
        self.entropy = entropy
    }

    /// The phrase: words joined by single spaces.
    public var phrase: String { words.joined(separator: " ") }

    /// The 64-byte BIP39 seed of this mnemonic.
    public func seed(passphrase: String = "") -> [UInt8] { Mnemonic.seed(phrase: phrase, passphrase: passphrase) }

    /// The BIP39 seed of any phrase (no word-list or checksum check, as BIP39 defines it).
    public static func seed(phrase: String, passphrase: String = "") -> [UInt8] {
        let password = Array(phrase.nfkd.utf8)
        let salt = Array(("mnemonic" + passphrase).nfkd.utf8)
        return Hashes.pbkdf2SHA512(password: password, salt: salt, iterations: 2048, length: 64)
    }

    static let wordIndex: [String: Int] = Dictionary(uniqueKeysWithValues: englishWords.enumerated().map { ($1, $0) })
}
