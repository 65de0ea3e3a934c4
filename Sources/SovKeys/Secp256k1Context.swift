import CSecp256k1

/// The process-wide libsecp256k1 context. All elliptic-curve maths in sov goes through libsecp256k1.
///
/// A context that is only used for verification and parsing is safe to share between threads once
/// created (libsecp256k1's documented guarantee), hence `@unchecked Sendable`.
public final class Secp256k1Context: @unchecked Sendable {
    public let pointer: OpaquePointer

    public static let shared = Secp256k1Context()

    private init() {
        pointer = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        var seed = [UInt8](repeating: 0, count: 32)
        for i in seed.indices { seed[i] = UInt8.random(in: 0...255) }
        _ = secp256k1_context_randomize(pointer, seed)
    }

    deinit { secp256k1_context_destroy(pointer) }
}
