import TriscaleGraph
import TriscaleTrain

/// The weights the passes of quantization-aware training see: every
/// convolution kernel rounded to symmetric int8 per output channel and every
/// dense kernel per tensor — exactly as ``Int8Lowering`` will quantize them —
/// and back to float. Biases stay float (int32 in the int8 model).
final class WeightFakeQuantizer: ForwardTransform {
  private let kernels: [(key: String, perChannel: Bool)]

  init(graph: Graph) {
    kernels = graph.nodes.compactMap { node in
      switch node.operation {
      case .conv2d: ("\(node.name).kernel", true)
      case .dense: ("\(node.name).kernel", false)
      default: nil
      }
    }
  }

  func forwardParameters(from master: ParameterStore) throws -> ParameterStore {
    var view = master
    for (key, perChannel) in kernels {
      guard var kernel = master[key] else { continue }
      let channels = perChannel ? kernel.shape.last! : 1
      var maxima = [Float](repeating: 0, count: channels)
      for (index, value) in kernel.storage.enumerated() {
        maxima[index % channels] = max(maxima[index % channels], abs(value))
      }
      let scales = maxima.map { max($0, 1e-12) / 127 }
      for index in kernel.storage.indices {
        let scale = scales[index % channels]
        kernel.storage[index] =
          min(max((kernel.storage[index] / scale).rounded(), -127), 127) * scale
      }
      view[key] = kernel
    }
    return view
  }
}
