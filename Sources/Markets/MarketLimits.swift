/// Hard bounds on market files and definitions.
///
/// Every input has a limit so that a bad file or directory cannot make loading slow or
/// memory-hungry, and so that code downstream can rely on small, known sizes.
public enum MarketLimits {
    /// Longest market symbol, e.g. `BTC-USDT`, in characters.
    public static let symbolMaxChars = 16
    /// Longest asset symbol, e.g. `USDT`, in characters.
    public static let assetMaxChars = 12
    /// Highest maker or taker fee, in basis points (1000 bps = 10 %).
    public static let feeMaxBps: UInt16 = 1000
    /// Most decimals an asset may show; 18 covers every common asset.
    public static let decimalsMax: UInt8 = 18
    /// Largest market file accepted, in bytes; a definition is a dozen short lines.
    public static let fileMaxBytes = 64 * 1024
    /// Most market files one catalog loads.
    public static let catalogMaxMarkets = 1024
}
