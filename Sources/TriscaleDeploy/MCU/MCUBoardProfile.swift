/// The memory a generated project may use on one board, and how it is built
/// and emulated: the flash and RAM regions its linker script declares, the
/// stack and heap it reserves in RAM, the compiler's core flags and the QEMU
/// machine that runs it.
///
/// Regions sit where QEMU's machine has memory (`info mtree` of
/// `mps2-an386`, `mps2-an500`, `mps2-an505`); their lengths are the budget
/// of a typical part with that core, not QEMU's larger RAMs, so that a model
/// which would not fit the part is refused at generation and by the linker.
public struct MCUBoardProfile: Codable, Equatable, Sendable {
  /// The board's name in reports ("mps2-an386").
  public var name: String
  /// `arm-none-eabi-gcc` core flags (`-mcpu=cortex-m4 -mthumb`); empty for the host.
  public var compilerFlags: [String]
  /// The QEMU machine (`-M`) that emulates it, or `nil` when it is not run under QEMU.
  public var qemuMachine: String?
  /// Where flash (code and constants) starts.
  public var flashOrigin: Int
  /// Bytes of flash the model may use.
  public var flashBytes: Int
  /// Where RAM (the arena, data, stack and heap) starts.
  public var ramOrigin: Int
  /// Bytes of RAM the model may use.
  public var ramBytes: Int
  /// Bytes reserved at the top of RAM for the stack.
  public var stackBytes: Int
  /// Bytes reserved for the C library's heap (the example's `FILE` buffers).
  public var heapBytes: Int

  /// Flash bytes counted for code (kernels, startup and the C library's
  /// stdio in the example) when the budget is checked before building.
  public static let codeAllowanceBytes = 32 * 1024

  /// Whether it is a bare-metal board (false for the host).
  public var isBareMetal: Bool { !compilerFlags.isEmpty }
}
