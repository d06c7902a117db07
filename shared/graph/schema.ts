/**
 * The project file: one JSON document, extension .nwproj. Layer types and
 * parameter names are Keras's; `params` are checked later against each layer's
 * own specs, so this schema only fixes the document's structure.
 */
import { z } from 'zod';

export const FORMAT = 'netwright';
export const CURRENT_VERSION = 1;

const id = z.string().min(1, 'must not be empty').max(200);

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

export const NodeSchema = z
  .object({
    id,
    type: z.string().min(1, 'must name a layer type'),
    params: z.record(z.string(), z.unknown()).default({}),
    position: PositionSchema.optional(),
    /** A label shown instead of the id; exporters use it for readable names. */
    label: z.string().max(200).optional(),
    /** A note the author attaches to the layer, e.g. for a class. */
    note: z.string().max(10_000).optional(),
  })
  .strict();

export const EdgeSchema = z
  .object({
    id,
    source: id,
    target: id,
    /** The input slot of a node with several inputs: in0, in1, … */
    targetHandle: z.string().regex(/^in\d+$/, 'must be in0, in1, …').optional(),
  })
  .strict();

export const LOSSES = [
  'mean_squared_error', 'mean_absolute_error', 'binary_crossentropy', 'categorical_crossentropy',
  'sparse_categorical_crossentropy', 'hinge', 'kl_divergence', 'huber', 'log_cosh',
] as const;

export const OPTIMIZERS = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;

export const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'auc', 'mae', 'rmse'] as const;

const positive = z.number().finite().positive();
const fraction = z.number().finite().min(0).max(1);

export const OptimizerSchema = z
  .object({
    type: z.enum(OPTIMIZERS),
    learning_rate: positive.default(0.001),
    momentum: fraction.optional(),
    nesterov: z.boolean().optional(),
    beta_1: fraction.optional(),
    beta_2: fraction.optional(),
    rho: fraction.optional(),
    epsilon: positive.optional(),
    weight_decay: z.number().finite().min(0).optional(),
    clipnorm: positive.optional(),
  })
  .strict();

export const ScheduleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), step_size: z.number().int().positive(), gamma: positive }).strict(),
  z.object({ type: z.literal('exponential'), gamma: positive }).strict(),
  z.object({ type: z.literal('cosine'), min_learning_rate: z.number().min(0).default(0) }).strict(),
  z.object({ type: z.literal('reduce_on_plateau'), factor: fraction, patience: z.number().int().min(0) }).strict(),
]);

export const TrainingSchema = z
  .object({
    loss: z.enum(LOSSES),
    fromLogits: z.boolean().default(false),
    optimizer: OptimizerSchema,
    epochs: z.number().int().min(1).max(100_000),
    batchSize: z.number().int().min(1).max(1 << 16),
    metrics: z.array(z.enum(METRICS)).default(['accuracy']),
    validationSplit: z.number().min(0).max(0.9).optional(),
    seed: z.number().int().min(0).optional(),
    l1: z.number().min(0).optional(),
    l2: z.number().min(0).optional(),
    schedule: ScheduleSchema.optional(),
    earlyStopping: z.object({ monitor: z.enum(['val_loss', 'val_accuracy', 'loss']).default('val_loss'), patience: z.number().int().min(0), minDelta: z.number().min(0).default(0) }).strict().optional(),
  })
  .strict();

export const DatasetSchema = z
  .object({
    name: z.string().min(1),
    /** For imported data: a path relative to the project file. */
    path: z.string().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const ProjectSchema = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(CURRENT_VERSION),
    name: z.string().max(200).default('Untitled'),
    /** Text for the learner: what this model shows and what to try. */
    description: z.string().max(20_000).optional(),
    nodes: z.array(NodeSchema),
    edges: z.array(EdgeSchema).default([]),
    /** Which nodes are the model's outputs. Without it, every layer that feeds nothing is an output. */
    outputs: z.array(id).optional(),
    training: TrainingSchema.optional(),
    dataset: DatasetSchema.optional(),
  })
  .strict();

export type Project = z.infer<typeof ProjectSchema>;
export type ProjectNode = z.infer<typeof NodeSchema>;
export type ProjectEdge = z.infer<typeof EdgeSchema>;
export type TrainingConfig = z.infer<typeof TrainingSchema>;
export type DatasetRef = z.infer<typeof DatasetSchema>;
export type Loss = (typeof LOSSES)[number];
export type OptimizerName = (typeof OPTIMIZERS)[number];
