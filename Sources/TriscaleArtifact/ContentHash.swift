import Crypto
import Foundation

/// SHA-256 digests as lowercase hex: artifact ids, configuration hashes and cache keys.
public enum ContentHash {
  /// The SHA-256 of `bytes`.
  public static func hex(of bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
  }

  /// An incremental digest over several parts, each length-prefixed so that
  /// ("ab", "c") and ("a", "bc") differ.
  public struct Builder {
    private var hasher = SHA256()

    /// An empty digest.
    public init() {}

    /// Adds one part.
    public mutating func add(_ bytes: [UInt8]) {
      withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
      hasher.update(data: bytes)
    }

    /// Adds one text part (UTF-8).
    public mutating func add(_ text: String) { add(Array(text.utf8)) }

    /// The hex digest.
    public func finalize() -> String {
      hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
  }
}
