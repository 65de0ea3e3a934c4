import SovJSON
import SovPrimitives

extension Inspector {
    func decodeDescriptor(_ text: String) throws(DecodingError) -> JSONValue {
        throw DecodingError("descriptor decoding is not available yet")
    }
}
