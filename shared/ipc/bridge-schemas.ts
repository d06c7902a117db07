/**
 * The shape of every payload that crosses the desktop bridge (bridge.ts), as
 * zod schemas. Main parses each call's arguments with BRIDGE_ARGS before it
 * acts, so a compromised or buggy page can send nothing main did not expect:
 * no extra fields, no wrong types, no path separators in file names, no
 * unbounded strings. Kept apart from bridge.ts so the sandboxed preload does
 * not bundle zod.
 */
import { z } from 'zod';
import { BRIDGE_CHANNELS, MENU_COMMANDS, type BridgeChannel } from './bridge';

/** Project files are JSON text; this is far above any real one and stops a runaway page filling the disk. */
export const MAX_PROJECT_CHARS = 64 * 1024 * 1024;
/** Exports carry weights; VGG16's are about 550 MB. */
export const MAX_EXPORT_BYTES = 1024 * 1024 * 1024;

/** A file name, not a path: no folders, no NUL, nothing that climbs out. */
export const FileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..', 'must be a file name without folders');

const PathSchema = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'must not contain NUL');

export const OpenKindSchema = z.enum(['project', 'onnx']);

/** Bytes of an export or of a project's weights. */
const ExportBytesSchema = z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_EXPORT_BYTES, 'is too large');

export const SaveProjectRequestSchema = z.strictObject({
  name: FileNameSchema,
  text: z.string().max(MAX_PROJECT_CHARS),
  path: PathSchema.optional(),
  saveAs: z.boolean().optional(),
  weights: ExportBytesSchema.optional(),
});

export const SaveFileRequestSchema = z.strictObject({
  name: FileNameSchema,
  bytes: ExportBytesSchema,
  type: z.string().min(1).max(100),
});

export const DocumentStateSchema = z.strictObject({
  title: z.string().max(300),
  dirty: z.boolean(),
});

export const AutosaveRequestSchema = z.strictObject({
  name: FileNameSchema,
  path: PathSchema.optional(),
  text: z.string().max(MAX_PROJECT_CHARS),
});

/** The autosave file on disk: what AutosaveRequest holds, plus when. */
export const RecoverySchema = AutosaveRequestSchema.extend({ savedAt: z.number().finite() });

export const ImportKindSchema = z.enum(['files', 'folder']);

export const TextEditSchema = z.enum(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);

export const MenuCommandSchema = z.strictObject({ command: z.enum(MENU_COMMANDS), closeAfter: z.boolean().optional() });

/** Each channel's arguments, as a tuple: what ipcRenderer.invoke(channel, ...args) may carry. */
export const BRIDGE_ARGS = {
  [BRIDGE_CHANNELS.version]: z.tuple([]),
  [BRIDGE_CHANNELS.openFile]: z.tuple([z.array(OpenKindSchema).min(1).max(2)]),
  [BRIDGE_CHANNELS.saveProject]: z.tuple([SaveProjectRequestSchema]),
  [BRIDGE_CHANNELS.saveFile]: z.tuple([SaveFileRequestSchema]),
  [BRIDGE_CHANNELS.setDocument]: z.tuple([DocumentStateSchema]),
  [BRIDGE_CHANNELS.autosave]: z.tuple([AutosaveRequestSchema.nullable()]),
  [BRIDGE_CHANNELS.takeRecovery]: z.tuple([]),
  [BRIDGE_CHANNELS.editText]: z.tuple([TextEditSchema]),
  [BRIDGE_CHANNELS.importData]: z.tuple([ImportKindSchema]),
} as const satisfies Record<BridgeChannel, z.ZodTuple>;

export type BridgeArgs<C extends BridgeChannel> = z.infer<(typeof BRIDGE_ARGS)[C]>;
