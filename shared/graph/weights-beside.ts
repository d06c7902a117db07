/**
 * Where a project's weights live: PROJECT.safetensors beside PROJECT.nwproj.
 * `netwright import` writes it, `netwright export` and `run` read it, and the
 * app saves and reopens it with the project (desktop and web alike).
 */
export function weightsBeside(projectPath: string): string {
  return projectPath.replace(/\.nwproj$/i, '') + '.safetensors';
}
