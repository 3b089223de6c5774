/** The text of a new spec ("nnspec: New Network Spec"): a small classifier with every section explained. */
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
