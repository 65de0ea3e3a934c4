import Glibc

extension String {
    /// `format` rendered by C's `vsnprintf` with `arguments` (numbers only: `%ld`, `%f`, `%x`, `%g` and their
    /// flags; no `%s`, `%@`), where Foundation's `String(format:)` was used.
    public init(cFormat format: String, _ arguments: any CVarArg...) {
        self = String.render(format, arguments)
    }

    private static func render(_ format: String, _ arguments: [any CVarArg]) -> String {
        let needed = withVaList(arguments) { Int(vsnprintf(nil, 0, format, $0)) }
        guard needed > 0 else { return "" }
        var buffer = [CChar](repeating: 0, count: needed + 1)
        _ = withVaList(arguments) { list in buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, list) } }
        return String(decoding: buffer[0..<needed].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
