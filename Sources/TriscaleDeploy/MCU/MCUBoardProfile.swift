/// The memory a generated project may use on one board, and how it is built
/// and emulated: the flash and RAM regions its linker script declares, the
/// stack and heap it reserves in RAM, the compiler's core flags and the QEMU
/// machine that runs it.
///
/// Regions sit where QEMU's machine has memory (`info mtree` of
/// `mps2-an386`, `mps2-an500`, and the secure aliases of `mps2-an505`); their lengths are the budget
/// of a typical part with that core, not QEMU's larger RAMs, so that a model
/// which would not fit the part is refused at generation and by the linker.
public struct MCUBoardProfile: Codable, Equatable, Sendable {
  /// The board's name in reports ("mps2-an386").
  public var name: String
  /// `arm-none-eabi-gcc` core flags (`-mcpu=cortex-m4 -mthumb`); empty for the host.
  public var compilerFlags: [String]
  /// The QEMU machine (`-M`) that emulates it, or `nil` when it is not run under QEMU.
  public var qemuMachine: String?
  /// The clock of that machine's CMSDK timer 0 (at 0x40000000), which the
  /// example reads around each model call: the MPS2 system clock.
  public var qemuTimerHertz: Int?
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

  /// Executed instructions per timer tick under `-icount shift=0`, where
  /// QEMU advances the virtual clock 1 ns per instruction: 10⁹ / the timer's
  /// clock (checked: a loop of 5,000,020 instructions reads 125,000 ticks at
  /// 25 MHz on `mps2-an386` and `mps2-an500`, 100,001 at 20 MHz on `mps2-an505`).
  public var qemuInstructionsPerTick: Int? { qemuTimerHertz.map { 1_000_000_000 / $0 } }

  /// Whether it is a bare-metal board (false for the host).
  public var isBareMetal: Bool { !compilerFlags.isEmpty }
}
