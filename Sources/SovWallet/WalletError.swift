import SovPrimitives

/// Why a wallet operation failed. Each case maps to one exit status in `sov wallet` (see its discussion).
public enum WalletError: Error, Sendable, Equatable {
    /// The name is not 1–64 of `A–Z a–z 0–9 . _ -`, starting with a letter or digit.
    case invalidName(String)
    /// A wallet of that name already exists.
    case alreadyExists(name: String)
    /// No wallet of that name.
    case notFound(name: String)
    /// The wallet has no transaction with that txid (as of its last sync).
    case unknownTransaction(Txid)
    /// `--wallet` was not given and there is not exactly one wallet to default to.
    case ambiguous(names: [String])
    /// A descriptor that cannot serve as a wallet's (unparsable, private, unsolvable, several scripts per index,
    /// or for another network).
    case invalidDescriptor(String)
    /// A mnemonic that is not a valid BIP39 English phrase.
    case invalidMnemonic(String)
    /// The wallet file cannot be read or written.
    case storage(path: String, reason: String)
    /// The wallet file is not a sov wallet, or was written by a newer sov.
    case unsupportedFile(path: String, reason: String)
    /// The server could not be reached or closed the connection.
    case serverUnreachable(server: String, reason: String)
    /// The server answered something the wallet could verify to be false (see `ServerFault`).
    case serverMisbehaved(server: String, fault: ServerFault)
    /// The server's chain is shorter than the one the wallet already verified.
    case serverBehind(server: String, serverHeight: Int, walletHeight: Int)
    /// The index is past what the wallet has derived (`address --index`).
    case indexOutOfRange(Int)
    /// The spendable outputs do not cover the payment and its fee.
    case insufficientFunds(needed: Amount, available: Amount)
    /// The fee is above the cap (`Wallet.maximumFee`, `Wallet.maximumFeeRate`) and was not allowed.
    case feeTooHigh(fee: Amount, rate: Double)
    /// A payment that cannot be made as asked (an amount below dust, no recipient, an output the wallet does
    /// not have or cannot spend).
    case invalidPayment(String)
    /// The keys given are not this wallet's (the mnemonic's fingerprint is another).
    case wrongKeys(expected: String, given: String)
    /// A PSBT that cannot be read, signed, finalized or extracted.
    case invalidPSBT(String)
    /// The server's node refused the transaction (its reason).
    case broadcastRejected(String)
    /// A BIP329 label record that cannot be read.
    case invalidLabel(String)
    /// The external signer could not be run, or answered nothing usable.
    case signerUnavailable(String)
    /// The external signer (or the person at the device) refused to sign, with its reason.
    case signerRefused(String)
    /// The wallet keeps no keys (it was not created with `--keep-keys`).
    case noKeptKeys(name: String)
    /// The passphrase does not open the wallet's key file.
    case wrongKeyPassphrase(path: String)
    /// Two servers told different stories: `scripts` statuses differ (or the tip header when 0).
    case serversDisagree(first: String, second: String, scripts: Int)
}

/// What a server said that the wallet proved wrong: grounds to distrust that server.
public enum ServerFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// Its chain starts from another genesis block: another network.
    case wrongGenesis(BlockHash)
    /// A header whose previous-block hash is not the header below it.
    case headerDoesNotConnect(height: Int)
    /// A header whose hash is above its target, or whose target is above the network's limit.
    case insufficientProofOfWork(height: Int)
    /// A header whose `bits` are not what the difficulty rules require.
    case wrongDifficulty(height: Int, bits: UInt32, expected: UInt32)
    /// A header whose time is not after the median of the eleven before it, or more than two hours ahead.
    case badTimestamp(height: Int)
    /// A transaction whose merkle proof does not lead to its block's merkle root.
    case badMerkleProof(txid: Txid, height: Int)
    /// A transaction placed in a block the server's own header chain does not have.
    case heightBeyondTip(txid: Txid, height: Int)
    /// Bytes returned for a txid that hash to another txid, or do not parse.
    case transactionMismatch(txid: Txid)
    /// A transaction listed in a history that the server then would not give.
    case missingTransaction(txid: Txid)
    /// A script's announced status is not the hash of the history it returned.
    case statusMismatch(scriptHash: ScriptHash)
    /// An answer that is not the shape the protocol defines.
    case malformedAnswer(method: String, detail: String)

    public var description: String {
        switch self {
        case .wrongGenesis(let hash): return "its chain starts at block \(hash), not this network's genesis"
        case .headerDoesNotConnect(let h): return "header \(h) does not connect to header \(h - 1)"
        case .insufficientProofOfWork(let h): return "header \(h) lacks the proof of work its target requires"
        case .wrongDifficulty(let h, let bits, let expected):
            return "header \(h) has difficulty bits \(String(bits, radix: 16)), the rules require \(String(expected, radix: 16))"
        case .badTimestamp(let h): return "header \(h) has a timestamp the consensus rules refuse"
        case .badMerkleProof(let txid, let h): return "the merkle proof of \(txid) does not lead to block \(h)'s merkle root"
        case .heightBeyondTip(let txid, let h): return "it places \(txid) at height \(h), above its own chain tip"
        case .transactionMismatch(let txid): return "the transaction it returned for \(txid) is another transaction"
        case .missingTransaction(let txid): return "it lists \(txid) in a history but will not return the transaction"
        case .statusMismatch(let sh): return "the status it announced for script hash \(sh) is not the hash of the history it returned"
        case .malformedAnswer(let method, let detail): return "malformed answer to \(method): \(detail)"
        }
    }
}
