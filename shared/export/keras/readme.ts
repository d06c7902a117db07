/** README.md of a Keras export. */
import type { Project } from '../../graph/schema';
import type { KerasModel } from './model';

export function kerasReadme(project: Project, model: KerasModel, hasWeights: boolean): string {
  const t = project.training;
  return `# ${project.name}

Exported from Netwright as Keras 3 code (any backend: TensorFlow, JAX or PyTorch). It needs keras and numpy.

| File | What it is |
| --- | --- |
| \`model.py\` | \`build_model()\`: ${model.sequential ? 'a `keras.Sequential` stack' : 'a model built with the Functional API'}, one line per canvas node, each layer named after its node. \`load_weights(model)\` sets the exported weights layer by layer. |
${hasWeights ? '| `weights/` | One NumPy file per weight, `<layer>.<weight>.npy`, in Keras\'s own layout and in the order `set_weights` takes them. |\n' : ''}| \`train.py\` | \`model.compile\` and \`model.fit\` with the project's settings${t ? `: ${t.loss}${t.fromLogits ? ' from logits' : ''}, ${t.optimizer.type} (learning rate ${t.optimizer.learning_rate}), ${t.epochs} epochs of batch ${t.batchSize}` : ''}. |
| \`data.py\` | The dataset${project.dataset ? ` (${project.dataset.name})` : ''}, or your own with \`--data\`. |

## Use it

\`\`\`python
from model import build_model, load_weights

model = build_model()
${hasWeights ? 'load_weights(model)\n' : ''}model.summary()
\`\`\`

\`\`\`sh
python train.py                          # the project's settings
python train.py --epochs 1 --max-steps 20    # a quick check
python train.py --data my_data.npz       # your own data: arrays x and y (see data.py)
\`\`\`

Layouts are Keras's and Netwright's: images are channels-last, \`(batch, height, width, channels)\`, so the weights need no conversion. Training in Keras uses its own random numbers, so curves match Netwright's in shape, not number for number.${t?.l1 || t?.l2 ? '\n\nThe project penalises every weight with L1/L2; add `kernel_regularizer=keras.regularizers.L1L2(...)` (and `bias_regularizer`) to the layers in model.py to do the same.' : ''}
`;
}
