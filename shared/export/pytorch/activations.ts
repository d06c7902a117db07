/**
 * Keras activations in PyTorch: as a function call in forward
 * (`torch.tanh(x)`), or as a module for the recurrent helper (`nn.Tanh()`).
 * `step` has no PyTorch counterpart; it is the prelude's Step module.
 */
import { ACTIVATIONS, type ActivationName } from '../../layers/activations';

/** `self_step` is the attribute holding the model's Step module, when it has one. */
export function activationCall(x: string, name: string, softmaxDim: number, stepModule: () => string): string {
  switch (name as ActivationName) {
    case 'linear': return x;
    case 'step': return `${stepModule()}(${x})`;
    case 'sigmoid': return `torch.sigmoid(${x})`;
    case 'hard_sigmoid': return `F.hardsigmoid(${x})`; // relu6(x + 3) / 6, as Keras 3
    case 'tanh': return `torch.tanh(${x})`;
    case 'relu': return `torch.relu(${x})`;
    case 'leaky_relu': return `F.leaky_relu(${x}, ${leakyAlpha()})`;
    case 'elu': return `F.elu(${x})`;
    case 'selu': return `torch.selu(${x})`;
    case 'gelu': return `F.gelu(${x})`;
    case 'swish':
    case 'silu': return `F.silu(${x})`;
    case 'softplus': return `F.softplus(${x})`;
    case 'softsign': return `F.softsign(${x})`;
    case 'softmax': return `torch.softmax(${x}, dim=${softmaxDim})`;
    case 'log_softmax': return `torch.log_softmax(${x}, dim=${softmaxDim})`;
  }
  throw new Error(`the PyTorch exporter does not know the activation "${name}"`);
}

export function activationModule(name: string, stepClass: () => string): string {
  switch (name as ActivationName) {
    case 'linear': return 'nn.Identity()';
    case 'step': return `${stepClass()}()`;
    case 'sigmoid': return 'nn.Sigmoid()';
    case 'hard_sigmoid': return 'nn.Hardsigmoid()';
    case 'tanh': return 'nn.Tanh()';
    case 'relu': return 'nn.ReLU()';
    case 'leaky_relu': return `nn.LeakyReLU(${leakyAlpha()})`;
    case 'elu': return 'nn.ELU()';
    case 'selu': return 'nn.SELU()';
    case 'gelu': return 'nn.GELU()';
    case 'swish':
    case 'silu': return 'nn.SiLU()';
    case 'softplus': return 'nn.Softplus()';
    case 'softsign': return 'nn.Softsign()';
    case 'softmax': return 'nn.Softmax(dim=-1)';
    case 'log_softmax': return 'nn.LogSoftmax(dim=-1)';
  }
  throw new Error(`the PyTorch exporter does not know the activation "${name}"`);
}

/** The slope of the `leaky_relu` activation (Keras's 0.2), from the shared table. */
function leakyAlpha(): string {
  return String(ACTIVATIONS.leaky_relu.arg.alpha);
}
