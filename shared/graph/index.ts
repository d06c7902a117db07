export * from './schema';
export { loadProject, loadProjectObject, serializeProject, integrityErrors, formatPath, type LoadResult } from './load';
export { migrate, MIGRATIONS } from './migrations';
export { feedingLayers } from './feeding';
export { weightsBeside } from './weights-beside';
