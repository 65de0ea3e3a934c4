import SovDescriptors
import SovPrimitives
import Testing

/// Miniscript against Bitcoin Core's published test vectors (src/test/miniscript_tests.cpp, see
/// MiniscriptCoreVectors.swift): what Core's `Test()` checks, for P2WSH and Tapscript, plus decoding
/// round trips of our own printed form.
@Suite struct MiniscriptTests {
    static let contexts: [Miniscript.Context] = [.p2wsh, .tapscript]

    /// Core's `Test()`: parse, validity, script bytes, malleability / signature / timelock-mix verdicts, the
    /// script decodes back (`FromScript`) to the same script, and the published resource limits.
    @Test(arguments: CoreMiniscriptVectors.all, contexts)
    func coreVector(_ vector: CoreMiniscriptVector, _ context: Miniscript.Context) throws {
        let parsed = Miniscript.parse(vector.text, context: context, key: CoreMiniscriptVectors.keyParser(context))
        if vector.isInvalid(in: context) {
            #expect(parsed == nil || parsed?.isValid == false, "unexpectedly valid")
            return
        }
        let node = try #require(parsed, "unparseable")
        #expect(node.isValid)
        #expect(node.isValidTopLevel)
        let script = node.script
        #expect(node.scriptSize == script.count)
        let expectedHex = vector.hex(for: context)
        if expectedHex != "?" { #expect(script.hex == expectedHex) }
        #expect(node.isNonMalleable == vector.mode.contains(.nonMalleable))
        #expect(node.needsSignature == vector.mode.contains(.needsSignature))
        #expect(node.hasNoTimelockMix == !vector.mode.contains(.timelockMix))

        let decoded = try #require(Miniscript.decode(script, context: context,
                                                     keyForHash: CoreMiniscriptVectors.keyForHash(context)),
                                   "cannot decode the script")
        #expect(decoded.script == script)

        if let ops = vector.ops { #expect(node.ops == ops) }
        if let stack = vector.stackSize { #expect(node.stackSize == stack) }
        let witness = context == .p2wsh ? vector.witnessSize : vector.tapscriptWitnessSize
        if let witness { #expect(node.witnessSize == witness) }
        if let exec = vector.execStackSize { #expect(node.execStackSize == exec) }

        // What we print parses back to the same script, both for the parsed and the decoded tree.
        for printed in [node.description, decoded.description] {
            let reparsed = Miniscript.parse(printed, context: context, key: CoreMiniscriptVectors.keyParser(context))
            #expect(reparsed?.script == script, "\(printed) does not parse back")
        }
    }

    /// Core's `ToString` output format. Where the published text has nothing Core prints as sugar
    /// (`c:pk_k`→`pk`, `c:pk_h`→`pkh`, `or_i(0,X)`→`l:X`, `or_i(X,0)`→`u:X`, `and_v(X,1)`→`t:X`,
    /// `andor(X,Y,0)`→`and_n`), printing the parsed expression gives back exactly the published text; and
    /// printing is stable under parsing for all of them.
    @Test func printsCoreText() throws {
        var compared = 0
        for context in Self.contexts {
            for vector in CoreMiniscriptVectors.all where !vector.isInvalid(in: context) {
                let parser = CoreMiniscriptVectors.keyParser(context)
                let node = try #require(Miniscript.parse(vector.text, context: context, key: parser))
                #expect(Miniscript.parse(node.description, context: context, key: parser)?.description == node.description)
                let sugared = ["c:pk_k(", "c:pk_h(", "or_i(0,", ",0)", ",1)"].contains { vector.text.contains($0) }
                guard context == .p2wsh, !sugared else { continue }
                #expect(node.description == vector.text)
                compared += 1
            }
        }
        #expect(compared > 20)
    }

    /// Scripts Core's `FromScript` rejects (miniscript_tests.cpp: multi_a edge cases, a non-minimal push,
    /// a non-minimal VERIFY).
    @Test func rejectedScripts() throws {
        let tapscriptOnly = [
            "ac519c",  // no pubkey at all
            "ba20c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5ba519c",  // no pubkey before a CHECKSIGADD
            "ac2079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac20c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5ba519c",  // none before the CHECKSIG
        ]
        for hex in tapscriptOnly {
            #expect(Miniscript.decode(try #require(Script(hex: hex)), context: .tapscript) == nil, "\(hex)")
        }
        let both = [
            "0000210232780000feff00ffffffffffff21ff005f00ae21ae00000000060602060406564c2102320000060900fe00005f00ae21ae00100000060606060606000000000000000000000000000000000000000000000000000000000000000000",
            "2103a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7ac6951",
        ]
        for hex in both {
            for context in Self.contexts {
                #expect(Miniscript.decode(try #require(Script(hex: hex)), context: context) == nil, "\(hex)")
            }
        }
    }

    /// multi_a with 21 keys (more than multi allows), from its published Tapscript bytes.
    @Test func multiAWith21Keys() throws {
        let hex = "2079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac20c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5ba20f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9ba20e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13ba202f8bde4d1a07209355b4a7250a5c5128e88b84bddc619ab7cba8d569b240efe4ba20fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556ba205cbdf0646e5db4eaa398f365f2ea7a0e3d419b7e0330e39ce92bddedcac4f9bcba202f01e5e15cca351daff3843fb70f3c2f0a1bdd05e5af888a67784ef3e10a2a01ba20acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbeba20a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7ba20774ae7f858a9411e5ef4246b70c65aac5649980be5c17891bbec17895da008cbba20d01115d548e7561b15c38f004d734633687cf4419620095bc5b0f47070afe85aba20f28773c2d975288bc7d1d205c3748651b075fbc6610e58cddeeddf8f19405aa8ba20499fdf9e895e719cfd64e67f07d38e3226aa7b63678949e6e49b241a60e823e4ba20d7924d4f7d43ea965a465ae3095ff41131e5946f3c85f79e44adbcf8e27e080eba20e60fce93b59e9ec53011aabc21c23e97b2a31369b87a5ae9c44ee89e2a6dec0aba20defdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34ba205601570cb47f238d2b0286db4a990fa0f3ba28d1a319f5e7cf55c2a2444da7ccba202b4ea0a797a443d293ef5cff444f4979f06acfebd7e86d277475656138385b6cba204ce119c96e2fa357200b559b2f7dd5a5f02d5290aff74b03f3e471b273211c97ba20352bbf4a4cdd12564f93fa332ce333301d9ad40271f8107181340aef25be59d5ba519c"
        let script = try #require(Script(hex: hex))
        #expect(Miniscript.decode(script, context: .p2wsh) == nil)
        let node = try #require(Miniscript.decode(script, context: .tapscript))
        #expect(node.script == script)
        #expect(node.isValidTopLevel && node.isNonMalleable && node.needsSignature && node.hasNoTimelockMix)
        #expect(node.ops == 22)
        #expect(node.stackSize == 21)
        #expect(node.execStackSize == 22)
        // The keys are the 32-byte pushes of the published script, printed x-only in script order.
        let keys = try #require(script.operations).filter { $0.data.count == 32 }.map { $0.data.hex }
        #expect(keys.count == 21)
        #expect(node.description == "multi_a(1," + keys.joined(separator: ",") + ")")
    }

    /// Deep nesting up to Tapscript's 1000-element execution stack (Core: "a script that reaches a stack size
    /// of 1000 during execution", and one more element failing `CheckStackSize`).
    @Test func tapscriptStackLimit() throws {
        // pubkeys[0] of Core's test data: the key of private key 1.
        let key = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
        for count in [998, 999] {
            let text = String(repeating: "and_b(older(1),a:", count: count) + "pk(\(key))" + String(repeating: ")", count: count)
            #expect(Miniscript.parse(text, context: .p2wsh, key: CoreMiniscriptVectors.keyParser(.p2wsh))?.isValid != true)
            let node = try #require(Miniscript.parse(text, context: .tapscript, key: CoreMiniscriptVectors.keyParser(.tapscript)))
            #expect(node.isValidTopLevel)
            #expect(node.checkStackSize == (count == 998))
            #expect(node.ops == 4 * count + 1)
            #expect(node.stackSize == 1)
            #expect(node.execStackSize == 1 + count + 1)
            #expect(node.isNonMalleable && node.needsSignature && node.hasNoTimelockMix)
            let decoded = try #require(Miniscript.decode(node.script, context: .tapscript))
            #expect(decoded.script == node.script)
            #expect(decoded.description == node.description)
        }
    }

    /// "For CHECKMULTISIG the OP cost is the number of keys, but the stack size is the number of sigs (+1)".
    @Test func multiLimits() throws {
        let node = try #require(Miniscript.parse(
            "multi(1,03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65,03fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556,0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798)",
            context: .p2wsh))
        #expect(node.ops == 4)
        #expect(node.stackSize == 2)
    }

    /// 'd:' is not 'u' under P2WSH (MINIMALIF is only policy there), so it cannot be a thresh argument.
    @Test func dupIfIsNotUnitInP2WSH() throws {
        let node = try #require(Miniscript.parse(
            "thresh(3,c:pk_k(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65),sc:pk_k(03fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556),sc:pk_k(0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798),sdv:older(32))",
            context: .p2wsh))
        #expect(!node.isValid)
    }

    /// Duplicate keys make a miniscript insane, wherever they are.
    @Test(arguments: [
        "and_v(v:pk(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65),pk(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65))",
        "or_b(c:pk_k(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65),ac:pk_h(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65))",
        "or_i(and_b(pk(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65),s:pk(03fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556)),and_b(older(1),s:pk(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65)))",
        "thresh(2,pkh(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65),s:pk(03fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556),a:and_b(dv:older(1),s:pk(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65)))",
    ])
    func duplicateKeys(_ text: String) throws {
        let node = try #require(Miniscript.parse(text, context: .p2wsh))
        #expect(!node.isSane)
        #expect(!node.hasNoDuplicateKeys)
    }

    @Test func saneSingleKey() throws {
        let node = try #require(Miniscript.parse("pk(03d30199d74fb5a22d47b6e054e2f378cedacffcb89904a61d75d0dbd407143e65)", context: .p2wsh))
        #expect(node.hasNoDuplicateKeys)
        #expect(node.isSane)
    }

    /// `FindInsaneSub` reports the insane subexpression nearest a leaf (here the timelock mix).
    @Test func insaneSubexpression() throws {
        let node = try #require(Miniscript.parse(
            "or_i(and_b(after(1),a:after(1000000000)),pk(03cdabb7f2dce7bfbd8a0b9570c6fd1e712e5d64045e9d6b517b3d5072251dc204))",
            context: .p2wsh))
        #expect(node.isValid)
        #expect(!node.isSane)
        #expect(node.insaneSubexpression?.description == "and_b(after(1),a:after(1000000000))")
    }

    /// Numbers cannot be written with a sign.
    @Test(arguments: [
        "after(-1)", "after(+1)",
        "thresh(-1,pk(03cdabb7f2dce7bfbd8a0b9570c6fd1e712e5d64045e9d6b517b3d5072251dc204))",
        "multi(+1,03cdabb7f2dce7bfbd8a0b9570c6fd1e712e5d64045e9d6b517b3d5072251dc204)",
    ])
    func signedNumbersDoNotParse(_ text: String) {
        #expect(Miniscript.parse(text, context: .p2wsh) == nil)
    }

    /// Core's descriptor inference reads `pk_h` only when its key is known (`KeyParser::FromPKHBytes` asks the
    /// signing provider); `decodescript` knows no keys, so such scripts are not miniscript there.
    @Test func pkhNeedsItsKey() throws {
        let vector = try #require(CoreMiniscriptVectors.all.first { $0.text.hasPrefix("c:or_i(and_v(v:older(16),pk_h(") })
        let script = try #require(Script(hex: vector.hex))
        #expect(Miniscript.decode(script, context: .p2wsh) == nil)
        let decoded = try #require(Miniscript.decode(script, context: .p2wsh, keyForHash: CoreMiniscriptVectors.keyForHash(.p2wsh)))
        #expect(decoded.isSane)
        #expect(decoded.description == vector.text)
    }

    /// Hostile scripts never trap: every prefix of every vector script, and arbitrary bytes, decode or fail.
    @Test func truncatedScriptsFailCleanly() throws {
        let lookups = Self.contexts.map { CoreMiniscriptVectors.keyForHash($0) }
        for vector in CoreMiniscriptVectors.all where vector.hex != "?" {
            let bytes = try #require([UInt8](hex: vector.hex))
            for length in 0..<bytes.count {
                for (context, lookup) in zip(Self.contexts, lookups) {
                    if let node = Miniscript.decode(Script(Array(bytes[..<length])), context: context, keyForHash: lookup) {
                        #expect(node.script.bytes == Array(bytes[..<length]))
                    }
                }
            }
        }
    }
}
