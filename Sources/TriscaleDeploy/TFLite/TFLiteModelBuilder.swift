/// Collects the tensors, constant buffers and operators of a one-subgraph
/// TensorFlow Lite model and serializes them with ``FlatBufferBuilder``.
///
/// Buffer 0 is the empty buffer every activation tensor refers to; each
/// constant gets its own buffer. Operator codes are deduplicated.
struct TFLiteModelBuilder {
  /// A tensor's quantization: one scale and zero point per tensor, or one per
  /// slice along `dimension` (per-channel).
  struct Quantization {
    var scales: [Float]
    var zeroPoints: [Int64]
    var dimension: Int

    /// Per-tensor parameters.
    static func perTensor(scale: Float, zeroPoint: Int32) -> Quantization {
      Quantization(scales: [scale], zeroPoints: [Int64(zeroPoint)], dimension: 0)
    }

    /// Symmetric per-channel parameters along `dimension`.
    static func perChannel(scales: [Float], dimension: Int) -> Quantization {
      Quantization(
        scales: scales, zeroPoints: [Int64](repeating: 0, count: scales.count),
        dimension: dimension)
    }
  }

  private struct TensorEntry {
    var name: String
    var shape: [Int]
    var type: TFLiteSchema.TensorType
    var buffer: Int
    var quantization: Quantization?
  }

  private struct OperatorEntry {
    var code: Int
    var inputs: [Int]
    var outputs: [Int]
    var options: TFLiteSchema.Options
  }

  private var tensors: [TensorEntry] = []
  private var buffers: [[UInt8]] = [[]]
  private var codes: [TFLiteSchema.BuiltinOperator] = []
  private var operators: [OperatorEntry] = []
  /// Subgraph inputs and outputs (tensor indices).
  var inputs: [Int] = []
  var outputs: [Int] = []

  /// Adds an activation tensor (no data) and returns its index.
  mutating func addTensor(
    name: String, shape: [Int], type: TFLiteSchema.TensorType, quantization: Quantization? = nil
  ) -> Int {
    tensors.append(
      TensorEntry(name: name, shape: shape, type: type, buffer: 0, quantization: quantization))
    return tensors.count - 1
  }

  /// Adds a constant tensor holding `data` (little-endian element bytes).
  mutating func addConstant(
    name: String, shape: [Int], type: TFLiteSchema.TensorType, data: [UInt8],
    quantization: Quantization? = nil
  ) -> Int {
    buffers.append(data)
    tensors.append(
      TensorEntry(
        name: name, shape: shape, type: type, buffer: buffers.count - 1,
        quantization: quantization))
    return tensors.count - 1
  }

  /// Adds a float32 constant.
  mutating func addConstant(name: String, shape: [Int], floats: [Float]) -> Int {
    addConstant(
      name: name, shape: shape, type: .float32, data: Self.bytes(floats.map(\.bitPattern)))
  }

  /// Adds an int32 constant (shapes, axes, quantized biases).
  mutating func addConstant(
    name: String, shape: [Int], int32s: [Int32], quantization: Quantization? = nil
  ) -> Int {
    addConstant(
      name: name, shape: shape, type: .int32, data: Self.bytes(int32s), quantization: quantization)
  }

  /// Appends an operator.
  mutating func addOperator(
    _ code: TFLiteSchema.BuiltinOperator, inputs: [Int], outputs: [Int],
    options: TFLiteSchema.Options = .none
  ) {
    let index: Int
    if let existing = codes.firstIndex(of: code) {
      index = existing
    } else {
      codes.append(code)
      index = codes.count - 1
    }
    operators.append(OperatorEntry(code: index, inputs: inputs, outputs: outputs, options: options))
  }

  /// The little-endian bytes of `values`.
  static func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    var bytes = [UInt8]()
    bytes.reserveCapacity(values.count * MemoryLayout<T>.size)
    for value in values {
      withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    return bytes
  }

  /// The serialized model.
  func encoded(description: String, subgraphName: String) -> [UInt8] {
    let payload = buffers.reduce(0) { $0 + $1.count + 16 }
    var builder = FlatBufferBuilder(capacity: payload + 4096 + 256 * tensors.count)

    // Buffers, written first so that the large data sits at the end of the file.
    var bufferTables: [FlatBufferBuilder.Offset] = []
    for data in buffers {
      let vector = data.isEmpty ? nil : builder.createBytes(data, alignment: 16)
      builder.startTable()
      if let vector { builder.add(0, vector) }
      bufferTables.append(builder.endTable())
    }

    var tensorTables: [FlatBufferBuilder.Offset] = []
    for tensor in tensors {
      let quantization = tensor.quantization.map { parameters in
        let scales = builder.createVector(parameters.scales)
        let zeroPoints = builder.createVector(parameters.zeroPoints)
        builder.startTable()
        builder.add(2, scales)
        builder.add(3, zeroPoints)
        builder.add(6, Int32(parameters.dimension))
        return builder.endTable()
      }
      let shape = builder.createVector(tensor.shape.map { Int32($0) })
      let name = builder.createString(tensor.name)
      builder.startTable()
      builder.add(0, shape)
      builder.add(1, tensor.type.rawValue)
      builder.add(2, UInt32(tensor.buffer))
      builder.add(3, name)
      if let quantization { builder.add(4, quantization) }
      tensorTables.append(builder.endTable())
    }

    var operatorTables: [FlatBufferBuilder.Offset] = []
    for entry in operators {
      let inputs = builder.createVector(entry.inputs.map { Int32($0) })
      let outputs = builder.createVector(entry.outputs.map { Int32($0) })
      let options = entry.options.write(into: &builder)
      builder.startTable()
      builder.add(0, UInt32(entry.code))
      builder.add(1, inputs)
      builder.add(2, outputs)
      if let options { builder.addUnion(4, type: entry.options.unionType, value: options) }
      operatorTables.append(builder.endTable())
    }

    let tensorVector = builder.createVector(offsets: tensorTables)
    let inputVector = builder.createVector(inputs.map { Int32($0) })
    let outputVector = builder.createVector(outputs.map { Int32($0) })
    let operatorVector = builder.createVector(offsets: operatorTables)
    let name = builder.createString(subgraphName)
    builder.startTable()
    builder.add(0, tensorVector)
    builder.add(1, inputVector)
    builder.add(2, outputVector)
    builder.add(3, operatorVector)
    builder.add(4, name)
    let subgraph = builder.endTable()

    var codeTables: [FlatBufferBuilder.Offset] = []
    for code in codes {
      builder.startTable()
      // The deprecated int8 code holds the operator while it fits (all ours do).
      builder.add(0, Int8(clamping: code.rawValue))
      builder.add(2, Int32(1))
      builder.add(3, code.rawValue)
      codeTables.append(builder.endTable())
    }

    let codeVector = builder.createVector(offsets: codeTables)
    let subgraphVector = builder.createVector(offsets: [subgraph])
    let descriptionString = builder.createString(description)
    let bufferVector = builder.createVector(offsets: bufferTables)
    builder.startTable()
    builder.add(0, TFLiteSchema.version)
    builder.add(1, codeVector)
    builder.add(2, subgraphVector)
    builder.add(3, descriptionString)
    builder.add(4, bufferVector)
    let model = builder.endTable()
    return builder.finish(root: model, fileIdentifier: TFLiteSchema.fileIdentifier)
  }
}
