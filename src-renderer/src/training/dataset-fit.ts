/**
 * Whether a dataset fits the model, checked before training so the person
 * hears it in plain words rather than as a failed run: the size of one sample
 * against the Input layer, and the number of classes against the last layer.
 */
import type { DatasetDescription } from '../../../shared/ipc/services';

const shapeText = (s: readonly number[]) => s.join(' × ');
const size = (s: readonly number[]) => s.reduce((a, d) => a * d, 1);

export function fitProblems(d: DatasetDescription, input: readonly number[] | null, output: readonly number[] | null, title = d.name): string[] {
  const problems: string[] = [];
  if (input && size(input) !== size(d.inputShape)) {
    problems.push(`Each sample of ${title} is ${shapeText(d.inputShape)} values, but the model’s Input layer takes ${shapeText(input)}. Choose another dataset, change the Input layer’s shape, or open a template made for this data.`);
  }
  const classes = d.classes?.length ?? 0;
  const units = output?.at(-1);
  if (units !== undefined && (d.task === 'classification' || d.task === 'binary') && classes > 0) {
    const fits = units === classes || (classes === 2 && units === 1);
    if (!fits) {
      problems.push(`${title} has ${classes} classes, but the model’s last layer gives ${units} output${units === 1 ? '' : 's'}. Set the last Dense layer’s units to ${classes === 2 ? '1 (with a sigmoid) or 2' : classes}.`);
    }
  }
  return problems;
}

export function taskText(d: DatasetDescription): string {
  const classes = d.classes?.length ?? 0;
  switch (d.task) {
    case 'binary':
      return 'Yes or no: two classes';
    case 'classification':
      return `Pick one of ${classes} classes`;
    case 'regression':
      return 'Predict a number (regression)';
    case 'sequence':
      return 'Turn one sequence into another';
  }
}
