import Foundation
import NIOCore
import SovElectrumFraming
import NIOPosix
import SovServer

// sov-bench serve-echo --reply-bytes N   (started by `sov-bench serve`, not meant to be run by hand)
//
// The floor the server benchmark is measured against: the same transport as the Electrum server (SwiftNIO
// TCP with as many event loops as cores, the same socket options and the server's own line decoder), but
// each request line is answered at once on the event loop with a JSON-RPC result of `N` bytes — no parsing
// beyond finding the id, no index, no worker threads. Prints {"event":"listening","port":P} when ready and
// exits when its standard input closes.

/// Answers every line with `{"jsonrpc":"2.0","result":"…","id":<the request's id>}`, padded to a fixed size.
final class EchoLineHandler: ChannelInboundHandler {
    typealias InboundIn = ElectrumFrame
    typealias OutboundOut = ByteBuffer

    private let replyBytes: Int
    private static let head = Array(#"{"jsonrpc":"2.0","result":""#.utf8)
    private static let middle = Array(#"","id":"#.utf8)
    private static let tail = Array("}\n".utf8)
    private static let idKey = Array(#""id":"#.utf8)

    init(replyBytes: Int) {
        self.replyBytes = replyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .line(let line) = unwrapInboundIn(data) else { return }
        let id = Self.id(in: line.readableBytesView)
        let padding = max(0, replyBytes - Self.head.count - Self.middle.count - id.count - Self.tail.count)
        var reply = context.channel.allocator.buffer(capacity: replyBytes)
        reply.writeBytes(Self.head)
        reply.writeRepeatingByte(UInt8(ascii: "x"), count: padding)
        reply.writeBytes(Self.middle)
        reply.writeBytes(id)
        reply.writeBytes(Self.tail)
        context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
    }

    /// The bytes of the request's id value (a number or a string), or `null`.
    static func id(in line: ByteBufferView) -> ArraySlice<UInt8> {
        let bytes = Array(line)
        var i = 0
        while i + idKey.count <= bytes.count {
            if bytes[i] == idKey[0] && bytes[i..<(i + idKey.count)].elementsEqual(idKey) {
                let start = i + idKey.count
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: ",") && bytes[end] != UInt8(ascii: "}") { end += 1 }
                return bytes[start..<end]
            }
            i += 1
        }
        return ArraySlice("null".utf8)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

func runEchoServer() async {
    let replyBytes = Int(option("--reply-bytes") ?? "100") ?? 100
    let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
    let bootstrap = ServerBootstrap(group: group)
        .serverChannelOption(.backlog, value: 256)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                let sync = channel.pipeline.syncOperations
                try sync.addHandler(ByteToMessageHandler(ElectrumLineDecoder(maximumLength: ServerLimits().maxRequestBytes)))
                try sync.addHandler(EchoLineHandler(replyBytes: replyBytes))
            }
        }
    do {
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        FileHandle.standardOutput.write(Data("{\"event\":\"listening\",\"port\":\(port)}\n".utf8))
        exitWhenInputCloses()
        try await channel.closeFuture.get()
    } catch {
        fail("echo server: \(error)")
    }
}
