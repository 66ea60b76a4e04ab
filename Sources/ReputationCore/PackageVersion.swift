/// The version of the wallet-reputation package, printed by every executable's `--version`.
public enum PackageVersion {
    /// Semantic version of this release.
    public static let current = "0.5.0"
}
