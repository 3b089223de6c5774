/**
 * A new spec ("nnspec: New Network Spec"): its text, a small classifier with every section explained, and the
 * file name its untitled editor is given (from the spec's `name:`), so neither the tab nor the save dialog takes
 * the template's first comment line as a title.
 */
export const NEW_SPEC_TEMPLATE = `# A neural network spec. Hover a name to see its meaning, use the CodeLens above
# (Forward, Backward, Gradient check, Train) and "Show network" to see it drawn.
name: My network
seed: 0                      # one seed for initialisation, data and shuffling
input: 2                     # features per sample
layers:
  - dense: 8                 # units
    activation: tanh         # sigmoid, tanh, relu, leaky_relu(0.01), elu(1), softplus, step, linear, softmax
  - dense: 2
    activation: softmax      # the output layer: one unit per class
loss: cross_entropy          # binary_cross_entropy, cross_entropy, mse, hinge
regularization: { l2: 0.001 }
data:
  generate:
    kind: moons              # spiral, gaussians, xor, circle, moons
    points: 100              # per class
    noise: 0.1
  test_split: 0.2
train:
  optimizer: adam            # gd, sgd, momentum, nesterov, adam
  learning_rate: 0.01
  batch_size: 32
  epochs: 200
`;

/** "My network" → "my-network" (letters and digits, joined by single hyphens; "network" when none are left). */
export function fileStem(specName: string): string {
  const stem = specName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem || 'network';
}

/** The first of "my-network.nnspec", "my-network-2.nnspec", … that `taken` does not refuse. */
export function newSpecFileName(specName: string, taken: (fileName: string) => boolean): string {
  const stem = fileStem(specName);
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${stem}.nnspec` : `${stem}-${i}.nnspec`;
    if (!taken(name)) return name;
  }
}

/** The `name:` the template gives its network. */
export const NEW_SPEC_NAME = /^name: (.*)$/m.exec(NEW_SPEC_TEMPLATE)![1];
