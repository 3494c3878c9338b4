import Foundation
import Testing
import TriscaleDeploy

/// Device profiles: the built-in YAML, user files (good and bad), and the
/// estimate arithmetic against hand-computed figures.
@Suite("Device profiles")
struct DeviceProfileTests {
  /// A microcontroller profile in YAML whose figures make the arithmetic easy.
  static let toyYAML = """
    format-version: 1
    id: toy-m4
    name: Toy board
    tier: microcontroller
    processor: Arm Cortex-M4
    clock-hertz: {value: 100000000, source: "toy datasheet"}
    ram-bytes: {value: 65536, source: "toy datasheet"}
    flash-bytes: {value: 262144, source: "toy datasheet"}
    compute:
      mcu-core: cortex-m4
      cycles-per-instruction: {value: 2.0, source: "toy calibration"}
    active-watts: {value: 0.05, source: "toy measurement"}
    published: []
    """

  /// `yaml` written to a temporary file, loaded; the file is removed afterwards.
  static func load(_ yaml: String) throws -> DeviceProfile {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-profile-\(UUID().uuidString).yaml"
    ).path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try DeviceProfiles.load(path: path)
  }

  /// The message of the error `yaml` is refused with.
  static func refusal(_ yaml: String) -> String {
    do {
      _ = try load(yaml)
      return "accepted"
    } catch {
      return "\(error)"
    }
  }

  @Test("the seven built-in profiles decode, validate and are found by id")
  func builtIn() throws {
    #expect(
      Set(DeviceProfiles.ids) == [
        "host", "cloud-t4", "raspberry-pi-4", "jetson-orin-nano", "stm32l4r5", "stm32h7a3",
        "nrf5340",
      ])
    let l4 = try DeviceProfiles.profile(id: "stm32l4r5")
    #expect(l4.compute.mcuCore == .cortexM4)
    #expect(l4.clockHertz?.value == 120_000_000)
    #expect(l4.published(.calibration, benchmark: "vww") != nil)
    #expect(l4.published(.validation, benchmark: "ic") != nil)
    #expect(try DeviceProfiles.profile(id: "stm32h7a3").compute.mcuCore == .cortexM7)
    #expect(try DeviceProfiles.profile(id: "host").compute.hostMeasured)
    #expect(throws: DeviceProfileError.self) { try DeviceProfiles.profile(id: "esp32") }
  }

  @Test("each calibrated cycles-per-instruction equals its stated arithmetic")
  func calibrationArithmetic() throws {
    for profile in DeviceProfiles.builtIn where profile.tier == .microcontroller {
      let calibration = try #require(profile.published.first { $0.role == .calibration })
      let instructions = try #require(calibration.qemuInstructions)
      let cycles = calibration.latencySeconds.value * profile.clockHertz!.value
      let stated = profile.compute.cyclesPerInstruction!.value
      #expect(abs(cycles / Double(instructions) / stated - 1) < 1e-3, "\(profile.id)")
      #expect(
        profile.published.contains {
          $0.role == .validation && $0.benchmark != calibration.benchmark
        }, "\(profile.id): validation must differ from calibration")
    }
  }

  @Test("a user profile loads from YAML; a user profile shadows a built-in id")
  func loadsUserProfile() throws {
    let toy = try Self.load(Self.toyYAML)
    #expect(toy.id == "toy-m4")
    #expect(toy.compute.cyclesPerInstruction == Sourced(2.0, source: "toy calibration"))
    #expect(try DeviceProfiles.profile(id: "toy-m4", extra: [toy]) == toy)
  }

  @Test(
    "a bad profile is refused naming the file, the key and the fix",
    arguments: [
      ("value: 100000000", "value: -5", "key 'clock-hertz.value' is -5.0"),
      ("value: 100000000", "value: .inf", "key 'clock-hertz.value' is inf"),
      (
        "{value: 2.0, source: \"toy calibration\"}", "{value: 2.0, source: \"\"}",
        "key 'compute.cycles-per-instruction.source' is empty"
      ),
      ("format-version: 1", "format-version: 2", "key 'format-version' is 2"),
      ("  mcu-core: cortex-m4\n", "", "key 'compute.mcu-core' is missing"),
      ("tier: microcontroller", "tier: satellite", "key 'tier' has an invalid value"),
      ("ram-bytes: {value: 65536", "ram-bytes: {value: lots", "key 'ram-bytes.value' is not a Int"),
      ("name: Toy board\n", "", "key 'name' is missing"),
    ])
  func refusesBadFiles(original: String, replacement: String, expected: String) {
    let message = Self.refusal(Self.toyYAML.replacingOccurrences(of: original, with: replacement))
    #expect(message.hasPrefix("invalid device profile /"), "\(message)")
    #expect(message.contains(".yaml: " + expected), "\(message)")
  }

  @Test("an unreadable or non-YAML file is refused in one line")
  func refusesUnreadable() throws {
    #expect(throws: DeviceProfileError.self) { try DeviceProfiles.load(path: "/nonexistent.yaml") }
    #expect(Self.refusal("id: [unclosed").contains("invalid device profile"))
  }

  @Test("MCU estimate: instructions × cycles per instruction ÷ clock; energy = power × latency")
  func mcuArithmetic() throws {
    let toy = try Self.load(Self.toyYAML)
    let workload = InferenceWorkload(
      macs: 1_000_000, precision: .int8, weightBytes: 100_000, peakMemoryBytes: 30_000,
      mcuInstructions: [.cortexM4: 50_000_000])
    let estimate = try toy.estimate(workload)
    #expect(estimate.latencySeconds == 1.0)  // 50e6 × 2 / 100e6
    #expect(estimate.powerWatts == 0.05)
    #expect(estimate.energyJoules == 0.05)
    #expect(!estimate.isMeasured)
    #expect(estimate.fits && estimate.fitProblem == nil)
    #expect(estimate.latencyMethod.contains("toy calibration"))
    #expect(estimate.energyMethod.contains("toy measurement"))
    #expect(estimate.sources.contains("toy datasheet"))

    var tooBig = workload
    tooBig.weightBytes = 300_000
    let refused = try toy.estimate(tooBig)
    #expect(!refused.fits)
    #expect(refused.fitProblem == "300000 bytes of weights exceed the 262144-byte flash")
  }

  @Test("MAC-rate and host estimates; what a profile cannot run is refused")
  func rateAndHostArithmetic() throws {
    let pi = try DeviceProfiles.profile(id: "raspberry-pi-4")
    let float = InferenceWorkload(
      macs: 7_587_000_000, precision: .fp32, weightBytes: 1000, peakMemoryBytes: 1000)
    let piEstimate = try pi.estimate(float)
    #expect(abs(piEstimate.latencySeconds - 1.0) < 1e-12)  // 7.587e9 MACs ÷ 7.587e9 MAC/s
    #expect(abs(piEstimate.energyJoules! - 6.4) < 1e-12)
    var int8 = float
    int8.precision = .int8
    int8.macs = 14_120_000_000
    #expect(abs(try pi.estimate(int8).latencySeconds - 1.0) < 1e-12)  // 1.412e10 int8 MAC/s
    var half = float
    half.precision = .fp16
    #expect(throws: DeviceProfileError.self) { try pi.estimate(half) }  // no fp16 rate

    let host = try DeviceProfiles.profile(id: "host")
    var measured = float
    measured.hostLatencySeconds = 0.02
    let hostEstimate = try host.estimate(measured)
    #expect(hostEstimate.isMeasured && hostEstimate.latencySeconds == 0.02)
    #expect(abs(hostEstimate.energyJoules! - 15.6 * 0.02) < 1e-12)
    #expect(hostEstimate.energyMethod.contains("an estimate"))
    #expect(throws: DeviceProfileError.self) { try host.estimate(float) }  // nothing measured

    let l4 = try DeviceProfiles.profile(id: "stm32l4r5")
    #expect(throws: DeviceProfileError.self) { try l4.estimate(float) }  // fp32 on an MCU
    #expect(throws: DeviceProfileError.self) { try l4.estimate(int8) }  // no QEMU count
    let orin = try DeviceProfiles.profile(id: "jetson-orin-nano")
    let orinEstimate = try orin.estimate(int8)
    #expect(orinEstimate.powerWatts == 15)
    #expect(abs(orinEstimate.energyJoules! - 15 * orinEstimate.latencySeconds) < 1e-15)
  }

  @Test("an invalid workload is refused, naming the field")
  func refusesInvalidWorkload() throws {
    let toy = try Self.load(Self.toyYAML)
    let cases = [
      InferenceWorkload(macs: 0, precision: .int8, weightBytes: 1, peakMemoryBytes: 1),
      InferenceWorkload(macs: 1, precision: .int8, weightBytes: -1, peakMemoryBytes: 1),
      InferenceWorkload(
        macs: 1, precision: .int8, weightBytes: 1, peakMemoryBytes: 1,
        mcuInstructions: [.cortexM4: 0]),
      InferenceWorkload(
        macs: 1, precision: .int8, weightBytes: 1, peakMemoryBytes: 1,
        mcuInstructions: [.cortexM4: 10], hostLatencySeconds: .nan),
    ]
    for workload in cases {
      #expect {
        try toy.estimate(workload)
      } throws: { error in
        "\(error)".hasPrefix("invalid workload: ")
      }
    }
  }
}
