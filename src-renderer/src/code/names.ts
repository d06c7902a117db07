/** How exports are named: file names from the project's name, and layer labels for readable ONNX names. */
import type { Project } from '../../../shared/graph';

/** Canvas labels by node id, which the ONNX exporter uses for node and weight names (as `netwright export` does). */
export function labelsOf(project: Pick<Project, 'nodes'>): Map<string, string> {
  return new Map(project.nodes.filter((n) => n.label).map((n) => [n.id, n.label!]));
}

/** "XOR: why we need hidden layers" → "xor-why-we-need-hidden-layers": safe on every file system. */
export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem || 'model';
}
