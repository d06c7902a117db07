export * from './schema';
export { loadProject, loadProjectObject, serializeProject, integrityErrors, formatPath, type LoadResult } from './load';
export { migrate, MIGRATIONS } from './migrations';
