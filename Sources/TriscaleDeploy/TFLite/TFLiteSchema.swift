/// The parts of TensorFlow Lite's FlatBuffers schema (`schema.fbs`, schema
/// version 3) the exporter writes: enum values and options tables with their
/// field ids.
enum TFLiteSchema {
  /// The schema version written into `Model.version`.
  static let version: UInt32 = 3
  /// The FlatBuffers file identifier of `.tflite` files.
  static let fileIdentifier = "TFL3"

  /// `TensorType`.
  enum TensorType: Int8 {
    case float32 = 0
    case float16 = 1
    case int32 = 2
    case int8 = 9
  }

  /// `BuiltinOperator`.
  enum BuiltinOperator: Int32 {
    case add = 0
    case averagePool2D = 1
    case conv2D = 3
    case depthwiseConv2D = 4
    case dequantize = 6
    case fullyConnected = 9
    case maxPool2D = 17
    case relu = 19
    case relu6 = 21
    case reshape = 22
    case softmax = 25
    case mean = 40
  }

  /// `Padding`.
  enum Padding: Int8 {
    case same = 0
    case valid = 1
  }

  /// `ActivationFunctionType`.
  enum Activation: Int8 {
    case none = 0
    case relu = 1
    case relu6 = 3
  }

  /// One operator's `builtin_options` union value (type tag and table).
  enum Options {
    case none
    case conv2D(padding: Padding, stride: Int, activation: Activation)
    case depthwiseConv2D(padding: Padding, stride: Int, multiplier: Int, activation: Activation)
    case pool2D(padding: Padding, stride: Int, filter: Int, activation: Activation)
    case fullyConnected(activation: Activation)
    case softmax(beta: Float)
    case add(activation: Activation)
    case reshape(newShape: [Int])
    case reducer(keepDimensions: Bool)

    /// The `BuiltinOptions` union tag.
    var unionType: UInt8 {
      switch self {
      case .none: 0
      case .conv2D: 1
      case .depthwiseConv2D: 2
      case .pool2D: 5
      case .fullyConnected: 8
      case .softmax: 9
      case .add: 11
      case .reshape: 17
      case .reducer: 27
      }
    }

    /// Writes the options table (nil for `.none`).
    func write(into builder: inout FlatBufferBuilder) -> FlatBufferBuilder.Offset? {
      switch self {
      case .none:
        return nil
      case .conv2D(let padding, let stride, let activation):
        builder.startTable()
        builder.add(0, padding.rawValue)
        builder.add(1, Int32(stride))
        builder.add(2, Int32(stride))
        builder.add(3, activation.rawValue)
        builder.add(4, Int32(1))
        builder.add(5, Int32(1))
        return builder.endTable()
      case .depthwiseConv2D(let padding, let stride, let multiplier, let activation):
        builder.startTable()
        builder.add(0, padding.rawValue)
        builder.add(1, Int32(stride))
        builder.add(2, Int32(stride))
        builder.add(3, Int32(multiplier))
        builder.add(4, activation.rawValue)
        builder.add(5, Int32(1))
        builder.add(6, Int32(1))
        return builder.endTable()
      case .pool2D(let padding, let stride, let filter, let activation):
        builder.startTable()
        builder.add(0, padding.rawValue)
        builder.add(1, Int32(stride))
        builder.add(2, Int32(stride))
        builder.add(3, Int32(filter))
        builder.add(4, Int32(filter))
        builder.add(5, activation.rawValue)
        return builder.endTable()
      case .fullyConnected(let activation):
        builder.startTable()
        builder.add(0, activation.rawValue)
        builder.add(1, Int8(0))  // weights_format DEFAULT
        builder.add(2, false)  // keep_num_dims
        return builder.endTable()
      case .softmax(let beta):
        builder.startTable()
        builder.add(0, beta)
        return builder.endTable()
      case .add(let activation):
        builder.startTable()
        builder.add(0, activation.rawValue)
        return builder.endTable()
      case .reshape(let newShape):
        let shape = builder.createVector(newShape.map { Int32($0) })
        builder.startTable()
        builder.add(0, shape)
        return builder.endTable()
      case .reducer(let keepDimensions):
        builder.startTable()
        builder.add(0, keepDimensions)
        return builder.endTable()
      }
    }
  }
}
