extension Duration {
    /// The duration in seconds, fractions included (for JSON documents, metrics and deadlines).
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
