/// The JSON header of a model file: the graph, the metadata and the directory
/// of the tensors stored in the payload that follows it.
///
/// The byte-level layout around it is described in `docs/model-format.md`.
struct ModelFileHeader: Codable {
  /// Which store of a ``ModelFile`` a tensor belongs to.
  enum Section: String, Codable {
    /// ``ModelFile/parameters``: the model's weights.
    case parameters
    /// ``ModelFile/extraTensors``: anything else, such as optimizer state.
    case extra
  }

  /// Where one tensor lies in the payload and how to read it.
  struct TensorEntry: Codable {
    /// The tensor's key in its store ("block1.conv1.kernel").
    var key: String
    /// The store it belongs to.
    var section: Section
    /// Its shape, outermost dimension first.
    var shape: [Int]
    /// Its element type; this version writes and reads only "f32".
    var dtype: String
    /// Its first byte, counted from the start of the payload.
    var byteOffset: Int
    /// Its length in bytes.
    var byteCount: Int
  }

  /// The only element type of format version 1: IEEE 754 binary32, little-endian.
  static let float32 = "f32"

  /// The graph, in its `Codable` form.
  var graph: Graph
  /// Free-form training metadata (dataset, epochs, accuracy, ...).
  var metadata: [String: String]
  /// Every stored tensor, in payload order.
  var tensors: [TensorEntry]
  /// The length of the payload in bytes.
  var payloadByteCount: Int
}
