import Foundation
import TriscaleCore
import TriscaleGraph

/// How the cost of reading a model grows with its size: deep residual
/// chains of several node counts are written as float and int8 model files,
/// then read back (decoded and fully validated) and, for int8, memory
/// planned, timing each phase. Linear validation shows as a time ratio close
/// to the node-count ratio.
public enum ModelReadingScaling {
  /// `triscale bench reading`'s settings.
  public struct Settings: Sendable {
    /// The node counts to measure, smallest first.
    public var nodeCounts = [10_000, 100_000]
    /// Timed repetitions of each phase; the median is kept.
    public var rounds = 3

    /// The defaults.
    public init() {}

    /// Checks every value, naming the flag and the fix when one is out of range.
    public func validate() throws {
      let limit = ModelLimits.maxNodeCount
      guard !nodeCounts.isEmpty, nodeCounts.allSatisfy({ (8...limit).contains($0) }) else {
        throw TriscaleError.invalidArgument(
          name: "--nodes", problem: "\(nodeCounts) has a count outside 8...\(limit)",
          fix: "Use counts such as 10000,100000")
      }
      guard (1...100).contains(rounds) else {
        throw TriscaleError.invalidArgument(
          name: "--rounds", problem: "\(rounds) is outside 1...100", fix: "Use e.g. 3")
      }
    }
  }

  /// The medians for one node count.
  public struct Row: Codable, Sendable {
    /// Nodes of the float graph; the int8 model has as many operations.
    public var nodes: Int
    /// Bytes of the float model file.
    public var floatFileBytes: Int
    /// Seconds to read and validate the float model file.
    public var floatReadSeconds: Double
    /// Bytes of the int8 model file.
    public var int8FileBytes: Int
    /// Seconds to read and validate the int8 model file.
    public var int8ReadSeconds: Double
    /// Seconds to plan the int8 model's activation memory.
    public var int8PlanSeconds: Double
  }

  /// The result: one row per node count and the largest-to-smallest ratios.
  public struct Report: MeasurementReport, Sendable {
    /// The command line that measured it.
    public var command: String
    /// CPU model, cores and kernel-selecting flags (JSON key `cpu`, as the
    /// microcontroller results name it).
    public var machine: String
    /// When it was measured (UTC).
    public var date: String
    /// The one-minute load average when it ended: other work on the host.
    public var loadAverage: Double?
    /// Timed repetitions per phase.
    public var rounds: Int
    /// The medians, smallest node count first.
    public var rows: [Row]
    /// Largest over smallest node count.
    public var nodeRatio: Double
    /// Largest over smallest time, per phase.
    public var timeRatios: [String: Double]

    /// The JSON keys; the machine is written as `cpu`.
    enum CodingKeys: String, CodingKey {
      case command, date, loadAverage, rounds, rows, nodeRatio, timeRatios
      case machine = "cpu"
    }

    /// The printed table and ratios.
    public var lines: [String] {
      var lines = [
        "nodes      float file  float read   int8 file   int8 read   int8 plan"
      ]
      for row in rows {
        lines.append(
          String(
            format: "%-9d %8.1f MB %9.3f s %8.1f MB %9.3f s %9.3f s", row.nodes,
            Double(row.floatFileBytes) / 1e6, row.floatReadSeconds,
            Double(row.int8FileBytes) / 1e6, row.int8ReadSeconds, row.int8PlanSeconds))
      }
      lines.append(
        String(format: "%.0fx the nodes took ", nodeRatio)
          + timeRatios.sorted { $0.key < $1.key }.map { String(format: "%.1fx (%@)", $1, $0) }
          .joined(separator: ", "))
      return lines
    }
  }

  /// Measures every node count of `settings`, writing its files in a fresh
  /// temporary folder that is removed afterwards.
  public static func run(
    _ settings: Settings, command: String, report: (StageEvent) -> Void
  ) throws -> Report {
    try settings.validate()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-reading-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var rows: [Row] = []
    for nodes in settings.nodeCounts.sorted() {
      report(.message("\(nodes) nodes: writing the models"))
      let floatPath = folder.appendingPathComponent("chain-\(nodes).tsm").path
      let int8Path = folder.appendingPathComponent("chain-\(nodes).int8.tsm").path
      let graph = try residualChain(nodes: nodes)
      try ModelFile(graph: graph, parameters: ParameterStore(initializing: graph, seed: 1)).write(
        path: floatPath)
      let model = int8ResidualChain(operations: nodes)
      try Int8ModelFile.write(model, to: int8Path)
      report(.message("\(nodes) nodes: reading \(settings.rounds) times"))
      let floatRead = try median(settings.rounds) { _ = try ModelFile.read(path: floatPath) }
      let int8Read = try median(settings.rounds) { _ = try Int8ModelFile.read(path: int8Path) }
      let plan = median(settings.rounds) { _ = MemoryPlan(model: model) }
      rows.append(
        Row(
          nodes: nodes, floatFileBytes: try fileSize(floatPath), floatReadSeconds: floatRead,
          int8FileBytes: try fileSize(int8Path), int8ReadSeconds: int8Read, int8PlanSeconds: plan))
    }
    let (first, last) = (rows[0], rows[rows.count - 1])
    return Report(
      command: command, machine: HostDescription.current, date: measurementDate,
      loadAverage: HostDescription.loadAverage, rounds: settings.rounds, rows: rows,
      nodeRatio: Double(last.nodes) / Double(first.nodes),
      timeRatios: [
        "float read": last.floatReadSeconds / first.floatReadSeconds,
        "int8 read": last.int8ReadSeconds / first.int8ReadSeconds,
        "int8 plan": last.int8PlanSeconds / first.int8PlanSeconds,
      ])
  }

  /// Residual blocks on [8, 8, 8] (1×1 convolution, batch norm, ReLU, add of
  /// the block's input), then ReLUs up to exactly `nodes` nodes.
  public static func residualChain(nodes: Int) throws -> Graph {
    var builder = GraphBuilder(name: "chain-\(nodes)", inputShape: [8, 8, 8])
    while builder.graph.nodes.count + 4 <= nodes {
      let blockInput = builder.last
      try builder.convBNReLU(
        "conv\(builder.graph.nodes.count)", filters: 8, kernel: 1, from: blockInput)
      try builder.append(.add, inputs: [builder.last, blockInput])
    }
    while builder.graph.nodes.count < nodes { try builder.append(.relu) }
    return builder.graph
  }

  /// `operations` int8 operations on [8, 8, 8]: 1×1 convolutions, each
  /// second one followed by an add of the pair's input.
  public static func int8ResidualChain(operations: Int) -> Int8Model {
    let quantization = QuantizationParameters(scale: 0.05, zeroPoint: 0)
    var tensors = [
      Int8Model.TensorInfo(name: "input", shape: [8, 8, 8], quantization: quantization)
    ]
    var steps: [Int8Operation] = []
    var pairInput = 0
    for step in 0..<operations {
      tensors.append(
        Int8Model.TensorInfo(name: "t\(step + 1)", shape: [8, 8, 8], quantization: quantization))
      let input = tensors.count - 2
      if step % 2 == 1 {
        steps.append(
          .add(left: input, right: pairInput, output: tensors.count - 1, activation: .relu))
        pairInput = tensors.count - 1
      } else {
        steps.append(
          .convolution(
            Int8Convolution(
              input: input, output: tensors.count - 1, kernel: 1, stride: 1, padding: .same,
              groups: 1, activation: .relu, weights: (0..<64).map { Int8($0 % 7 - 3) },
              weightScales: [Float](repeating: 0.01, count: 8),
              bias: [Int32](repeating: 10, count: 8))))
      }
    }
    return Int8Model(name: "int8-chain-\(operations)", tensors: tensors, operations: steps)
  }

  private static func median(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
    var seconds: [Double] = []
    for _ in 0..<rounds {
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return seconds.sorted()[seconds.count / 2]
  }

  private static func fileSize(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.size] as? NSNumber)?.intValue ?? 0
  }
}
