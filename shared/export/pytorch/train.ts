/**
 * train.py: trains the exported model with the project's settings (loss,
 * optimizer, epochs, batch size, learning-rate schedule, early stopping,
 * metrics), as Netwright's engine does, on one machine or, with
 * --distributed under torchrun, on several GPUs or machines with
 * DistributedDataParallel and a DistributedSampler.
 */
import type { Loss, Project, TrainingConfig } from '../../graph/schema';
import type { ModelPort, PytorchModel } from './model';
import { pyFloat, pyLiteral, pyTuple } from './python';

const DEFAULT_TRAINING: TrainingConfig = {
  loss: 'mean_squared_error', fromLogits: false, optimizer: { type: 'adam', learning_rate: 0.001 }, epochs: 10, batchSize: 32, metrics: ['accuracy'],
};

type Task = 'sparse' | 'onehot' | 'binary' | 'regression';

/** The engine's task per loss (src-main/engine/plan/rules/loss.ts): it decides targets and accuracy. */
const TASKS: Record<Loss, Task> = {
  sparse_categorical_crossentropy: 'sparse', categorical_crossentropy: 'onehot', kl_divergence: 'onehot', binary_crossentropy: 'binary',
  hinge: 'binary', mean_squared_error: 'regression', mean_absolute_error: 'regression', huber: 'regression', log_cosh: 'regression',
};

/** The loss as Keras (and the engine) compute it, averaged over samples and over rows within a sample. */
function lossFunction(loss: Loss, fromLogits: boolean): string {
  const body: Record<Loss, string> = {
    sparse_categorical_crossentropy: fromLogits
      ? 'return F.cross_entropy(pred.reshape(-1, pred.shape[-1]), target.reshape(-1))'
      : 'p = (pred / pred.sum(-1, keepdim=True)).clamp(EPS, 1 - EPS)  # Keras renormalises, then clips\n    return F.nll_loss(p.log().reshape(-1, p.shape[-1]), target.reshape(-1))',
    categorical_crossentropy: fromLogits
      ? 'return -(target * F.log_softmax(pred, -1)).sum(-1).mean()'
      : 'p = (pred / pred.sum(-1, keepdim=True)).clamp(EPS, 1 - EPS)  # Keras renormalises, then clips\n    return -(target * p.log()).sum(-1).mean()',
    kl_divergence: 't, p = target.clamp(EPS, 1), pred.clamp(EPS, 1)\n    return (t * (t / p).log()).sum(-1).mean()',
    binary_crossentropy: fromLogits ? 'return F.binary_cross_entropy_with_logits(pred, target)' : 'return F.binary_cross_entropy(pred.clamp(EPS, 1 - EPS), target)',
    hinge: 'sign = torch.where((target == 0) | (target == 1), 2 * target - 1, target)  # 0/1 targets become -1/+1\n    return (1 - sign * pred).clamp(min=0).mean()',
    mean_squared_error: 'return F.mse_loss(pred, target)',
    mean_absolute_error: 'return F.l1_loss(pred, target)',
    huber: 'return F.huber_loss(pred, target, delta=1.0)',
    log_cosh: 'd = pred - target\n    return (d + F.softplus(-2 * d) - math.log(2)).mean()',
  };
  return `def loss_fn(pred, target):
    """${loss}${fromLogits ? ' from logits' : ''}, as Keras computes it."""
    ${body[loss]}
`;
}

function optimizer(t: TrainingConfig): string {
  const o = t.optimizer;
  const eps = pyFloat(o.epsilon ?? 1e-7); // Keras's default, not PyTorch's 1e-8
  const wd = o.weight_decay;
  switch (o.type) {
    case 'sgd':
      return `torch.optim.SGD(params, lr=lr${o.momentum ? `, momentum=${pyFloat(o.momentum)}` : ''}${o.nesterov ? ', nesterov=True' : ''}${wd ? `, weight_decay=${pyFloat(wd)}` : ''})`;
    case 'adagrad':
      return `torch.optim.Adagrad(params, lr=lr, initial_accumulator_value=0.1, eps=${eps})`;
    case 'rmsprop':
      return `torch.optim.RMSprop(params, lr=lr, alpha=${pyFloat(o.rho ?? 0.9)}, eps=${eps})`;
    case 'adam':
    case 'adamw':
      return `torch.optim.${o.type === 'adam' ? 'Adam' : 'AdamW'}(params, lr=lr, betas=(${pyFloat(o.beta_1 ?? 0.9)}, ${pyFloat(o.beta_2 ?? 0.999)}), eps=${eps}${o.type === 'adamw' ? `, weight_decay=${pyFloat(wd ?? 0.004)}` : ''})`;
  }
}

function scheduler(t: TrainingConfig): string {
  const s = t.schedule;
  if (!s) return 'None';
  switch (s.type) {
    case 'step': return `torch.optim.lr_scheduler.StepLR(optimizer, step_size=${s.step_size}, gamma=${pyFloat(s.gamma)})`;
    case 'exponential': return `torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=${pyFloat(s.gamma)})`;
    case 'cosine': return `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs, eta_min=${pyFloat(s.min_learning_rate)})`;
    case 'reduce_on_plateau': return `torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=${pyFloat(s.factor)}, patience=${s.patience}, threshold=1e-4, threshold_mode="abs")`;
  }
}

/** Python turning the dataset's x (channels-last) into the model's input layout and dtype. */
function inputConversion(input: ModelPort): string[] {
  return [
    `    x = np.asarray(x).reshape(len(x), ${input.kerasShape.join(', ')})`,
    ...(input.layout === 'channels_first' ? ['    x = np.moveaxis(x, -1, 1)  # channels-last (the dataset) to channels-first (the model)'] : []),
    `    x = torch.as_tensor(np.ascontiguousarray(x), dtype=torch.${input.dtype})`,
  ];
}

function targetConversion(task: Task, output: ModelPort): string[] {
  const shape = pyTuple(output.kerasShape);
  const reshape = (dims: readonly number[]) => `y.reshape(${['len(y)', ...dims].join(', ')})`;
  switch (task) {
    case 'sparse':
      return [
        `    if y.dtype.kind == "f" and y.shape[1:] == ${shape}:`,
        '        y = y.argmax(-1)  # one-hot rows to class ids',
        `    y = torch.as_tensor(${reshape(output.kerasShape.slice(0, -1))}, dtype=torch.int64)`,
      ];
    case 'onehot':
      return [
        `    if y.dtype.kind in "iu" and y.shape[1:] != ${shape}:`,
        `        y = np.eye(${output.kerasShape.at(-1)}, dtype=np.float32)[${reshape(output.kerasShape.slice(0, -1))}]  # class ids to one-hot rows`,
        `    y = torch.as_tensor(${reshape(output.kerasShape)}, dtype=torch.float32)`,
      ];
    default:
      return [`    y = torch.as_tensor(${reshape(output.kerasShape)}, dtype=torch.float32)`];
  }
}

/** Per sample, the share of rows (one row for most models, one per step for sequences) predicted right, as the engine counts. */
function accuracy(task: Task, fromLogits: boolean): string {
  const perSample = '.float().reshape(len(target), -1).mean(1)';
  switch (task) {
    case 'sparse': return `(pred.argmax(-1) == target)${perSample}`;
    case 'onehot': return `(pred.argmax(-1) == target.argmax(-1))${perSample}`;
    case 'binary': return `((pred > ${fromLogits ? '0' : '0.5'}) == (target > 0.5)).all(-1)${perSample}`;
    case 'regression': return '((pred - target).abs() < 0.5).reshape(len(target), -1).all(1).float()';
  }
}

export function trainScript(project: Project, model: PytorchModel): string {
  const t = project.training ?? DEFAULT_TRAINING;
  const [input] = model.inputs;
  const [output] = model.outputs;
  const header = `"""Trains ${model.className}, the model of the Netwright project "${project.name}", with its settings.`;
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !input || !output) {
    return `${header}

Netwright trains models with one input and one output; this one has ${model.inputs.length} and
${model.outputs.length}. Write the loop for it in PyTorch (see model.py for what forward takes).
"""
raise SystemExit("train.py handles models with one input and one output")
`;
  }
  const task = TASKS[t.loss];
  const regression = task === 'regression';
  const extra = t.metrics.filter((m) => ['precision', 'recall', 'f1', 'auc'].includes(m) && !regression);
  const penalty = t.l1 || t.l2;
  const early = t.earlyStopping;
  const monitor = early?.monitor ?? 'val_loss';
  const moveOut = output.layout === 'channels_first' ? '.movedim(1, -1)' : '';
  return `${header}

    python train.py                        # ${t.epochs} epochs, batch ${t.batchSize}, on ${project.dataset?.name ?? 'your data (--data)'}
    python train.py --epochs 1 --max-steps 10
    torchrun --nproc_per_node=4 train.py --distributed   # 4 GPUs on this machine

README.md says how to run on several machines. Training starts from weights.safetensors
when it is there (the weights Netwright exported); --from-scratch starts from PyTorch's own
initialisation. The trained weights go to trained.safetensors (load_weights reads them).
"""
import argparse
import math
import os
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset, random_split

from data import load_dataset
from model import ${model.className}, load_weights, save_weights

# The project's training settings.
EPOCHS = ${t.epochs}
BATCH_SIZE = ${t.batchSize}  # per process: with --distributed, each GPU takes a batch this size
LEARNING_RATE = ${pyFloat(t.optimizer.learning_rate)}
VALIDATION_SPLIT = ${pyFloat(t.validationSplit ?? 0)}
SEED = ${t.seed ?? 0}
EPS = 1e-7  # Keras's epsilon, for clipping probabilities
${penalty ? `L1, L2 = ${pyFloat(t.l1 ?? 0)}, ${pyFloat(t.l2 ?? 0)}  # penalties on every trainable weight, as in Netwright\n` : ''}${t.optimizer.clipnorm ? `CLIPNORM = ${pyFloat(t.optimizer.clipnorm)}  # Keras clips each weight's gradient on its own\n` : ''}${early ? `EARLY_STOPPING = {"monitor": ${pyLiteral(monitor)}, "patience": ${early.patience}, "min_delta": ${pyFloat(early.minDelta)}}\n` : ''}

${lossFunction(t.loss, t.fromLogits)}

def correct(pred, target):
    """Per sample, whether the prediction is right (the share of steps right, for sequences)."""
    return ${accuracy(task, t.fromLogits)}


def make_optimizer(params, lr):
    return ${optimizer(t)}


def to_tensors(x, y):
    """The dataset's arrays as the model and the loss want them."""
${inputConversion(input).join('\n')}
    y = np.asarray(y)
${targetConversion(task, output).join('\n')}
    return TensorDataset(x, y)


def predict(model, x):
    return model(x)${moveOut}${moveOut ? '  # back to channels-last, as the targets are' : ''}


class Totals:
    """Sums over an epoch: samples, loss${regression ? ', correct predictions, absolute and squared errors' : ' and correct predictions'}; added up across processes."""

    def __init__(self, device):
        self.sums = torch.zeros(${regression ? 5 : 3}, dtype=torch.float64, device=device)

    def add(self, pred, target, loss):
        n = torch.tensor(float(len(target)), device=pred.device)${regression ? `
        err = (pred - target).flatten(1)` : ''}
        self.sums += torch.stack([n, loss * n, correct(pred, target).sum()${regression ? ', err.abs().mean(1).sum(), err.square().mean(1).sum()' : ''}]).double()

    def result(self, distributed):
        sums = self.sums.clone()
        if distributed:
            dist.all_reduce(sums)
        sums = (sums / max(sums[0].item(), 1.0)).tolist()
        return ${regression ? '{"loss": sums[1], "accuracy": sums[2], "mae": sums[3], "rmse": math.sqrt(sums[4])}' : '{"loss": sums[1], "accuracy": sums[2]}'}


@torch.no_grad()
def evaluate(model, loader, device, distributed=False):
    model.eval()
    totals = Totals(device)${extra.length ? '\n    preds, targets = [], []' : ''}
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        pred = predict(model, x)
        totals.add(pred, y, loss_fn(pred, y))${extra.length ? '\n        preds.append(pred.cpu())\n        targets.append(y.cpu())' : ''}
    result = totals.result(distributed)${extra.length ? `\n    result.update(classification_metrics(torch.cat(preds), torch.cat(targets), ${pyLiteral(extra)}))` : ''}
    return result
${extra.length ? `

def classification_metrics(pred, target, names):
    """Precision, recall and F1 (macro-averaged over classes), and AUC for one binary output."""
    ${task === 'binary' ? `labels, guesses = (target > 0.5).long().flatten(), (pred > ${t.fromLogits ? '0' : '0.5'}).long().flatten()` : `labels = ${task === 'onehot' ? 'target.argmax(-1)' : 'target'}.flatten()
    guesses = pred.argmax(-1).flatten()`}
    classes = int(max(labels.max(), guesses.max())) + 1
    out, precision, recall = {}, [], []
    for c in range(classes):
        tp = ((guesses == c) & (labels == c)).sum().item()
        precision.append(tp / max((guesses == c).sum().item(), 1))
        recall.append(tp / max((labels == c).sum().item(), 1))
    p, r = sum(precision) / classes, sum(recall) / classes
    if "precision" in names:
        out["precision"] = p
    if "recall" in names:
        out["recall"] = r
    if "f1" in names:
        out["f1"] = 2 * p * r / max(p + r, 1e-12)
    if "auc" in names and pred.shape[-1] == 1:
        scores, positive = pred.flatten(), labels.bool()
        ranks = scores.argsort().argsort().double() + 1  # the Mann-Whitney U statistic
        n_pos, n_neg = positive.sum().item(), (~positive).sum().item()
        out["auc"] = ((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / max(n_pos * n_neg, 1)).item()
    return out
` : ''}

def describe(metrics):
    return "  ".join(f"{name} {value:.4f}" for name, value in metrics.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\\n")[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="per process")
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--data", help="your own data instead of the project's (see data.py)")
    parser.add_argument("--max-steps", type=int, default=0, help="stop each epoch after this many steps (a quick check)")
    parser.add_argument("--distributed", action="store_true", help="run under torchrun: one process per GPU, DistributedDataParallel")
    parser.add_argument("--from-scratch", action="store_true", help="ignore weights.safetensors")
    parser.add_argument("--out", default="trained.safetensors", help="where to save the trained weights")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()

    rank, world = 0, 1
    device = torch.device(args.device)
    if args.distributed:
        # torchrun starts one process per GPU and sets RANK, WORLD_SIZE, LOCAL_RANK and the address of process 0.
        local_rank = int(os.environ["LOCAL_RANK"])
        if device.type == "cuda":
            torch.cuda.set_device(local_rank)
            device = torch.device("cuda", local_rank)
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
    torch.manual_seed(SEED)

    splits = load_dataset(args.data)
    train_set = to_tensors(*splits["train"])
    validation_set = None
    if VALIDATION_SPLIT > 0:
        held_out = max(1, round(len(train_set) * VALIDATION_SPLIT))
        train_set, validation_set = random_split(train_set, [len(train_set) - held_out, held_out], generator=torch.Generator().manual_seed(SEED))
    test_set = to_tensors(*splits["test"]) if "test" in splits else None
    # Each process reads its own share of every epoch; the sampler shuffles with the epoch as seed.
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=SEED) if args.distributed else None
    loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=sampler is None, sampler=sampler)

    model = ${model.className}()
    weights = Path(__file__).with_name("weights.safetensors")
    if weights.exists() and not args.from_scratch:
        load_weights(model, weights)
    model.to(device)
    module = model
    if args.distributed:
        model = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = make_optimizer(model.parameters(), args.learning_rate)
    epochs = args.epochs
    scheduler = ${scheduler(t)}
${early ? '    best, best_state, waited = None, None, 0\n' : ''}    if rank == 0:
        print(f"Training on {device} x {world}: {sum(p.numel() for p in module.parameters() if p.requires_grad):,} parameters, {len(train_set):,} samples")

    for epoch in range(epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        model.train()
        totals = Totals(device)
        for step, (x, y) in enumerate(loader):
            if args.max_steps and step >= args.max_steps:
                break
            x, y = x.to(device), y.to(device)
            pred = predict(model, x)
            loss = loss_fn(pred, y)
            optimizer.zero_grad()
            ${penalty ? '(loss + sum(L1 * p.abs().sum() + L2 * p.square().sum() for p in model.parameters() if p.requires_grad)).backward()' : 'loss.backward()'}${t.optimizer.clipnorm ? `
            for p in model.parameters():
                if p.grad is not None:
                    torch.nn.utils.clip_grad_norm_(p, CLIPNORM)` : ''}
            optimizer.step()
            totals.add(pred.detach(), y, loss.detach())
        metrics = totals.result(args.distributed)
        if validation_set is not None:
            # Every process evaluates the whole validation set, so all take the same decisions below.
            validation = evaluate(module, DataLoader(validation_set, batch_size=256), device)
            metrics.update({f"val_{k}": v for k, v in validation.items()})
        if rank == 0:
            print(f"Epoch {epoch + 1}/{epochs}  {describe(metrics)}", flush=True)
        if scheduler is not None:
            ${t.schedule?.type === 'reduce_on_plateau' ? 'scheduler.step(metrics.get("val_loss", metrics["loss"]))' : 'scheduler.step()'}${early ? `
        value = metrics.get(EARLY_STOPPING["monitor"], metrics["loss"])
        better = best is None or (value > best + EARLY_STOPPING["min_delta"] if EARLY_STOPPING["monitor"] == "val_accuracy" else value < best - EARLY_STOPPING["min_delta"])
        if better:
            best, waited = value, 0
            best_state = {k: v.detach().clone() for k, v in module.state_dict().items()}
        else:
            waited += 1
            if waited > EARLY_STOPPING["patience"]:
                if rank == 0:
                    print("Stopped early; keeping the best epoch's weights.")
                module.load_state_dict(best_state)
                break` : ''}

    if test_set is not None:
        results = evaluate(module, DataLoader(test_set, batch_size=256), device)
        if rank == 0:
            print(f"Test  {describe(results)}")
    if rank == 0:
        save_weights(module, args.out)
        print(f"Saved the trained weights to {args.out}")
    if args.distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`.replace(/\n{4,}/g, '\n\n\n');
}
