import TriscaleCore

/// A built image's sections as `arm-none-eabi-size -A` prints them, summed
/// into flash (what is stored: code, the model's constants, other read-only
/// data, `.data`'s initial values) and RAM (`.data`, `.bss`, heap, stack).
public struct MCUSectionSizes: Codable, Equatable, Sendable {
  /// Bytes per section (`.text`, `.weights`, `.rodata`, `.data`, `.bss`, ...).
  public var sections: [String: Int]
  /// Code: `.isr_vector`, `.text` and `.ARM.exidx`.
  public var codeBytes: Int
  /// The part of `.text` that is the model and its kernels (`model.o` and
  /// the kernel objects, from the linker map); the rest is the example's
  /// startup, `main.c` and the C library's stdio over semihosting.
  public var modelCodeBytes: Int
  /// The model's constants: the `.weights` section (model.o's read-only data).
  public var weightBytes: Int
  /// Other read-only data (the C library's tables, kernel literals).
  public var rodataBytes: Int
  /// Initialized data (stored in flash, copied to RAM).
  public var dataBytes: Int
  /// Zeroed data: the arena, the example's buffers, the C library's state.
  public var bssBytes: Int
  /// Flash used: code + weights + rodata + data.
  public var flashBytes: Int

  /// Parses `arm-none-eabi-size -A` output ("section size addr" rows; the
  /// debugging and note sections, which are not loaded, left out) and the
  /// linker `map`, counting the `.text` of `modelObjects` as the model's code.
  public init(sysvOutput: String, map: String, modelObjects: Set<String>) throws {
    var sections: [String: Int] = [:]
    for line in sysvOutput.split(separator: "\n") {
      let fields = line.split(whereSeparator: \.isWhitespace)
      guard fields.count == 3, fields[0].hasPrefix("."), let size = Int(fields[1]),
        ![".debug", ".comment", ".ARM.attributes"].contains(where: { fields[0].hasPrefix($0) })
      else { continue }
      sections[String(fields[0])] = size
    }
    guard sections[".text"] != nil else {
      throw TriscaleError.invalidArgument(
        name: "arm-none-eabi-size output", problem: "it lists no .text section",
        fix: "Run it with -A on the built model.elf")
    }
    self.sections = sections
    codeBytes = [".isr_vector", ".text", ".ARM.exidx"].reduce(0) { $0 + (sections[$1] ?? 0) }
    weightBytes = sections[".weights"] ?? 0
    rodataBytes = sections[".rodata"] ?? 0
    dataBytes = sections[".data"] ?? 0
    bssBytes = sections[".bss"] ?? 0
    flashBytes = codeBytes + weightBytes + rodataBytes + dataBytes
    let linked = MCULinkerMap(map: map).textBytes
    modelCodeBytes = modelObjects.reduce(0) { $0 + (linked[$1] ?? 0) }
  }
}
