/// What `triscale deploy mcu --target` builds for: a Cortex-M core on a
/// named board profile, or the host's C compiler (to check the generated
/// code beside the host runtime).
public enum MCUTarget: String, CaseIterable, Codable, Sendable {
  /// Cortex-M4 on an Arm MPS2 AN386 memory map (QEMU `mps2-an386`), with an
  /// STM32F4-class budget: 1 MiB flash, 128 KiB RAM.
  case cortexM4 = "cortex-m4"
  /// Cortex-M7 on an Arm MPS2 AN500 memory map (QEMU `mps2-an500`), with an
  /// STM32F7-class budget: 2 MiB flash, 512 KiB RAM.
  case cortexM7 = "cortex-m7"
  /// Cortex-M33 on an Arm MPS2 AN505 secure memory map (QEMU `mps2-an505`),
  /// with an STM32L5-class budget: 512 KiB flash, 256 KiB RAM.
  case cortexM33 = "cortex-m33"
  /// The host's `cc`: no budget, no linker script.
  case host

  /// The kernels its projects call unless told otherwise: the DSP kernels
  /// on the Cortex-M cores (all three have the DSP extension), the
  /// reference loops on the host.
  public var defaultKernels: MCUKernelChoice { self == .host ? .reference : .cortexMDSP }

  /// Its memory budget and build settings.
  public var profile: MCUBoardProfile {
    switch self {
    case .cortexM4:
      MCUBoardProfile(
        name: "mps2-an386", compilerFlags: ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=soft"],
        qemuMachine: "mps2-an386", qemuTimerHertz: 25_000_000, flashOrigin: 0x0000_0000,
        flashBytes: 1024 * 1024,
        ramOrigin: 0x2000_0000, ramBytes: 128 * 1024, stackBytes: 8 * 1024, heapBytes: 8 * 1024)
    case .cortexM7:
      MCUBoardProfile(
        name: "mps2-an500", compilerFlags: ["-mcpu=cortex-m7", "-mthumb", "-mfloat-abi=soft"],
        qemuMachine: "mps2-an500", qemuTimerHertz: 25_000_000, flashOrigin: 0x0000_0000,
        flashBytes: 2048 * 1024,
        ramOrigin: 0x2000_0000, ramBytes: 512 * 1024, stackBytes: 8 * 1024, heapBytes: 8 * 1024)
    case .cortexM33:
      MCUBoardProfile(
        name: "mps2-an505", compilerFlags: ["-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=soft"],
        qemuMachine: "mps2-an505", qemuTimerHertz: 20_000_000, flashOrigin: 0x1000_0000,
        flashBytes: 512 * 1024,
        ramOrigin: 0x3800_0000, ramBytes: 256 * 1024, stackBytes: 8 * 1024, heapBytes: 8 * 1024)
    case .host:
      MCUBoardProfile(
        name: "host", compilerFlags: [], qemuMachine: nil, qemuTimerHertz: nil, flashOrigin: 0,
        flashBytes: .max,
        ramOrigin: 0, ramBytes: .max, stackBytes: 0, heapBytes: 0)
    }
  }
}
