import TriscaleGraph

extension MCUModelSource.Operation {
  /// The line standing where a convolution fused into a later add would run.
  func fusedComment(into fusion: ResidualFusion) -> String {
    "  /* \(index): \(CSourceText.comment(layer)) runs row by row in step \(fusion.add) */"
  }

  /// The row loop of `fusion` in `triscale_model_invoke`, this operation
  /// being its add: each output row of `convolution` into the row buffer,
  /// then the add of that row and the skip tensor's same row, written over
  /// the skip row in place (the plan puts the add's output on its bytes).
  func fusedLoop(
    _ fusion: ResidualFusion, convolution: Self, kernels: MCUKernelChoice,
    offset: (Int) -> Int
  ) -> String {
    let row = "a + \(offset(convolution.prepared.output))"
    var rows = convolution.arguments(
      inputs: convolution.prepared.inputs.map { "a + \(offset($0))" }, output: row)
    rows.insert(contentsOf: ["row", "row + 1"], at: rows.count - 1)
    let sum = "a + \(offset(prepared.output)) + (size_t)row * \(fusion.rowByteCount)"
    let operands = prepared.inputs.map { $0 == fusion.skip ? "sum" : row }
    return """
        /* \(index): \(CSourceText.comment(layer)) (\(prepared.kernel.summary)), fused with
         * \(convolution.index): \(CSourceText.comment(convolution.layer)) (\(convolution.prepared.kernel.summary)):
         * one \(fusion.rowByteCount)-byte row at a time, the sum written in place over the skip tensor */
        for (int32_t row = 0; row < \(fusion.rowCount); ++row) {
          int8_t *const sum = \(sum);
          \(kernels.convolutionRowsFunction)(\(rows.joined(separator: ", ")));
          \(function)(&\(prefix)_params, \(fusion.rowByteCount), \(operands.joined(separator: ", ")), sum);
        }
      """
  }
}
