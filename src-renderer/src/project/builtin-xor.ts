/**
 * The project shown when resources/templates has no xor.nwproj: the smallest
 * network that needs a hidden layer. It is a raw document, loaded through the
 * same loader as a file, so it cannot drift from the schema unnoticed.
 */
export const BUILTIN_XOR: unknown = {
  format: 'netwright',
  version: 1,
  name: 'XOR',
  description: 'Two inputs, one output that is 1 when exactly one input is 1. A single neuron cannot draw that boundary; a hidden layer can.',
  nodes: [
    { id: 'input', type: 'Input', params: { shape: [2] } },
    { id: 'hidden', type: 'Dense', params: { units: 8, activation: 'tanh' } },
    { id: 'output', type: 'Dense', params: { units: 1, activation: 'sigmoid' } },
  ],
  edges: [
    { id: 'input-hidden', source: 'input', target: 'hidden' },
    { id: 'hidden-output', source: 'hidden', target: 'output' },
  ],
  training: {
    loss: 'binary_crossentropy',
    optimizer: { type: 'adam', learning_rate: 0.05 },
    epochs: 300,
    batchSize: 4,
    metrics: ['accuracy'],
  },
  dataset: { name: 'xor' },
};
