import SovKeys
import SovPrimitives

/// The participant keys behind a MuSig2 aggregate key (`PSBT_IN/OUT_MUSIG2_PARTICIPANT_PUBKEYS`).
public struct PSBTMuSig2Participants: Hashable, Sendable {
    /// The compressed aggregate public key.
    public var aggregatePublicKey: [UInt8]
    /// Compressed participant keys in the order given.
    public var participantPublicKeys: [[UInt8]]

    /// Parses a record with Core's checks; `side` is "Input" or "Output" for the messages.
    init(_ record: PSBTRecord, side: String) throws(DecodingError) {
        guard record.key.count == 34 else {
            throw record.error("\(side) musig2 participants pubkeys aggregate key is not 34 bytes")
        }
        let aggregate = Array(record.keyData)
        guard PublicKey.isFullyValid(aggregate) else { throw record.error("\(side) musig2 aggregate pubkey is invalid") }
        var participants: [[UInt8]] = []
        var start = 0
        let value = record.value
        while value.count - start >= 33 {
            let key = Array(value[start..<start + 33])
            guard PublicKey.isFullyValid(key) else { throw record.error("\(side) musig2 participant pubkey is invalid") }
            participants.append(key)
            start += 33
        }
        guard start == value.count else {
            throw record.error("\(side) musig2 participants pubkeys value size is not a multiple of 33")
        }
        aggregatePublicKey = aggregate
        participantPublicKeys = participants
    }
}

/// A MuSig2 public nonce or partial signature (`PSBT_IN_MUSIG2_PUB_NONCE`, `PSBT_IN_MUSIG2_PARTIAL_SIG`):
/// who made it, for which aggregate key and (for a script path) which leaf.
public struct PSBTMuSig2Contribution: Hashable, Sendable {
    public var participantPublicKey: [UInt8]
    public var aggregatePublicKey: [UInt8]
    /// The leaf hash; nil when signing for the internal key. Core treats an all-zero hash as none.
    public var leafHash: [UInt8]?
    /// The 66-byte public nonce or the 32-byte partial signature.
    public var data: [UInt8]

    /// Parses the key `<participant><aggregate>[<leaf hash>]` with Core's checks and takes the value as
    /// is (the caller checks its size); `what` is "pubnonce" or "partial sig".
    init(_ record: PSBTRecord, what: String) throws(DecodingError) {
        guard record.key.count == 67 || record.key.count == 99 else {
            throw record.error("Input musig2 \(what) key is not expected size of 67 or 99 bytes")
        }
        let keyData = Array(record.keyData)
        let participant = Array(keyData[0..<33])
        let aggregate = Array(keyData[33..<66])
        guard PublicKey.isFullyValid(aggregate) else { throw record.error("musig2 aggregate pubkey is invalid") }
        guard PublicKey.isFullyValid(participant) else { throw record.error("musig2 participant pubkey is invalid") }
        let leaf = keyData.count == 98 ? Array(keyData[66..<98]) : nil
        participantPublicKey = participant
        aggregatePublicKey = aggregate
        leafHash = leaf.flatMap { $0.allSatisfy { $0 == 0 } ? nil : $0 }
        data = record.value
    }

    /// Core's map order: aggregate key, leaf hash (none first, as all zeros), then participant key.
    static func precedes(_ a: PSBTMuSig2Contribution, _ b: PSBTMuSig2Contribution) -> Bool {
        if a.aggregatePublicKey != b.aggregatePublicKey { return byteOrder(a.aggregatePublicKey, b.aggregatePublicKey) }
        let zero = [UInt8](repeating: 0, count: 32)
        let la = a.leafHash ?? zero, lb = b.leafHash ?? zero
        if la != lb { return byteOrder(la, lb) }
        return byteOrder(a.participantPublicKey, b.participantPublicKey)
    }

    /// The slot in Core's nested maps (aggregate key and leaf hash, then participant): a second value
    /// for a filled slot is ignored.
    var slot: [UInt8] { aggregatePublicKey + (leafHash ?? [UInt8](repeating: 0, count: 32)) + participantPublicKey }
}
