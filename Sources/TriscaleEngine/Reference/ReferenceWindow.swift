import TriscaleCore
import TriscaleGraph

/// The geometry of a sliding window (convolution or pooling) over an NHWC
/// batch, with TensorFlow's `same` padding (the extra row or column at the
/// bottom and right). Padding positions are never visited.
struct ReferenceWindow {
  /// One spatial axis of the window.
  struct Axis {
    let inputSize: Int
    let window: Int
    let stride: Int
    let outputSize: Int
    let padBefore: Int

    init(inputSize: Int, window: Int, stride: Int, padding: Padding) {
      self.inputSize = inputSize
      self.window = window
      self.stride = stride
      switch padding {
      case .same:
        outputSize = (inputSize + stride - 1) / stride
        padBefore =
          ShapeInference.samePadding(input: inputSize, window: window, stride: stride).before
      case .valid:
        outputSize = (inputSize - window) / stride + 1
        padBefore = 0
      }
    }

    /// The window offsets of output position `output` that fall inside the input.
    func offsets(of output: Int) -> Range<Int> {
      let start = output * stride - padBefore
      return max(0, -start)..<min(window, inputSize - start)
    }

    /// The input position that window offset `offset` of output `output` reads.
    func input(of output: Int, offset: Int) -> Int { output * stride - padBefore + offset }
  }

  let batch: Int
  let rows: Axis
  let columns: Axis

  /// The window of size `window` over `input` = [N, H, W, C]; the caller has validated the shapes.
  init(input: [Int], window: Int, stride: Int, padding: Padding) {
    batch = input[0]
    rows = Axis(inputSize: input[1], window: window, stride: stride, padding: padding)
    columns = Axis(inputSize: input[2], window: window, stride: stride, padding: padding)
  }

  /// Number of output pixels over the whole batch.
  var outputPixelCount: Int { batch * rows.outputSize * columns.outputSize }

  /// Calls `body` for every image, output position and window tap inside the
  /// input, in NHWC output order and, within one output, row-major tap order.
  /// Pixels are flat indices over [N, H, W] (multiply by the channel count for
  /// an element index); `tap` is `ky · window + kx`.
  func forEachTap(_ body: (_ outputPixel: Int, _ inputPixel: Int, _ tap: Int) -> Void) {
    for image in 0..<batch {
      for outputRow in 0..<rows.outputSize {
        for outputColumn in 0..<columns.outputSize {
          let outputPixel =
            (image * rows.outputSize + outputRow) * columns.outputSize + outputColumn
          for tapRow in rows.offsets(of: outputRow) {
            let inputRow = rows.input(of: outputRow, offset: tapRow)
            for tapColumn in columns.offsets(of: outputColumn) {
              let inputColumn = columns.input(of: outputColumn, offset: tapColumn)
              let inputPixel = (image * rows.inputSize + inputRow) * columns.inputSize + inputColumn
              body(outputPixel, inputPixel, tapRow * columns.window + tapColumn)
            }
          }
        }
      }
    }
  }
}
