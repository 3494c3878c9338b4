// TriscaleEngine
