/** README.md of a PyTorch export: what is in the folder, how to train, and how to train on several GPUs or machines. */
import type { Project } from '../../graph/schema';
import type { PytorchModel } from './model';

export function pytorchReadme(project: Project, model: PytorchModel, hasWeights: boolean): string {
  const t = project.training;
  const [input] = model.inputs;
  const layoutNote = model.inputs.some((p) => p.layout === 'channels_first')
    ? `\n\`forward\` takes images channels-first, \`(batch, channels, height, width)\`, as PyTorch does. Netwright and Keras keep them channels-last; \`train.py\` moves the dataset's channels once when it loads it. Inside, the model moves the channels last again only where a layer needs Keras's order, such as before \`Flatten\`, so the flattened values, and the weights of the Dense layer after it, are in the same order as in Netwright.\n`
    : '';
  return `# ${project.name}

Exported from Netwright as PyTorch code. It runs with PyTorch 1.13 or later and numpy; nothing else.

| File | What it is |
| --- | --- |
| \`model.py\` | \`${model.className}\`, an \`nn.Module\`: layers in \`__init__\`, one line per layer in \`forward\`, each commented with its canvas node and output shape. \`load_weights\` and \`save_weights\` read and write safetensors files with only json and torch. |
${hasWeights ? '| `weights.safetensors` | The weights from Netwright, converted to PyTorch\'s layout (conv kernels `(out, in, kh, kw)`, Dense kernels transposed, recurrent gates in PyTorch\'s order). |\n' : ''}| \`train.py\` | Training with the project's settings${t ? `: ${t.loss}${t.fromLogits ? ' from logits' : ''}, ${t.optimizer.type} (learning rate ${t.optimizer.learning_rate}), ${t.epochs} epochs of batch ${t.batchSize}` : ''}. |
| \`data.py\` | The dataset${project.dataset ? ` (${project.dataset.name})` : ''}, or your own with \`--data\`. |
${layoutNote}
## Use the model

\`\`\`python
import torch
from model import ${model.className}, load_weights

model = ${model.className}()
${hasWeights ? 'load_weights(model)           # weights.safetensors\n' : ''}model.eval()
with torch.no_grad():
    y = model(${input ? (input.dtype === 'int64' ? `torch.zeros(1, ${input.shape.join(', ')}, dtype=torch.int64)` : `torch.randn(1, ${input.shape.join(', ')})`) : '…'})
\`\`\`

## Train on one machine

\`\`\`sh
python train.py                         # the project's settings
python train.py --epochs 1 --max-steps 20   # a quick check that everything runs
python train.py --data my_data.npz      # your own data: arrays x and y (see data.py)
\`\`\`

Training starts from \`weights.safetensors\` when it is there; \`--from-scratch\` starts from PyTorch's own initialisation instead, not from the initialisers set in Netwright (such as a constant bias), whose values \`weights.safetensors\` holds. It uses the GPU when there is one. The trained weights go to \`trained.safetensors\`; load them with \`load_weights(model, "trained.safetensors")\`.

## Train on several GPUs

\`train.py --distributed\` runs under [torchrun](https://pytorch.org/docs/stable/elastic/run.html): one process per GPU, each with its own share of every epoch (a \`DistributedSampler\`), the gradients averaged across processes after every step (\`DistributedDataParallel\`). Every process takes batches of \`--batch-size\`, so the effective batch is that times the number of processes; raise the learning rate with it, or lower \`--batch-size\`.

\`\`\`sh
torchrun --standalone --nproc_per_node=4 train.py --distributed
\`\`\`

PyTorch before 2.0 on Python 3.11 or later (Debian bookworm's python3-torch 1.13, for one) cannot parse torchrun's own defaults for \`--redirects\` and \`--tee\` and stops with \`'NoneType' object has no attribute 'get'\`; give them explicitly: \`torchrun --redirects 1 --tee 1 …\`.

Without GPUs the processes use the gloo backend on the CPU, which is how to try the distributed path on a laptop: \`torchrun --standalone --nproc_per_node=2 train.py --distributed --device cpu\`.

## Train on several machines

Start the same command on every machine, each with its own \`--node_rank\`, all pointing at the first machine's address (it must be reachable on the port from the others):

\`\`\`sh
# on machine 0 (address 10.0.0.1)
torchrun --nnodes=2 --node_rank=0 --nproc_per_node=4 --master_addr=10.0.0.1 --master_port=29500 train.py --distributed
# on machine 1
torchrun --nnodes=2 --node_rank=1 --nproc_per_node=4 --master_addr=10.0.0.1 --master_port=29500 train.py --distributed
\`\`\`

Each machine needs this folder and the data (\`data.py\` downloads or generates it on each). Only process 0 prints and saves \`trained.safetensors\`. With a cluster scheduler, torchrun's rendezvous options replace the fixed address: \`--rdzv_backend=c10d --rdzv_endpoint=HOST:PORT --rdzv_id=JOB\`.

## How this differs from training in Netwright

- The same loss, optimizer hyperparameters (Keras's defaults, e.g. epsilon 1e-7), learning-rate schedule and early stopping, but PyTorch's random numbers: shuffling, dropout masks and generated datasets differ, so curves match in shape, not number for number.
- Adam and RMSprop add epsilon in slightly different places in PyTorch and Keras; with the default epsilon the difference is negligible.
- BatchNormalization updates its moving variance with the unbiased batch variance in PyTorch and the biased one in Keras.
`;
}
