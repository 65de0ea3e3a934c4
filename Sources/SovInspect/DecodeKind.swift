/// What `sov decode` can decode.
public enum DecodeKind: String, Sendable, CaseIterable {
    case tx, block, header, script, psbt, address, key, descriptor
}
