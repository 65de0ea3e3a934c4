import Foundation
@testable import SovKeys
import SovPrimitives
import Testing

/// `String.nfkd`, the standard-library NFKD that BIP39 seeds use, against Foundation's
/// `decomposedStringWithCompatibilityMapping`. Results are compared as scalar values: String's `==` is canonical
/// equivalence, which would hide a wrong decomposition or a wrong order.
struct CompatibilityDecompositionTests {
    /// The scalar values of `text`.
    static func values(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    /// The scalars NFKDData lists as assigned in its Unicode version (records `gap:count;`, hexadecimal).
    static func assignedScalars() throws -> [Unicode.Scalar] {
        let text = NFKDData.assignedScalars.description.filter { !$0.isWhitespace }
        var scalars: [Unicode.Scalar] = []
        var next: UInt32 = 0
        for record in text.split(separator: ";") {
            let fields = record.split(separator: ":", omittingEmptySubsequences: false)
            try #require(fields.count == 2, "record '\(record)'")
            let gapField: UInt32? = fields[0].isEmpty ? 0 : UInt32(fields[0], radix: 16)
            let gap = try #require(gapField, "record '\(record)'")
            let count = try #require(UInt32(fields[1], radix: 16), "record '\(record)'")
            let first = next + gap
            next = first + count
            scalars += (first..<next).compactMap { Unicode.Scalar($0) }
        }
        return scalars
    }

    /// Every scalar assigned in the tables' Unicode version, alone: the table decompositions, the Hangul
    /// arithmetic and the scalars left as they are. (Scalars assigned only in a later version are left out:
    /// Foundation's tables may know them, ours do not.)
    @Test func everyAssignedScalarMatchesFoundation() throws {
        let scalars = try Self.assignedScalars()
        #expect(scalars.count > 280_000)
        var compared = 0
        var mismatches: [String] = []
        for scalar in scalars {
            let text = String(Character(scalar))
            let ours = Self.values(text.nfkd)
            let foundation = Self.values(text.decomposedStringWithCompatibilityMapping)
            compared += 1
            if ours != foundation {
                mismatches.append("U+\(String(scalar.value, radix: 16, uppercase: true)): \(ours) != \(foundation)")
            }
        }
        #expect(compared > 280_000)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(20))")
    }

    /// Strings of several scalars, where the canonical ordering of non-starters across scalars matters.
    @Test(arguments: [
        "a\u{0323}\u{0307}",  // dot below (class 220) before dot above (230): already in order
        "a\u{0307}\u{0323}",  // the same, to be reordered
        "\u{1E9B}\u{0323}",  // long s with dot above, then dot below: s, dot below, dot above
        "\u{1EF1}\u{0300}",  // u with horn and dot below (216, 220), then grave (230)
        "\u{0344}\u{0323}",  // a non-starter that decomposes (diaeresis, acute), then dot below
        "x\u{0F73}\u{0F71}\u{0F74}",  // Tibetan vowel signs: decompositions into classes 129 and 130, then 129, 132
        // a run of 20 non-starters of classes 1 to 240 (U+0340 decomposes to U+0300)
        "e\u{0301}\u{0327}\u{0334}\u{0345}\u{031B}\u{0323}\u{0307}\u{0316}\u{0328}\u{0340}\u{0301}\u{0327}\u{0334}\u{0345}\u{031B}\u{0323}\u{0307}\u{0316}\u{0328}\u{0340}",
        "한국어",  // Hangul syllables, with and without a trailing consonant
        "\u{FF80}\u{FF9E}\u{FF78}\u{FF83}\u{FF9D}",  // halfwidth katakana and voiced sound mark
        "\u{FB01} \u{2460} \u{338F} \u{00BD} \u{216B} \u{01C6} \u{1E9E} \u{01C5} \u{3300} \u{32FF} \u{1D400} \u{2075} \u{2082} \u{2103}",
        "\u{FF21}\u{FF42}\u{FF43}\u{FF11}\u{FF12}\u{FF13}\u{3000}\u{FF76}\u{FF80}\u{FF76}\u{FF85}",  // fullwidth forms
        "㍍ガバヴァぱばぐゞちぢ十人十色",  // the passphrase of bip32JP's Japanese BIP39 vectors
    ])
    func stringsMatchFoundation(_ text: String) {
        #expect(Self.values(text.nfkd) == Self.values(text.decomposedStringWithCompatibilityMapping))
    }

    /// A compatibility decomposition that puts non-starters before a following one of lower class: U+1FC1 GREEK
    /// DIALYTIKA AND PERISPOMENI is space, diaeresis (230), perispomeni (230), and U+0316 (220) goes before both.
    /// Checked against the scalars UAX #15 gives (Python's unicodedata agrees), not against Foundation: on Linux
    /// CoreFoundation's normalizer reorders before compatibility mapping and not after, leaving U+0308 first.
    @Test func reorderingAfterCompatibilityMapping() {
        #expect(Self.values("\u{1FC1}\u{0316}".nfkd) == [0x20, 0x316, 0x308, 0x342])
        #expect(Self.values("\u{FF9E}\u{0334}".nfkd) == [0x334, 0x3099])  // voiced sound mark (8) after overlay (1)
    }

    /// ASCII is its own NFKD, and text already in NFKD is left as it is.
    @Test func normalTextIsUnchanged() {
        #expect(Self.values("abandon ability able".nfkd) == Self.values("abandon ability able"))
        let decomposed = "\u{30E1}\u{30FC}\u{30C8}\u{30EB} e\u{0323}\u{0301} \u{1100}\u{1161}\u{11A8}"
        #expect(Self.values(decomposed.nfkd) == Self.values(decomposed))
    }

    /// bip32JP's Japanese BIP39 vector 0 (entropy 0, ideographic spaces, passphrase "㍍ガバヴァぱばぐゞちぢ十人十色"):
    /// its seed pins NFKD of both the phrase and "mnemonic" + passphrase.
    @Test func japaneseSeed() {
        let phrase = Array(repeating: "あいこくしん", count: 11).joined(separator: "\u{3000}") + "\u{3000}あおぞら"
        let seed = Mnemonic.seed(phrase: phrase, passphrase: "㍍ガバヴァぱばぐゞちぢ十人十色")
        #expect(seed.hex == "a262d6fb6122ecf45be09c50492b31f92e9beb7d9a845987a02cefda57a15f9c467a17872029a9e92299b5cbdf306e3a0ee620245cbd508959b6cb7ca637bd55")
    }
}
