import SovDescriptors
import SovJSON
import SovKeys
import SovPrimitives
import SovTestSupport
import Testing

/// BIP341 wallet test vectors, "scriptPubKey" section (../shared/vectors/core/bip341_wallet_vectors.json):
/// internal key and script tree → leaf hashes, Merkle root, tweak, tweaked key, scriptPubKey, BIP350
/// address and control blocks. Trees made only of `pk` leaves are also checked through `tr()` descriptors.
@Suite(.needsSharedData) struct TaprootVectorTests {
    /// The tree in the vector's JSON shape (a leaf object, or a two-element array), leaves tagged with their id.
    static func tree(_ json: JSONValue) throws -> (TaprootTree, ids: [Int]) {
        if let pair = json.arrayValue {
            try #require(pair.count == 2)
            let (left, leftIds) = try tree(pair[0])
            let (right, rightIds) = try tree(pair[1])
            return (.branch(left, right), leftIds + rightIds)
        }
        let scriptHex = try #require(json["script"]?.stringValue)
        let script = try #require(Script(hex: scriptHex))
        let version = try #require(json["leafVersion"]?.intValue)
        return (.leaf(script, version: UInt8(version)), [try #require(json["id"]?.intValue)])
    }

    /// The `tr()` descriptor text for a tree whose leaves are all `<32-byte key> OP_CHECKSIG` tapscripts.
    static func descriptorTree(_ tree: TaprootTree) -> String? {
        switch tree {
        case .leaf(let script, let version):
            guard version == TaprootTree.tapscriptLeafVersion, script.count == 34, script.bytes[0] == 32,
                  script.bytes[33] == Opcode.opCheckSig else { return nil }
            return "pk(\(script.bytes[1..<33].hex))"
        case .branch(let left, let right):
            guard let l = descriptorTree(left), let r = descriptorTree(right) else { return nil }
            return "{\(l),\(r)}"
        }
    }

    @Test func scriptPubKeyVectors() throws {
        let root = try Fixtures.json("vectors/core/bip341_wallet_vectors.json")
        let vectors = try #require(root["scriptPubKey"]?.arrayValue)
        #expect(vectors.count >= 7)
        var descriptorChecks = 0
        for (n, vector) in vectors.enumerated() {
            let given = try #require(vector["given"]), intermediary = try #require(vector["intermediary"])
            let expected = try #require(vector["expected"])
            let internalHex = try #require(given["internalPubkey"]?.stringValue)
            let internalKey = try XOnlyPublicKey(try Hex.decode(internalHex))
            let treeJSON = try #require(given["scriptTree"])
            var merkleRoot: [UInt8]?
            var tree: TaprootTree?
            if !treeJSON.isNull {
                let (t, ids) = try Self.tree(treeJSON)
                tree = t
                merkleRoot = t.merkleRoot
                let leafHashes = try #require(intermediary["leafHashes"]?.arrayValue).compactMap(\.stringValue)
                for (leaf, id) in zip(t.leaves, ids) { #expect(leaf.hash.hex == leafHashes[id], "vector \(n) leaf \(id)") }
                #expect(merkleRoot?.hex == intermediary["merkleRoot"]?.stringValue, "vector \(n) merkle root")
            } else {
                #expect(intermediary["merkleRoot"]?.isNull == true)
            }
            let tweak = TaprootTree.tweakHash(internalKey: internalKey.bytes, merkleRoot: merkleRoot)
            #expect(tweak.hex == intermediary["tweak"]?.stringValue, "vector \(n) tweak")
            let output = try internalKey.taprootOutputKey(merkleRoot: merkleRoot)
            #expect(output.key.bytes.hex == intermediary["tweakedPubkey"]?.stringValue, "vector \(n) tweaked key")
            let script = try internalKey.taprootScriptPubKey(merkleRoot: merkleRoot)
            #expect(script.hex == expected["scriptPubKey"]?.stringValue, "vector \(n) scriptPubKey")
            #expect(Address(script: script)?.encoded(for: .main) == expected["bip350Address"]?.stringValue, "vector \(n) address")
            if let tree, let controlBlocks = expected["scriptPathControlBlocks"]?.arrayValue?.compactMap(\.stringValue) {
                let (_, ids) = try Self.tree(treeJSON)
                for (leaf, id) in zip(tree.leaves, ids) {
                    let block = [leaf.version | (output.parityOdd ? 1 : 0)] + internalKey.bytes + leaf.merklePath.flatMap { $0 }
                    #expect(block.hex == controlBlocks[id], "vector \(n) control block \(id)")
                }
            }
            // The same output through a tr() descriptor, when the leaves are descriptor fragments.
            let treeText: String? = tree.map { Self.descriptorTree($0) } ?? ""
            if let treeText {
                let text = "tr(\(internalKey.bytes.hex)\(treeText.isEmpty ? "" : "," + treeText))"
                let descriptor = try Descriptor(text, network: .main)
                #expect(try descriptor.outputScripts().map(\.hex) == [expected["scriptPubKey"]?.stringValue], "\(text)")
                #expect(try descriptor.addresses() == [expected["bip350Address"]?.stringValue].compactMap { $0 })
                #expect(descriptor.publicString == text)
                descriptorChecks += 1
            }
        }
        #expect(descriptorChecks >= 3)
    }
}
