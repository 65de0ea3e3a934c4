/// A failure reading Bitcoin Core's block files: which file, where, and why.
public struct BlockSourceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or folder) concerned, when there is one.
    public var path: String?
    /// The byte offset in that file, when the failure is at a position.
    public var offset: Int64?
    public var reason: String

    public init(path: String? = nil, offset: Int64? = nil, _ reason: String) {
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        var text = ""
        if let path { text += path }
        if let offset { text += (text.isEmpty ? "" : " ") + "at offset \(offset)" }
        return text.isEmpty ? reason : "\(text): \(reason)"
    }
}
