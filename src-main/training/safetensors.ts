/** Checkpoints use the shared safetensors reader and writer. */
export * from '../../shared/formats/safetensors';
