// TriscaleTrain
