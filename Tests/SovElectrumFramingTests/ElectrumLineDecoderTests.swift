import NIOCore
import NIOEmbedded
import SovElectrumFraming
import Testing

/// The line framing both the server and the client read with, fed through an embedded channel as the
/// network would: lines split across reads, several in one read, CRLF, lines over the limit, a last line
/// without its newline.
@Suite struct ElectrumLineDecoderTests {
    /// A channel with the decoder at `limit`; what it produced as text ("!N" for an oversized line of N bytes).
    final class Harness {
        let channel = EmbeddedChannel()

        init(limit: Int) throws {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ElectrumLineDecoder(maximumLength: limit)))
        }

        func feed(_ chunks: [String]) throws -> [String] {
            for chunk in chunks { try channel.writeInbound(ByteBuffer(string: chunk)) }
            return try drain()
        }

        func drain() throws -> [String] {
            var out: [String] = []
            while let frame = try channel.readInbound(as: ElectrumFrame.self) {
                switch frame {
                case .line(let buffer): out.append(String(buffer: buffer))
                case .oversized(let bytes): out.append("!\(bytes)")
                }
            }
            return out
        }
    }

    @Test func linesAcrossAndWithinReads() throws {
        let h = try Harness(limit: 100)
        #expect(try h.feed(["{\"id\":1,", "\"method\":\"server.ping\"}\n{\"id\":2}\r\n{\"id\"", ":3}\n"])
                == ["{\"id\":1,\"method\":\"server.ping\"}", "{\"id\":2}", "{\"id\":3}"])
        // An empty line is a line (the session answers it as invalid JSON).
        #expect(try h.feed(["\n"]) == [""])
    }

    @Test func anOversizedLineIsReportedOnceAndSkipped() throws {
        let h = try Harness(limit: 10)
        // Reported as soon as the buffered part passes the limit, before its newline arrives…
        #expect(try h.feed(["0123456789ABC"]) == ["!13"])
        // …its rest is dropped up to the newline, and the next line comes through.
        #expect(try h.feed(["DEFGHIJ", "KLM\nok\n"]) == ["ok"])
        // A whole long line in one read is reported with its length.
        #expect(try h.feed(["0123456789abcdef\nnext\n"]) == ["!16", "next"])
        // At the limit exactly is still a line.
        #expect(try h.feed(["0123456789\n"]) == ["0123456789"])
    }

    @Test func aLastLineWithoutNewlineIsDeliveredAtClose() throws {
        let h = try Harness(limit: 100)
        #expect(try h.feed(["{\"id\":1}\n{\"id\":2}"]) == ["{\"id\":1}"])
        _ = try h.channel.finish()
        #expect(try h.drain() == ["{\"id\":2}"])
    }
}
