/**
 * Running an exported ONNX file on the Node side, in onnxruntime-node, the
 * way someone taking the model out of Netwright would: XOR's four inputs in,
 * the model's answers out.
 */
import * as ort from 'onnxruntime-node';

/** The four XOR inputs, one row each: (0,0), (0,1), (1,0), (1,1). */
export const XOR_INPUTS = Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]);

/** Loads the model and runs it on the four XOR inputs, through its first input and output. */
export async function runOnXorInputs(bytes: Uint8Array): Promise<{ session: ort.InferenceSession; output: ort.Tensor }> {
  const session = await ort.InferenceSession.create(bytes);
  const results = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', XOR_INPUTS, [4, 2]) });
  return { session, output: results[session.outputNames[0]!]! };
}
