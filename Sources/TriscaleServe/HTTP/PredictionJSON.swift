/// The JSON answers of the predict endpoints, written straight into bytes
/// (a Foundation round trip through dictionaries costs more than the model
/// on a small network). Names are registry names, which need no escaping.
enum PredictionJSON {
  /// TF-Serving's answer: `{"model_name", "model_version", "predictions": [[p, …], …], "classes": [k, …]}`.
  static func tfServing(
    name: String, version: String, probabilities: [Float], width: Int, classes: [Int]
  ) -> [UInt8] {
    var out = header(name: name, version: version)
    out += Array(#","predictions":["#.utf8)
    for row in 0..<classes.count {
      if row > 0 { out.append(UInt8(ascii: ",")) }
      append(probabilities[(row * width)..<((row + 1) * width)], to: &out)
    }
    out += Array(#"],"classes":["#.utf8)
    out += Array(classes.map(String.init).joined(separator: ",").utf8)
    out += Array("]}".utf8)
    return out
  }

  /// The Open Inference Protocol's answer: one FP32 output tensor `probabilities` of shape [N, classes].
  static func openInference(name: String, version: String, probabilities: [Float], width: Int)
    -> [UInt8]
  {
    var out = header(name: name, version: version)
    out += Array(
      #","outputs":[{"name":"probabilities","datatype":"FP32","shape":[\#(probabilities.count / width),\#(width)],"data":"#
        .utf8)
    append(probabilities[...], to: &out)
    out += Array("}]}".utf8)
    return out
  }

  private static func header(name: String, version: String) -> [UInt8] {
    Array(#"{"model_name":"\#(name)","model_version":"\#(version)""#.utf8)
  }

  private static func append(_ values: ArraySlice<Float>, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "["))
    for (index, value) in values.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      out += Array((value.isFinite ? "\(value)" : "0").utf8)
    }
    out.append(UInt8(ascii: "]"))
  }
}
