import Foundation

/// The images of a prediction request, as pixel values on the 0...255 scale
/// (NHWC), decoded and checked against the model's input shape.
///
/// Three bodies are accepted:
/// - TF-Serving JSON, `{"instances": [IMAGE, …]}` (or `"inputs"`), each image
///   nested `[height][width][channels]` or flat;
/// - Open Inference Protocol JSON, `{"inputs": [{"name", "shape": [N, H, W, C],
///   "datatype": "UINT8" | "FP32" | …, "data": [...]}]}`;
/// - raw bytes (`Content-Type: application/octet-stream`), one byte per pixel
///   value, N images back to back.
struct RequestImages: Equatable {
  /// The pixel values, `count` images of the model's shape.
  var pixels: [Float]
  /// The number of images.
  var count: Int

  /// Limits the decoder enforces.
  struct Limits {
    var shape: [Int]
    var maxImages: Int
    var imageElements: Int { shape.reduce(1, *) }
  }

  /// Raw bytes: every byte one pixel value.
  static func binary(_ bytes: [UInt8], limits: Limits) throws -> RequestImages {
    let size = limits.imageElements
    guard !bytes.isEmpty, bytes.count % size == 0 else {
      throw ServeError.badRequest(
        "a raw body must be whole images of \(limits.shape) bytes (\(size) each); it has \(bytes.count) bytes"
      )
    }
    let count = bytes.count / size
    try checkCount(count, limits: limits)
    return RequestImages(pixels: bytes.map(Float.init), count: count)
  }

  /// TF-Serving's `{"instances": [...]}` (or row-format `"inputs"` array).
  static func tfServing(_ body: [UInt8], limits: Limits) throws -> RequestImages {
    let object = try jsonObject(body)
    guard let instances = (object["instances"] ?? object["inputs"]) as? [Any] else {
      throw ServeError.badRequest(
        "the body needs \"instances\": a list of images, each [height][width][channels] numbers 0–255"
      )
    }
    try checkCount(instances.count, limits: limits)
    var pixels: [Float] = []
    pixels.reserveCapacity(instances.count * limits.imageElements)
    for (index, instance) in instances.enumerated() {
      let before = pixels.count
      try flatten(
        instance, into: &pixels, limit: before + limits.imageElements, what: "instance \(index)")
      guard pixels.count - before == limits.imageElements else {
        throw ServeError.badRequest(
          "instance \(index) has \(pixels.count - before) values; the model takes \(limits.shape) = \(limits.imageElements)"
        )
      }
    }
    return RequestImages(pixels: pixels, count: instances.count)
  }

  /// The Open Inference Protocol's `{"inputs": [{"shape", "datatype", "data"}]}`.
  static func openInference(_ body: [UInt8], limits: Limits) throws -> RequestImages {
    let object = try jsonObject(body)
    guard let inputs = object["inputs"] as? [Any], inputs.count == 1,
      let input = inputs[0] as? [String: Any]
    else {
      throw ServeError.badRequest(
        "the body needs \"inputs\": one tensor {\"name\", \"shape\": [N, \(limits.shape.map(String.init).joined(separator: ", "))], \"datatype\", \"data\"}"
      )
    }
    guard let shape = input["shape"] as? [Any],
      let dims = shape.map({ ($0 as? NSNumber)?.intValue }) as? [Int],
      dims.count == limits.shape.count + 1, Array(dims.dropFirst()) == limits.shape
    else {
      throw ServeError.badRequest(
        "\"shape\" must be [N, \(limits.shape.map(String.init).joined(separator: ", "))]")
    }
    let datatypes = [
      "UINT8", "INT8", "INT16", "INT32", "INT64", "UINT16", "UINT32", "FP16", "FP32", "FP64",
    ]
    guard let datatype = input["datatype"] as? String, datatypes.contains(datatype) else {
      throw ServeError.badRequest(
        "\"datatype\" must be one of \(datatypes.joined(separator: ", "))")
    }
    let count = dims[0]
    try checkCount(count, limits: limits)
    guard let data = input["data"] else { throw ServeError.badRequest("the input has no \"data\"") }
    var pixels: [Float] = []
    pixels.reserveCapacity(count * limits.imageElements)
    try flatten(data, into: &pixels, limit: count * limits.imageElements, what: "data")
    guard pixels.count == count * limits.imageElements else {
      throw ServeError.badRequest(
        "\"data\" has \(pixels.count) values; shape \(dims) needs \(count * limits.imageElements)")
    }
    return RequestImages(pixels: pixels, count: count)
  }

  private static func checkCount(_ count: Int, limits: Limits) throws {
    guard count >= 1, count <= limits.maxImages else {
      throw ServeError.badRequest(
        "a request carries 1–\(limits.maxImages) images; this one has \(count)")
    }
  }

  private static func jsonObject(_ body: [UInt8]) throws -> [String: Any] {
    guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: []),
      let object = value as? [String: Any]
    else { throw ServeError.badRequest("the body is not a JSON object") }
    return object
  }

  /// Appends the numbers of nested arrays, each finite and within 0...255,
  /// refusing more than `limit` in all.
  private static func flatten(_ value: Any, into pixels: inout [Float], limit: Int, what: String)
    throws
  {
    if let array = value as? [Any] {
      for element in array { try flatten(element, into: &pixels, limit: limit, what: what) }
      return
    }
    // JSON's true and false arrive as NSNumbers of type "c" (char).
    guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else {
      throw ServeError.badRequest("\(what) holds a value that is not a number")
    }
    let pixel = number.floatValue
    guard pixel.isFinite, pixel >= 0, pixel <= 255 else {
      throw ServeError.badRequest("\(what) holds \(number), outside the pixel range 0–255")
    }
    guard pixels.count < limit else {
      throw ServeError.badRequest("\(what) has more values than its shape")
    }
    pixels.append(pixel)
  }
}
