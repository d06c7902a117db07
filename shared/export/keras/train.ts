/**
 * train.py for Keras 3: model.compile(…) with the project's loss, optimizer
 * and metrics, and model.fit(…) with its epochs, batch size, validation
 * split, learning-rate schedule and early stopping.
 */
import type { Loss, Project, TrainingConfig } from '../../graph/schema';
import { pyFloat, pyLiteral, pyTuple } from '../pytorch/python';
import type { KerasModel } from './model';

const DEFAULT_TRAINING: TrainingConfig = {
  loss: 'mean_squared_error', fromLogits: false, optimizer: { type: 'adam', learning_rate: 0.001 }, epochs: 10, batchSize: 32, metrics: ['accuracy'],
};

function lossObject(loss: Loss, fromLogits: boolean): string {
  const logits = `from_logits=${fromLogits ? 'True' : 'False'}`;
  switch (loss) {
    case 'sparse_categorical_crossentropy': return `keras.losses.SparseCategoricalCrossentropy(${logits})`;
    case 'categorical_crossentropy': return `keras.losses.CategoricalCrossentropy(${logits})`;
    case 'binary_crossentropy': return `keras.losses.BinaryCrossentropy(${logits})`;
    case 'kl_divergence': return 'keras.losses.KLDivergence()';
    case 'hinge': return 'keras.losses.Hinge()';
    case 'mean_squared_error': return 'keras.losses.MeanSquaredError()';
    case 'mean_absolute_error': return 'keras.losses.MeanAbsoluteError()';
    case 'huber': return 'keras.losses.Huber(delta=1.0)';
    case 'log_cosh': return 'keras.losses.LogCosh()';
  }
}

function optimizerObject(t: TrainingConfig): string {
  const o = t.optimizer;
  const args = ['learning_rate=args.learning_rate'];
  if (o.type === 'sgd') {
    if (o.momentum) args.push(`momentum=${pyFloat(o.momentum)}`);
    if (o.nesterov) args.push('nesterov=True');
  }
  if (o.type === 'rmsprop' && o.rho !== undefined) args.push(`rho=${pyFloat(o.rho)}`);
  if (o.type === 'adam' || o.type === 'adamw') {
    if (o.beta_1 !== undefined) args.push(`beta_1=${pyFloat(o.beta_1)}`);
    if (o.beta_2 !== undefined) args.push(`beta_2=${pyFloat(o.beta_2)}`);
  }
  if (o.type === 'adagrad') args.push('initial_accumulator_value=0.1');
  if (o.epsilon !== undefined && o.type !== 'sgd') args.push(`epsilon=${pyFloat(o.epsilon)}`);
  if (o.weight_decay !== undefined) args.push(`weight_decay=${pyFloat(o.weight_decay)}`);
  if (o.clipnorm !== undefined) args.push(`clipnorm=${pyFloat(o.clipnorm)}`);
  const cls = { sgd: 'SGD', adagrad: 'Adagrad', rmsprop: 'RMSprop', adam: 'Adam', adamw: 'AdamW' }[o.type];
  return `keras.optimizers.${cls}(${args.join(', ')})`;
}

/** Keras metrics for the project's; precision, recall and AUC are Keras's binary ones, so only for binary or one-hot targets. */
function metricObjects(t: TrainingConfig): string[] {
  const binaryOrOneHot = ['binary_crossentropy', 'hinge', 'categorical_crossentropy'].includes(t.loss);
  return t.metrics.flatMap((m) => {
    switch (m) {
      case 'accuracy': return ['"accuracy"'];
      case 'mae': return ['keras.metrics.MeanAbsoluteError(name="mae")'];
      case 'rmse': return ['keras.metrics.RootMeanSquaredError(name="rmse")'];
      case 'precision': return binaryOrOneHot ? ['keras.metrics.Precision(name="precision")'] : [];
      case 'recall': return binaryOrOneHot ? ['keras.metrics.Recall(name="recall")'] : [];
      case 'auc': return binaryOrOneHot ? ['keras.metrics.AUC(name="auc")'] : [];
      case 'f1': return t.loss === 'categorical_crossentropy' ? ['keras.metrics.F1Score(average="macro", name="f1")'] : [];
    }
  });
}

function callbacks(t: TrainingConfig): string[] {
  const out: string[] = [];
  const s = t.schedule;
  if (s?.type === 'step') out.push(`keras.callbacks.LearningRateScheduler(lambda epoch: args.learning_rate * ${pyFloat(s.gamma)} ** (epoch // ${s.step_size}))`);
  if (s?.type === 'exponential') out.push(`keras.callbacks.LearningRateScheduler(lambda epoch: args.learning_rate * ${pyFloat(s.gamma)} ** epoch)`);
  if (s?.type === 'cosine') {
    out.push(`keras.callbacks.LearningRateScheduler(lambda epoch: ${pyFloat(s.min_learning_rate)} + 0.5 * (args.learning_rate - ${pyFloat(s.min_learning_rate)}) * (1 + math.cos(math.pi * epoch / args.epochs)))`);
  }
  if (s?.type === 'reduce_on_plateau') out.push(`keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=${pyFloat(s.factor)}, patience=${s.patience}, min_delta=1e-4)`);
  const e = t.earlyStopping;
  if (e) out.push(`keras.callbacks.EarlyStopping(monitor=${pyLiteral(e.monitor)}, patience=${e.patience}, min_delta=${pyFloat(e.minDelta)}, restore_best_weights=True)`);
  return out;
}

function targetConversion(loss: Loss, shape: readonly number[]): string[] {
  const reshape = (dims: readonly number[]) => `y.reshape(${['len(y)', ...dims].join(', ')})`;
  if (loss === 'sparse_categorical_crossentropy') {
    return [`    if y.dtype.kind == "f" and y.shape[1:] == ${pyTuple(shape)}:`, '        y = y.argmax(-1)  # one-hot rows to class ids', `    return ${reshape(shape.slice(0, -1))}.astype("int32")`];
  }
  if (loss === 'categorical_crossentropy' || loss === 'kl_divergence') {
    return [
      `    if y.dtype.kind in "iu" and y.shape[1:] != ${pyTuple(shape)}:`,
      `        y = np.eye(${shape.at(-1)}, dtype="float32")[${reshape(shape.slice(0, -1))}]  # class ids to one-hot rows`,
      `    return ${reshape(shape)}.astype("float32")`,
    ];
  }
  return [`    return ${reshape(shape)}.astype("float32")`];
}

export function kerasTrainScript(project: Project, model: KerasModel): string {
  const t = project.training ?? DEFAULT_TRAINING;
  const [input] = model.inputs;
  const [output] = model.outputs;
  const header = `"""Trains the Keras model of the Netwright project "${project.name}" with its settings.`;
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !input || !output) {
    return `${header}

Netwright trains models with one input and one output; this one has ${model.inputs.length} and
${model.outputs.length}. Call model.fit with your own arrays (see model.py for the inputs).
"""
raise SystemExit("train.py handles models with one input and one output")
`;
  }
  const cbs = callbacks(t);
  return `${header}

    python train.py                      # ${t.epochs} epochs, batch ${t.batchSize}, on ${project.dataset?.name ?? 'your data (--data)'}
    python train.py --epochs 1 --max-steps 10

Training starts from the weights folder when it is there (the weights Netwright exported);
--from-scratch starts from Keras's own initialisation. The trained weights are saved to
trained.weights.h5.
"""
import argparse
import math
from pathlib import Path

import keras
import numpy as np

from data import load_dataset
from model import build_model, load_weights

EPOCHS = ${t.epochs}
BATCH_SIZE = ${t.batchSize}
LEARNING_RATE = ${pyFloat(t.optimizer.learning_rate)}
VALIDATION_SPLIT = ${pyFloat(t.validationSplit ?? 0)}
SEED = ${t.seed ?? 0}


def inputs(x):
    return np.asarray(x).reshape(len(x), ${input.shape.join(', ')}).astype(${pyLiteral(input.dtype)})


def targets(y):
    """The dataset's targets as the loss wants them."""
    y = np.asarray(y)
${targetConversion(t.loss, output.shape).join('\n')}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\\n")[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--data", help="your own data instead of the project's (see data.py)")
    parser.add_argument("--max-steps", type=int, default=0, help="stop each epoch after this many steps (a quick check)")
    parser.add_argument("--from-scratch", action="store_true", help="ignore the exported weights")
    parser.add_argument("--out", default="trained.weights.h5")
    args = parser.parse_args()
    keras.utils.set_random_seed(SEED)

    splits = load_dataset(args.data)
    x, y = inputs(splits["train"][0]), targets(splits["train"][1])
    model = build_model()
    if Path(__file__).with_name("weights").exists() and not args.from_scratch:
        load_weights(model)
    model.compile(
        optimizer=${optimizerObject(t)},
        loss=${lossObject(t.loss, t.fromLogits)},
        metrics=[${metricObjects(t).join(', ')}],
    )
    model.fit(
        x,
        y,
        epochs=args.epochs,
        batch_size=args.batch_size,
        steps_per_epoch=args.max_steps or None,
        validation_split=VALIDATION_SPLIT,
        shuffle=True,
        callbacks=[${cbs.length ? `\n${cbs.map((c) => `            ${c},`).join('\n')}\n        ` : ''}],
    )
    if "test" in splits:
        model.evaluate(inputs(splits["test"][0]), targets(splits["test"][1]), batch_size=256)
    model.save_weights(args.out)
    print(f"Saved the trained weights to {args.out}")


if __name__ == "__main__":
    main()
`;
}
