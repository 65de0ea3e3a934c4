import SovJSON
import SovKeys
import SovPrimitives
import SovTestSupport
import Testing

@Suite(.needsSharedData) struct SigningTests {
    /// BIP340's test vectors (`vectors/bips/bip340-test-vectors.csv`, from the BIP's reference directory): every
    /// row with a secret key is signed and must give the listed signature; every row is verified.
    @Test func bip340VectorsSignAndVerify() throws {
        let rows = try SharedData.text("vectors/bips/bip340-test-vectors.csv").split(separator: "\n").dropFirst()
        var signed = 0, verified = 0
        for row in rows {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7 else { continue }
            let message = try Hex.decode(fields[4])
            let expected = try Hex.decode(fields[5])
            if !fields[1].isEmpty, message.count == 32 {
                let key = try PrivateKey(try Hex.decode(fields[1]))
                #expect(try key.signSchnorr(digest: message, auxiliaryRandom: try Hex.decode(fields[3])) == expected, "vector \(fields[0])")
                #expect(key.xOnlyPublicKey.bytes == (try Hex.decode(fields[2])), "vector \(fields[0])")
                signed += 1
            }
            if message.count == 32, let key = try? XOnlyPublicKey(try Hex.decode(fields[2])) {
                #expect(key.verifySchnorr(signature: expected, message: message) == (fields[6] == "TRUE"), "vector \(fields[0])")
                verified += 1
            }
        }
        #expect(signed >= 4 && verified >= 10)
    }

    /// BIP341's wallet vectors (`vectors/core/bip341_wallet_vectors.json`): key-path spending. The tweaked
    /// secret is the listed one, and signing the listed sighash gives the listed witness (BIP341's generator
    /// signs with 32 zero bytes of auxiliary randomness).
    @Test func bip341KeyPathSpendingMatches() throws {
        let vectors = try SharedData.json("vectors/core/bip341_wallet_vectors.json")
        var checked = 0
        for group in vectors["keyPathSpending"]?.arrayValue ?? [] {
            for input in group["inputSpending"]?.arrayValue ?? [] {
                let given = try #require(input["given"]), intermediary = try #require(input["intermediary"])
                let key = try PrivateKey(try Hex.decode(try #require(given["internalPrivkey"]?.stringValue)))
                let merkleRoot = try given["merkleRoot"]?.stringValue.map { try Hex.decode($0) }
                let tweaked = try key.taprootTweaked(merkleRoot: merkleRoot)
                #expect(tweaked.bytes == (try Hex.decode(try #require(intermediary["tweakedPrivkey"]?.stringValue))))
                let sighash = try Hex.decode(try #require(intermediary["sigHash"]?.stringValue))
                var signature = try tweaked.signSchnorr(digest: sighash, auxiliaryRandom: [UInt8](repeating: 0, count: 32))
                let hashType = try #require(given["hashType"]?.intValue)
                if hashType != 0 { signature.append(UInt8(hashType)) }
                let witness = try #require(input["expected"]?["witness"]?.arrayValue?.first?.stringValue)
                #expect(signature == (try Hex.decode(witness)))
                checked += 1
            }
        }
        #expect(checked >= 7)
    }

    /// ECDSA as Core signs: deterministic, low R (at most 71 bytes with R below 0x80), low S, and verifying.
    @Test func ecdsaSignaturesAreLowRAndVerify() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let secret = (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            guard let key = try? PrivateKey(secret) else { continue }
            let digest = (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let signature = try key.signECDSA(digest: digest)
            #expect(signature == (try key.signECDSA(digest: digest)), "RFC 6979: the same signature twice")
            #expect(signature.count <= 71 && signature[4] < 0x80 && signature[3] <= 32, "low R")
            #expect(key.publicKey.verifyECDSA(signature: signature, digest: digest))
            var wrong = digest
            wrong[0] ^= 1
            #expect(!key.publicKey.verifyECDSA(signature: signature, digest: wrong))
        }
    }
}
