extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (Foundation's `trimmingSpaces()`
    /// for the ASCII text sov reads: configuration lines, node answers).
    public func trimmingSpaces() -> String { trimming(where: { $0 == " " || $0 == "\t" }) }

    /// The text without leading and trailing white space, line breaks included
    /// (`trimmingWhitespace()`).
    public func trimmingWhitespace() -> String { trimming(where: \.isWhitespace) }

    /// The text without the leading and trailing characters that `isTrimmed` picks.
    public func trimming(where isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension StringProtocol {
    /// The text with each `%XX` turned back into its byte; nil when a `%` is not followed by two hex digits or the
    /// bytes are not UTF-8 (Foundation's `removingPercentEncoding`).
    public func removingPercentEscapes() -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
