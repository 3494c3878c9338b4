// TriscaleData
