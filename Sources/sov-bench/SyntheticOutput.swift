import SovPrimitives

/// The kinds of output the synthetic chain pays to, with mainnet-like shares and how each is spent.
enum SyntheticOutput: UInt8, CaseIterable {
    case p2pkh, p2wpkh, p2shWrappedWitness, p2shMultisig, p2tr, p2wsh, opReturn, p2pk, bareMultisig

    /// Percent of outputs of each kind (P2SH split 9 : 3 between wrapped segwit and 2-of-3 multisig).
    static let shares: [(SyntheticOutput, Double)] = [
        (.p2pkh, 40), (.p2wpkh, 28), (.p2shWrappedWitness, 9), (.p2shMultisig, 3), (.p2tr, 10),
        (.p2wsh, 5), (.opReturn, 3), (.p2pk, 1), (.bareMultisig, 1),
    ]

    /// A kind drawn with the shares above.
    static func random(_ rng: inout SeededRandom) -> SyntheticOutput {
        var x = rng.unit() * 100
        for (kind, share) in shares {
            if x < share { return kind }
            x -= share
        }
        return .p2wpkh
    }

    var isSpendable: Bool { self != .opReturn }

    /// A fresh output script of this kind (random hashes and keys).
    func newScript(_ rng: inout SeededRandom) -> [UInt8] {
        switch self {
        case .p2pkh: return Address.pubkeyHash(rng.bytes(20)).scriptPubKey.bytes
        case .p2wpkh: return Address.witness(version: 0, program: rng.bytes(20)).scriptPubKey.bytes
        case .p2shWrappedWitness, .p2shMultisig: return Address.scriptHash(rng.bytes(20)).scriptPubKey.bytes
        case .p2tr: return Address.witness(version: 1, program: rng.bytes(32)).scriptPubKey.bytes
        case .p2wsh: return Address.witness(version: 0, program: rng.bytes(32)).scriptPubKey.bytes
        case .opReturn:
            let length = rng.chance(60) ? 20 + rng.below(21) : 8 + rng.below(73)
            return [Opcode.opReturn] + Script.pushData(rng.bytes(length))
        case .p2pk: return Script.pushData(Self.publicKey(&rng)) + [Opcode.opCheckSig]
        case .bareMultisig:
            return [Opcode.op1] + Script.pushData(Self.publicKey(&rng)) + Script.pushData(Self.publicKey(&rng))
                + [Opcode.op1 + 1, Opcode.opCheckMultisig]
        }
    }

    /// What spends an output of this kind: scriptSig and witness of realistic sizes (signatures are
    /// DER-shaped random bytes, not valid).
    func spend(_ rng: inout SeededRandom) -> (scriptSig: [UInt8], witness: [[UInt8]]) {
        switch self {
        case .p2pkh:
            return (Script.pushData(Self.signature(&rng)) + Script.pushData(Self.publicKey(&rng)), [])
        case .p2wpkh:
            return ([], [Self.signature(&rng), Self.publicKey(&rng)])
        case .p2shWrappedWitness:
            return (Script.pushData([0x00, 0x14] + rng.bytes(20)), [Self.signature(&rng), Self.publicKey(&rng)])
        case .p2shMultisig:
            let redeem = Self.multisigScript(required: 2, keys: 3, &rng)
            return ([Opcode.op0] + Script.pushData(Self.signature(&rng)) + Script.pushData(Self.signature(&rng))
                    + Script.pushData(redeem), [])
        case .p2tr:
            return ([], [rng.bytes(rng.chance(10) ? 65 : 64)])
        case .p2wsh:
            let keys = rng.chance(50) ? 2 : 3
            return ([], [[], Self.signature(&rng), Self.signature(&rng), Self.multisigScript(required: 2, keys: keys, &rng)])
        case .p2pk:
            return (Script.pushData(Self.signature(&rng)), [])
        case .bareMultisig:
            return ([Opcode.op0] + Script.pushData(Self.signature(&rng)), [])
        case .opReturn:
            return ([], [])
        }
    }

    static func publicKey(_ rng: inout SeededRandom) -> [UInt8] {
        var key: [UInt8] = [rng.chance(50) ? 0x02 : 0x03]
        rng.append(32, to: &key)
        return key
    }

    /// A DER-shaped ECDSA signature with SIGHASH_ALL: 71 or 72 bytes as on mainnet.
    static func signature(_ rng: inout SeededRandom) -> [UInt8] {
        let highR = rng.chance(50)
        var sig: [UInt8] = [0x30, highR ? 0x45 : 0x44, 0x02, highR ? 0x21 : 0x20]
        if highR { sig.append(0x00) }
        sig.append(UInt8(0x80 | rng.below(0x80)) & (highR ? 0xff : 0x7f))
        rng.append(31, to: &sig)
        sig += [0x02, 0x20, UInt8(rng.below(0x80))]
        rng.append(31, to: &sig)
        sig.append(0x01)
        return sig
    }

    static func multisigScript(required: Int, keys: Int, _ rng: inout SeededRandom) -> [UInt8] {
        var script: [UInt8] = [Opcode.op1 + UInt8(required - 1)]
        for _ in 0..<keys { script += Script.pushData(publicKey(&rng)) }
        return script + [Opcode.op1 + UInt8(keys - 1), Opcode.opCheckMultisig]
    }
}
