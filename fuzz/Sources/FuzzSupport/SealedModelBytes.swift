import Foundation
import TriscaleCore
import TriscaleGraph

/// Fuzz input bytes as a model file that passes the framing checks, so that
/// mutations reach the header, graph and weight validation behind them (the
/// hostile case: a file edited and its checksum recomputed).
///
/// Both model formats end in a little-endian CRC-32 of every byte before it;
/// that checksum is recomputed. An int8 model file (magic `TRISINT8`) also
/// states its JSON length at bytes 12..<20; that length is set to what the
/// input holds. Inputs shorter than a file's fixed framing are passed through.
public enum SealedModelBytes {
  /// The bytes at `bytes` (`size` of them), length and checksum fixed as above.
  public static func data(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Data {
    var data = Data(bytes: bytes, count: size)
    guard size >= 24 else { return data }
    if data.starts(with: Int8ModelFile.magic) {
      withUnsafeBytes(of: UInt64(size - 24).littleEndian) {
        data.replaceSubrange(12..<20, with: $0)
      }
    }
    let checksum = data.withUnsafeBytes {
      CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[..<(size - 4)]))
    }
    withUnsafeBytes(of: checksum.littleEndian) { data.replaceSubrange((size - 4)..<size, with: $0) }
    return data
  }
}
