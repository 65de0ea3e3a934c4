import Foundation
import SovJSON
import SovTestSupport
import Testing

/// The JSON reader and writer over real data: every JSON file of ../shared (Bitcoin Core's test vectors and
/// RPC answers, the fixtures' records) reads, writes back compact and pretty, and reads again to the same
/// value, with numbers kept as Core wrote them.
@Suite(.needsSharedData) struct JSONRoundTripTests {
    /// Every `.json` file under ../shared, and every line of every `.jsonl` file.
    static func documents() throws -> [(name: String, text: String)] {
        // ../shared may be a symbolic link (as CI's checkout has it): walk what it points to.
        let root = SharedData.url("").resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let url as URL in walker {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            switch url.pathExtension {
            case "json": found.append((relative, try String(contentsOf: url, encoding: .utf8)))
            case "jsonl":
                for (i, line) in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").enumerated() {
                    found.append(("\(relative):\(i + 1)", String(line)))
                }
            default: continue
            }
        }
        return found
    }

    @Test func everySharedDocumentRoundTrips() throws {
        let documents = try Self.documents()
        #expect(documents.count >= 100, "read \(documents.count) documents")
        var bytes = 0
        for (name, text) in documents {
            bytes += text.utf8.count
            let value = try JSONParser.parse(text)
            #expect(try JSONParser.parse(value.compact) == value, "\(name): compact")
            #expect(try JSONParser.parse(value.pretty) == value, "\(name): pretty")
            // Writing is deterministic: what was written once is written again the same.
            #expect(try JSONParser.parse(value.compact).compact == value.compact, "\(name)")
        }
        #expect(bytes > 1_000_000, "read \(bytes) bytes")
    }

    /// `bitcoin-cli`'s own output (UniValue's writer) read and written again is the same text, byte for byte:
    /// key order, two-space indent, numbers as Core wrote them (amounts with eight decimals).
    @Test func coreTextIsReproducedExactly() throws {
        var checked = 0, amounts = 0
        for file in ["fixtures/regtest/decoded/regtest-txs.jsonl", "fixtures/regtest-busy/decoded/regtest-txs.jsonl"] {
            for line in try SharedData.jsonLines(file) {
                let text = try #require(line["bitcoin_cli"]?.stringValue).trimmingCharacters(in: .newlines)
                let value = try JSONParser.parse(text)
                #expect(value.pretty == text, "\(file) \(checked)")
                for output in value["vout"]?.arrayValue ?? [] {
                    guard case .number(let amount)? = output["value"] else { continue }
                    #expect(amount.split(separator: ".").last?.count == 8, "\(amount)")
                    amounts += 1
                }
                checked += 1
            }
        }
        #expect(checked > 200 && amounts > 200, "checked \(checked) texts, \(amounts) amounts")
    }
}

/// What RFC 8259 forbids is refused with the offset where it goes wrong (for a malformed number, where the
/// number starts; for a broken literal, where it stops matching); escapes read and write as UniValue's.
@Suite struct JSONSyntaxTests {
    @Test(arguments: [
        ("", 0), ("nul", 3), ("[1,]", 3), ("{\"a\":1,}", 7), ("01", 1), ("1.", 0), ("1e", 0), ("-", 1),
        ("[1 2]", 3), ("{\"a\" 1}", 5), ("{1:2}", 1), ("\"abc", 4), ("[1]x", 3), ("\"\\x\"", 2), ("\"\\u12\"", 3),
    ])
    func malformedTextIsRefused(text: String, offset: Int) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.offset >= offset - 1 && error.offset <= offset + 2, "\(text): \(error)")
        }
    }

    @Test func nestingIsBounded() throws {
        let deepest = String(repeating: "[", count: JSONParser.maximumDepth - 1) + String(repeating: "]", count: JSONParser.maximumDepth - 1)
        #expect(throws: Never.self) { try JSONParser.parse(deepest) }
        let tooDeep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(tooDeep) }
    }

    @Test func escapesReadAndWrite() throws {
        // A BMP escape, a surrogate pair (U+1F600) and the short escapes read to their characters.
        let read = try JSONParser.parse(#""caf\u00e9 \ud83d\ude00 \"q\" \\ \n\t""#)
        #expect(read == .string("café 😀 \"q\" \\ \n\t"))
        // Written back as UniValue writes: short escapes, other controls as \u00XX, non-ASCII as is.
        #expect(JSONValue.string("café 😀 \"q\" \\ \n\t\u{01}\u{7f}").compact == #""café 😀 \"q\" \\ \n\t\u0001\u007f""#)
        #expect(try JSONParser.parse(JSONValue.string("\u{01}\u{7f}").compact) == .string("\u{01}\u{7f}"))
    }
}
