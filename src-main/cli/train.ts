/**
 * `netwright train FILE`: trains the project's model on its dataset. Flags
 * override the project's settings. On a terminal it draws a progress bar;
 * with --json it prints one JSON object per line (one per epoch, then done).
 */
import { dirname, join, resolve } from 'node:path';
import type { Project } from '../../shared/graph/schema';
import { DataError, loadDataset } from '../data';
import { createTrainer, NoAdapterError } from '../engine/create-trainer';
import type { Evaluation } from '../training/evaluate';
import { runTraining, TrainingError, type TrainingEvent } from '../training/session';
import { CheckpointError } from '../training/checkpoint';
import { DataShapeError } from '../training/targets';
import type { Command } from './main';
import { CliError, parseOptions, readProject } from './project-file';

const usage = 'netwright train FILE [--dataset NAME|PATH] [--epochs N] [--batch-size N] [--learning-rate X] [--optimizer NAME] [--seed N] [--backend webgpu|reference] [--out DIR] [--resume DIR] [--json]';

const OPTIMIZERS = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;

function positiveNumber(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new CliError(`--${name} must be a ${integer ? 'positive whole number' : 'positive number'}, got "${text}".`, 2);
  }
  return value;
}

/** Applies command-line overrides to the project's training settings. */
export function withOverrides(project: Project, o: { dataset?: string; epochs?: number; batchSize?: number; learningRate?: number; optimizer?: string; seed?: number }): Project {
  if (!project.training) throw new CliError('the project has no "training" section, so there is nothing to train with. Add one (loss, optimizer, epochs, batchSize), e.g. by starting from a template in resources/templates.', 1);
  if (o.optimizer && !(OPTIMIZERS as readonly string[]).includes(o.optimizer)) throw new CliError(`--optimizer must be one of ${OPTIMIZERS.join(', ')}, got "${o.optimizer}".`, 2);
  const t = project.training;
  const dataset = o.dataset ? (/[/\\.]/.test(o.dataset) ? { name: 'file', path: o.dataset } : { name: o.dataset }) : project.dataset;
  return {
    ...project,
    ...(dataset ? { dataset } : {}),
    training: {
      ...t,
      ...(o.epochs ? { epochs: o.epochs } : {}),
      ...(o.batchSize ? { batchSize: o.batchSize } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      optimizer: { ...t.optimizer, ...(o.optimizer ? { type: o.optimizer as (typeof OPTIMIZERS)[number] } : {}), ...(o.learningRate ? { learning_rate: o.learningRate } : {}) },
    },
  };
}

function progressLine(e: Extract<TrainingEvent, { event: 'progress' }>, epochs: number): string {
  const width = 24;
  const filled = Math.round((e.step / e.stepsPerEpoch) * width);
  const eta = e.etaSeconds >= 60 ? `${Math.floor(e.etaSeconds / 60)}m${String(Math.round(e.etaSeconds % 60)).padStart(2, '0')}s` : `${e.etaSeconds.toFixed(0)}s`;
  return `Epoch ${e.epoch}/${epochs} [${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}] ${e.step}/${e.stepsPerEpoch}  loss ${e.loss.toFixed(4)}  acc ${e.accuracy.toFixed(4)}  ${Math.round(e.samplesPerSec)} samples/s  ETA ${eta}`;
}

export const trainCommand: Command = {
  name: 'train',
  usage,
  summary: 'Train the model on its dataset (WebGPU, or the CPU reference backend).',
  async run(args) {
    const { values, positionals } = parseOptions(args, {
      dataset: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' }, 'learning-rate': { type: 'string' },
      optimizer: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' }, resume: { type: 'string' }, json: { type: 'boolean' },
    }, usage);
    if (values.help) {
      console.log(`Usage: ${usage}\n\nDatasets: and, or, nand, xor, spirals, circles, moons, blobs, iris, sine, mnist, fashion-mnist, reverse-words, or a path to a CSV, NPY or IDX file or an image folder.`);
      return 0;
    }
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError(`give exactly one project file.\nUsage: ${usage}`, 2);
    const backend = values.backend ?? 'auto';
    if (!['webgpu', 'reference', 'auto'].includes(backend)) throw new CliError(`--backend must be webgpu or reference, got "${backend}".`, 2);
    const seedText = values.seed;
    const seed = seedText === undefined ? undefined : Number(seedText);
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new CliError(`--seed must be a whole number of 0 or more, got "${seedText}".`, 2);

    const project = withOverrides(await readProject(file), {
      ...(values.dataset ? { dataset: values.dataset } : {}),
      ...(seed !== undefined ? { seed } : {}),
      epochs: positiveNumber('epochs', values.epochs, true),
      batchSize: positiveNumber('batch-size', values['batch-size'], true),
      learningRate: positiveNumber('learning-rate', values['learning-rate'], false),
      ...(values.optimizer ? { optimizer: values.optimizer } : {}),
    });
    if (!project.dataset) throw new CliError('the project names no dataset. Pass --dataset NAME (for example --dataset xor) or add "dataset" to the project.', 1);
    const projectDir = dirname(resolve(file));
    const outDir = resolve(values.out ?? join(projectDir, 'runs', new Date().toISOString().replace(/[:.]/g, '-')));
    const json = values.json === true;
    const tty = !json && process.stderr.isTTY === true;

    try {
      const inputShape = project.nodes.find((n) => n.type === 'Input')?.params['shape'] as number[] | undefined;
      const dataset = await loadDataset(project.dataset, { projectDir, ...(inputShape ? { inputShape } : {}), seed: project.training!.seed ?? 0, ...(project.training!.validationSplit !== undefined ? { validationSplit: project.training!.validationSplit } : {}) });
      const { trainer, note } = await createTrainer(backend as 'webgpu' | 'reference' | 'auto');
      if (note && !json) console.error(note);
      const controller = new AbortController();
      const stop = () => {
        if (!json) console.error('\nStopping after this chunk of steps; the checkpoint will be saved…');
        controller.abort();
      };
      process.once('SIGINT', stop);
      try {
        const done = await runTraining({
          project, dataset, trainer, outDir, signal: controller.signal,
          ...(values.resume ? { resume: resolve(values.resume) } : {}),
          ...(seed !== undefined ? { seed } : {}),
          onEvent(e) {
            if (json) {
              if (e.event === 'epoch') console.log(JSON.stringify({ event: 'epoch', epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, valLoss: e.valLoss ?? null, valAccuracy: e.valAccuracy ?? null, ...(e.mae !== undefined ? { mae: e.mae, rmse: e.rmse } : {}), samplesPerSec: e.samplesPerSec, learningRate: e.learningRate }));
              return;
            }
            if (e.event === 'start') console.error(`Training on ${e.backend === 'webgpu' ? `the GPU (${e.adapter})` : 'the CPU reference backend'}: ${e.params.toLocaleString('en-US')} parameters, ${e.epochs} epochs of ${e.stepsPerEpoch} steps, batch ${e.batchSize}.`);
            if (e.event === 'progress' && tty) process.stderr.write(`\r${progressLine(e, project.training!.epochs)}\x1b[K`);
            if (e.event === 'epoch') {
              const val = e.valLoss !== undefined ? `  val_loss ${e.valLoss.toFixed(4)}${e.valAccuracy !== undefined ? `  val_acc ${e.valAccuracy.toFixed(4)}` : ''}` : '';
              const reg = e.mae !== undefined ? `  mae ${e.mae.toFixed(4)}  rmse ${e.rmse!.toFixed(4)}` : '';
              process.stderr.write(`${tty ? '\r' : ''}Epoch ${e.epoch}/${project.training!.epochs}  loss ${e.loss.toFixed(4)}  acc ${e.accuracy.toFixed(4)}${reg}${val}  ${Math.round(e.samplesPerSec)} samples/s${tty ? '\x1b[K' : ''}\n`);
            }
          },
        });
        const brief = (e: Evaluation | undefined) => (e ? { loss: e.loss, ...(e.accuracy !== undefined ? { accuracy: e.accuracy } : {}), ...(e.mae !== undefined ? { mae: e.mae, rmse: e.rmse } : {}) } : null);
        const test = brief(done.test);
        if (json) console.log(JSON.stringify({ event: 'done', backend: done.backend, adapter: done.adapter, reason: done.reason, epochs: done.epochs, test, ...(done.train ? { train: brief(done.train) } : {}), weights: done.weights }));
        else {
          const final = done.train;
          if (final) console.error(`Final, on the training data: loss ${final.loss.toFixed(4)}${final.accuracy !== undefined ? `, accuracy ${(final.accuracy * 100).toFixed(2)}%` : ''}`);
          if (test) console.error(`Test: loss ${test.loss.toFixed(4)}${test.accuracy !== undefined ? `, accuracy ${(test.accuracy * 100).toFixed(2)}%` : ''}${test.mae !== undefined ? `, MAE ${test.mae.toFixed(4)}` : ''}`);
          console.error(`${done.reason === 'early_stopping' ? 'Stopped early (no improvement); kept the best epoch.' : done.reason === 'stopped' ? 'Stopped.' : 'Done.'} Weights and checkpoint: ${done.weights}`);
        }
        return 0;
      } finally {
        process.off('SIGINT', stop);
        trainer.dispose();
      }
    } catch (e) {
      if (e instanceof DataError || e instanceof TrainingError || e instanceof DataShapeError || e instanceof CheckpointError || e instanceof NoAdapterError) throw new CliError(e.message, 1);
      throw e;
    }
  },
};
