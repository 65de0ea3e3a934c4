import NIOSSL

extension ServerConfiguration {
    /// What the TLS and secure WebSocket listeners need: the server's certificate (configured, or generated
    /// on first start) with sov's client CA as the issuer of acceptable client certificates; and the
    /// certificate's SHA-256 fingerprint for wallets to pin. Nil when no listener uses TLS.
    public func serverTLS() throws -> (configuration: TLSConfiguration, fingerprint: String)? {
        guard !tls.isEmpty || !wss.isEmpty else { return nil }
        let identity = try TLSIdentity.forServer(self)
        let clientCA = try ClientCredentialStore(configuration: self).certificateAuthority().certificate()
        return (try identity.serverConfiguration(clientCertificateAuthorities: [clientCA]), identity.fingerprintSHA256)
    }
}
