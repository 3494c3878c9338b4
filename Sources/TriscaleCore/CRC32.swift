/// CRC-32 (IEEE 802.3, the zlib polynomial) used as the checksum of every file
/// Triscale writes.
public enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = (value & 1) != 0 ? (0xEDB8_8320 ^ (value >> 1)) : (value >> 1) }
    return value
  }

  /// The checksum of `bytes`, optionally continuing from an earlier `crc`.
  ///
  /// Not generic on purpose: the loop is compiled (optimized) in this module,
  /// so callers in other modules get full speed on large model files.
  public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32
  {
    var value = ~crc
    table.withUnsafeBufferPointer { table in
      for byte in bytes { value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8) }
    }
    return ~value
  }

  /// The checksum of a byte array (see ``checksum(_:continuing:)-(UnsafeRawBufferPointer,_)``).
  public static func checksum(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
    bytes.withUnsafeBytes { checksum($0, continuing: crc) }
  }
}
