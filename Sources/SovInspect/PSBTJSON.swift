import SovJSON
import SovPrimitives

extension Inspector {
    func decodePSBT(_ input: DecodeInput) throws(DecodingError) -> JSONValue {
        throw DecodingError("PSBT decoding is not available yet")
    }
}
