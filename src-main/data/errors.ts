/**
 * The data module's one error. Its message is for the person who picked the
 * dataset: what is wrong, where it was looked for, and what to do about it.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
}
