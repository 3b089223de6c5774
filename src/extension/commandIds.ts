/** The extension's command identifiers, as contributed in package.json. */
export const COMMANDS = {
  newSpec: 'nnspec.newSpec',
  forward: 'nnspec.forward',
  backward: 'nnspec.backward',
  gradcheck: 'nnspec.gradcheck',
  train: 'nnspec.train',
  step: 'nnspec.step',
  stopTraining: 'nnspec.stopTraining',
  showNetwork: 'nnspec.showNetwork',
  saveWeights: 'nnspec.saveWeights',
  resetWeights: 'nnspec.resetWeights',
  cancelGradcheck: 'nnspec.cancelGradientCheck',
  writeWeights: 'nnspec.writeWeightsIntoSpec',
  exportPytorch: 'nnspec.exportPytorch',
  exportOnnx: 'nnspec.exportOnnx',
} as const;

/** Context key that is true while a gradient check computes (nnspec: Cancel Gradient Check). */
export const CHECKING_CONTEXT = 'nnspec.checking';

/** Context key that is true while a training run is under way (menus, keybindings). */
export const TRAINING_CONTEXT = 'nnspec.training';

/** Context key: the spec in the active editor (or last active) is a computational graph (`graph:`). */
export const GRAPH_CONTEXT = 'nnspec.graphSpec';
