import Foundation
import TriscaleAnalysis
import TriscaleArtifact
import TriscaleDeploy
import TriscaleGraph
import TriscaleInt8

/// What the report needs from one stage's model file: its precision, weight
/// bytes, peak activation memory and MACs per image.
struct VariantFigures {
  /// "fp32" or "int8".
  var precision: String
  /// Bytes of weights as shipped (int8 with int32 biases and scales; fp32 otherwise).
  var weightBytes: Int
  /// Bytes of activation memory at batch 1.
  var peakMemory: Figure
  /// Multiply-accumulates per image.
  var macs: Int

  /// The figures of `artifact`.
  init(_ artifact: ModelArtifact) throws {
    switch artifact.weights {
    case .float(let graph, _):
      precision = "fp32"
      weightBytes = graph.fp32ByteCount
      macs = graph.multiplyAccumulates
      let plan = MemoryPlan(graph: graph, bytesPerElement: 4)
      peakMemory = .estimated(
        Double(plan.arenaByteCount),
        method:
          "Triscale's planner over the fp32 activations at batch 1 (oneDNN's own workspaces not counted)"
      )
    case .int8(let model):
      precision = "int8"
      weightBytes = model.parameterByteCount
      let prepared = try Int8PreparedModel(model: model)
      macs = prepared.operations.reduce(0) { $0 + $1.kernel.macCount }
      peakMemory = .measured(
        Double(prepared.memoryPlan.arenaByteCount),
        method: "the int8 runtime's static arena (activations + scratch) as planned for this model")
    }
  }

  /// The workload a device profile estimates: these figures, with the activation memory
  /// `memoryBytes` when a generated project measured it, QEMU instruction counts per core and
  /// the host latency when stages measured them.
  func workload(
    memoryBytes: Int? = nil, mcuInstructions: [MCUTarget: Int] = [:],
    hostLatencySeconds: Double? = nil
  ) -> InferenceWorkload {
    InferenceWorkload(
      macs: macs, precision: precision == "int8" ? .int8 : .fp32, weightBytes: weightBytes,
      peakMemoryBytes: memoryBytes ?? Int(peakMemory.value),
      mcuInstructions: mcuInstructions,
      hostLatencySeconds: hostLatencySeconds)
  }
}
