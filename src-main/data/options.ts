/**
 * Checking a dataset's options (DatasetRef.options) against a zod schema.
 * Unknown keys are ignored, because projects carry descriptive ones such as
 * "about"; known keys with a wrong value are a DataError naming the option.
 */
import { z } from 'zod';
import { DataError } from './errors';

export function readOptions<T extends z.ZodType>(schema: T, options: Readonly<Record<string, unknown>> | undefined, dataset: string): z.infer<T> {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.join('.');
  const value = key ? (options ?? {})[String(issue.path[0])] : undefined;
  throw new DataError(`dataset "${dataset}": option "${key}" ${issue.message.replace(/^Invalid input: /, '')}${value !== undefined ? ` (got ${JSON.stringify(value)})` : ''}. Fix it in the project's dataset options.`);
}

/** A whole number of samples between 1 and `max`, with a default. */
export const sampleCount = (fallback: number, max = 1_000_000) => z.number().int().min(1).max(max).default(fallback);

/** A non-negative amount of noise, with a default. */
export const noiseLevel = (fallback: number) => z.number().min(0).max(100).default(fallback);
