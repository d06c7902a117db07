/**
 * The numbered catalogue of graph errors, in the style of xyflow's error001….
 * Every problem the loader or compiler can find has a code here, a title a
 * non-programmer understands, and a default fix. Instances add the specifics
 * (which node, which shapes) in their message.
 */
export const CATALOGUE = {
  // ── The file ─────────────────────────────────────────────────────────────
  NW001: { title: 'Not a Netwright project', fix: 'Open a .nwproj file saved by Netwright, or a JSON file with "format": "netwright".' },
  NW002: { title: 'Project saved by a newer Netwright', fix: 'Update Netwright to open this project.' },
  NW003: { title: 'A field in the project file is missing or has the wrong type', fix: 'Correct the field named in the message.' },
  NW004: { title: 'Two layers share the same id', fix: 'Give every layer its own id.' },
  NW005: { title: 'A connection points at a layer that does not exist', fix: 'Remove the connection or create the missing layer.' },
  NW006: { title: 'Two connections share the same id', fix: 'Give every connection its own id.' },
  NW007: { title: 'The same connection is drawn twice', fix: 'Delete one of the two connections.' },
  // ── Layers and parameters ────────────────────────────────────────────────
  NW010: { title: 'Unknown layer type', fix: 'Replace the layer with one from the palette.' },
  NW011: { title: 'A parameter has a value it cannot take', fix: 'Change the parameter to an allowed value.' },
  NW012: { title: 'Unknown parameter', fix: 'Remove the parameter.' },
  // ── Wiring ───────────────────────────────────────────────────────────────
  NW013: { title: 'The model has no Input layer', fix: 'Add an Input layer from the palette and connect it to the first layer.' },
  NW014: { title: 'The connections form a loop', fix: 'Remove one of the connections in the loop. Data must flow one way, from the Input to the output.' },
  NW015: { title: 'A layer has nothing connected to its input', fix: 'Connect the output of an earlier layer to this layer.' },
  NW016: { title: 'A layer has too many inputs', fix: 'Remove the extra connections, or merge them first with Add or Concatenate.' },
  NW017: { title: 'A layer needs more inputs', fix: 'Connect another layer to it.' },
  NW018: { title: 'Something is connected into an Input layer', fix: 'Remove the connection: an Input layer is where data enters, so nothing flows into it.' },
  NW019: { title: 'A layer does not lead to the output', fix: 'Connect this layer onward, or delete it.' },
  NW027: { title: 'An input slot is wrong or used twice', fix: 'Connect each input slot (in0, in1, …) once.' },
  NW031: { title: 'An Input layer is not connected to anything', fix: 'Connect the Input layer to the first layer of the model, or delete it.' },
  // ── Shapes ───────────────────────────────────────────────────────────────
  NW020: { title: 'The incoming data has the wrong number of dimensions for this layer', fix: 'Add a Flatten or Reshape layer before it, or use a layer made for this shape.' },
  NW021: { title: 'The inputs of a merge layer have different shapes', fix: 'Make the branches produce the same shape, for example with a Dense or Conv layer of matching size.' },
  NW022: { title: 'The window is larger than the data', fix: 'Use a smaller kernel or pool size, use "same" padding, or remove a downsampling layer earlier.' },
  NW023: { title: 'A recurrent layer needs a sequence', fix: 'Feed it data shaped (timesteps, features): add a Reshape or Embedding before it, or set return_sequences on the recurrent layer before it.' },
  NW024: { title: 'Reshape cannot keep the number of values', fix: 'Pick a target shape whose sizes multiply to the same number of values as its input.' },
  NW025: { title: 'An axis or permutation is not valid for this shape', fix: 'Use axes that exist in the incoming data.' },
  NW026: { title: 'Channels do not divide into groups', fix: 'Choose a number of groups that divides the channels exactly.' },
  NW028: { title: 'A dimension shrinks to nothing', fix: 'Use smaller strides, kernels or pools, "same" padding, or a larger input.' },
  NW029: { title: 'This layer needs whole-number inputs', fix: 'Connect an Input layer that carries token ids directly to the Embedding.' },
  NW030: { title: 'This wrapper cannot wrap that layer', fix: 'Choose a layer type the wrapper accepts.' },
  // ── Imported ONNX operations ─────────────────────────────────────────────
  NW032: { title: 'This ONNX operation cannot run in Netwright yet', fix: 'It can still be edited and exported to ONNX. To train or run the model here, replace it with Netwright layers that compute the same thing.' },
  NW033: { title: 'The output shape of an ONNX operation is unknown', fix: 'Set the node\'s output_shape to the shape the operation gives (without the batch), or run ONNX shape inference on the model before importing it.' },
} as const satisfies Record<string, { title: string; fix: string }>;

export type ErrorCode = keyof typeof CATALOGUE;

export type Severity = 'error' | 'warning';

/** One problem in a graph, pinned to what the user must fix. */
export interface GraphError {
  readonly code: ErrorCode;
  readonly severity: Severity;
  /** A sentence a non-programmer understands, with the specifics. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  readonly node?: string;
  readonly edge?: string;
  readonly param?: string;
  /** A JSON path inside the project file, for file-level problems. */
  readonly path?: string;
}

export function graphError(code: ErrorCode, message: string, where: Omit<GraphError, 'code' | 'message' | 'fix' | 'severity'> & { fix?: string; severity?: Severity } = {}): GraphError {
  const { fix, severity, ...rest } = where;
  return { code, severity: severity ?? 'error', message, fix: fix ?? CATALOGUE[code].fix, ...rest };
}
