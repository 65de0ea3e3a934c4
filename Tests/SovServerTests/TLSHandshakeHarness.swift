import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SovServer

/// Runs one real TLS handshake over loopback TCP between a NIOSSL server and client and reports, for each
/// side, the SHA-256 fingerprint of the certificate the peer presented (nil: none) or the failure.
enum TLSHandshakeHarness {
    struct Outcome {
        /// What the server saw: the client's certificate fingerprint, or the handshake error.
        var server: Result<String?, any Error>
        /// What the client saw: the server's certificate fingerprint, or the handshake error.
        var client: Result<String?, any Error>
    }

    static func handshake(server: TLSConfiguration, client: TLSConfiguration, hostname: String? = "localhost") async throws -> Outcome {
        let group = MultiThreadedEventLoopGroup.singleton
        let serverContext = try NIOSSLContext(configuration: server)
        let clientContext = try NIOSSLContext(configuration: client)
        let serverSide = group.next().makePromise(of: String?.self)
        let clientSide = group.next().makePromise(of: String?.self)

        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: serverContext))
                    try channel.pipeline.syncOperations.addHandler(HandshakeRecorder(promise: serverSide))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = listener.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        let connection = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: clientContext, serverHostname: hostname))
                    try channel.pipeline.syncOperations.addHandler(HandshakeRecorder(promise: clientSide))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()

        let timeout = group.next().scheduleTask(in: .seconds(10)) {
            serverSide.fail(ChannelError.connectTimeout(.seconds(10)))
            clientSide.fail(ChannelError.connectTimeout(.seconds(10)))
        }
        async let serverResult = result(serverSide.futureResult)
        async let clientResult = result(clientSide.futureResult)
        let outcome = Outcome(server: await serverResult, client: await clientResult)
        timeout.cancel()
        try? await connection.close().get()
        try? await listener.close().get()
        return outcome
    }

    private static func result(_ future: EventLoopFuture<String?>) async -> Result<String?, any Error> {
        do { return .success(try await future.get()) } catch { return .failure(error) }
    }

    /// Completes its promise once: with the peer certificate's fingerprint when the handshake completes,
    /// with the error when it fails or the connection closes first.
    private final class HandshakeRecorder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let promise: EventLoopPromise<String?>
        var done = false

        init(promise: EventLoopPromise<String?>) {
            self.promise = promise
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSUserEvent, case .handshakeCompleted = event, !done {
                done = true
                let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
                promise.succeed(handler?.peerCertificate.flatMap { try? CertificateFingerprint.sha256($0) })
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            if !done {
                done = true
                promise.fail(error)
            }
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !done {
                done = true
                promise.fail(ChannelError.eof)
            }
            context.fireChannelInactive()
        }
    }
}
