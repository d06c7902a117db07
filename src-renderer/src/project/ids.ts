/**
 * Readable ids for new layers and connections, named as Keras names layers:
 * dense, dense_1, conv2d, max_pooling2d… An id is what the canvas shows
 * under the layer type and what exported code names the layer, so it stays
 * short and lower-case.
 */

/** Keras's snake_case of a class name: "MaxPooling2D" → "max_pooling2d", "LeakyReLU" → "leaky_relu". */
export function baseId(type: string): string {
  return type
    .replace(/ReLU/g, 'Relu')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** `base` if free, else base_1, base_2… */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let i = 1;
  while (taken.has(`${base}_${i}`)) i++;
  return `${base}_${i}`;
}

export function edgeId(source: string, target: string, taken: ReadonlySet<string>): string {
  return freshId(`${source}-${target}`, taken);
}
