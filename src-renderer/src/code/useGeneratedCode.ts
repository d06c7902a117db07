/**
 * The generated code for the open project, kept up to date as the graph
 * changes: the first result is made at once, later ones after the edits
 * pause for DEBOUNCE_MS, so typing a number into a field regenerates the
 * code once rather than per keystroke.
 */
import { useEffect, useState } from 'react';
import type { Project } from '../../../shared/graph';
import { generateCode, type GeneratedCode } from './generated-code';

export const DEBOUNCE_MS = 300;

let cache: { project: Project; code: GeneratedCode } | null = null;

/** generateCode, remembering the last answer so returning to the view costs nothing. */
export function codeFor(project: Project): GeneratedCode {
  if (cache?.project !== project) cache = { project, code: generateCode(project) };
  return cache.code;
}

export function useGeneratedCode(project: Project | null, delay = DEBOUNCE_MS): GeneratedCode | null {
  const [code, setCode] = useState<GeneratedCode | null>(() => (project ? codeFor(project) : null));
  useEffect(() => {
    if (!project) {
      setCode(null);
      return;
    }
    if (cache?.project === project) {
      setCode(cache.code);
      return;
    }
    const timer = setTimeout(() => setCode(codeFor(project)), delay);
    return () => clearTimeout(timer);
  }, [project, delay]);
  return code;
}
