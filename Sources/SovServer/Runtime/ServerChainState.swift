import NIOConcurrencyHelpers
import SovElectrum
import SovIndex
import SovPrimitives

/// What the server serves from: the address index and the latest mempool view, shared by every connection
/// and replaced as a whole by the chain follower (readers take a consistent snapshot, never a half-update).
public final class ServerChainState: Sendable {
    public let index: AddressIndex
    /// Longest script history answered.
    public let historyLimit: Int
    private let mempoolBox: NIOLockedValueBox<MempoolView?>
    private let generationBox = NIOLockedValueBox<UInt64>(0)
    /// Script histories computed in the current generation.
    public let historyCache = ScriptHistoryCache()
    /// Merkle trees of recently asked blocks.
    public let merkleCache = BlockMerkleCache()

    public init(index: AddressIndex, mempool: MempoolView? = nil, historyLimit: Int) {
        self.index = index
        self.historyLimit = historyLimit
        self.mempoolBox = NIOLockedValueBox(mempool)
    }

    /// The mempool view now (nil without a node).
    public var mempool: MempoolView? { mempoolBox.withLockedValue { $0 } }

    /// Replaces the mempool view; returns the previous one.
    @discardableResult
    public func replaceMempool(_ new: MempoolView?) -> MempoolView? {
        mempoolBox.withLockedValue { current in
            let old = current
            current = new
            return old
        }
    }

    /// Counts the changes published so far: a connection that computed an answer while this moved checks again.
    public var generation: UInt64 { generationBox.withLockedValue { $0 } }

    /// Marks a change of the chain or the mempool (called before the change is broadcast).
    public func advanceGeneration() {
        generationBox.withLockedValue { $0 += 1 }
    }

    /// A query service over the index and the current mempool.
    public var queries: ElectrumQueryService {
        // The generation is read before the mempool: a history computed from a newer mempool under an older
        // generation is only ever dropped early, never served late.
        let generation = self.generation
        return ElectrumQueryService(index: index, mempool: mempool, historyLimit: historyLimit, historyCache: (historyCache, generation),
                             merkleCache: merkleCache)
    }

    /// The tip: height and 80-byte header; nil while the index is empty.
    public var tip: (height: Int, header: [UInt8])? {
        guard let tip = index.tip, let header = try? index.header(height: tip.height) else { return nil }
        return (tip.height, header.serialized)
    }
}

/// What changed in the chain or the mempool, for notifications.
public struct ChainChange: Sendable {
    /// The new tip when it moved.
    public var tip: (height: Int, header: [UInt8])?
    /// Scripts whose status may have changed; nil means any (after a reorg).
    public var touched: Set<ScriptHash>?

    public init(tip: (height: Int, header: [UInt8])?, touched: Set<ScriptHash>?) {
        self.tip = tip
        self.touched = touched
    }

    /// Whether the status of `scriptHash` may have changed.
    public func mayChange(_ scriptHash: ScriptHash) -> Bool {
        touched?.contains(scriptHash) ?? true
    }
}
