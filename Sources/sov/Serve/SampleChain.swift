import FoundationEssentials
import SovPrimitives

/// The sample chain `sov demo` serves: the block files of a real Bitcoin Core regtest node (the project's
/// fixture `fixtures/regtest/blocks`: blk00000.dat without its preallocated zero tail, and xor.dat), carried
/// inside the binary so the demo needs nothing else.
enum SampleChain {
    /// Writes blk00000.dat and xor.dat into `directory` (created if needed) unless they are there already.
    static func install(into directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let block = directory + "/blk00000.dat", xor = directory + "/xor.dat"
        let blockBytes = Data(base64Encoded: blockFile, options: .ignoreUnknownCharacters)!
        if fm.contents(atPath: block) != blockBytes {
            try blockBytes.write(to: URL(fileURLWithPath: block), options: .atomic)
        }
        let key = Data(try Hex.decode(xorKey))
        if fm.contents(atPath: xor) != key {
            try key.write(to: URL(fileURLWithPath: xor), options: .atomic)
        }
    }

    /// What to restore in a wallet to watch the sample's coins: the account key (SLIP-132 vpub, as Electrum
    /// takes it) of the BIP84 account m/84'/1'/0' of BIP39's test mnemonic "abandon … about", which owns them.
    static let watchOnlyAccount = "vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgjAvtbBrf8ZhDYe2jWAqvZVnsc"

    static let xorKey = "476607507cae08f1"
}
