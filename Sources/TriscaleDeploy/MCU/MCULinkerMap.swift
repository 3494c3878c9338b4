/// What a GNU `ld` map file (`-Wl,-Map=`) says about the code that was
/// linked: the bytes each object file contributes to the `.text` output
/// section, after `--gc-sections` dropped what nothing calls.
struct MCULinkerMap {
  /// `.text` bytes per object file of the project (`model.o`, `conv.o`;
  /// archive members such as the C library's are left out).
  let textBytes: [String: Int]

  /// Reads the map's "Linker script and memory map" part: input sections
  /// listed under the `.text` output section, as `NAME ADDRESS SIZE FILE`
  /// on one line or NAME alone on the line before.
  init(map: String) {
    var bytes: [String: Int] = [:]
    var inMemoryMap = false
    var inText = false
    for line in map.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("Linker script and memory map") { inMemoryMap = true }
      guard inMemoryMap else { continue }
      if let first = line.first, first == "." {
        inText = line.split(separator: " ").first == ".text"
        continue
      }
      let fields = line.split(whereSeparator: \.isWhitespace)
      guard inText, fields.count >= 3, let file = fields.last, file.hasSuffix(".o"),
        fields[fields.count - 3].hasPrefix("0x"),
        let size = Int(fields[fields.count - 2].dropFirst(2), radix: 16)
      else { continue }
      let name = String(file.split(separator: "/").last ?? file)
      bytes[name, default: 0] += size
    }
    textBytes = bytes
  }
}
