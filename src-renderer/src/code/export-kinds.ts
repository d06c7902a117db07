/** The model exports on offer, in the order the Code view shows them (exports.ts builds them). */
export type ExportKind = 'onnx' | 'pytorch' | 'keras' | 'weights';

export const EXPORT_KINDS: readonly { readonly kind: ExportKind; readonly label: string; readonly detail: string }[] = [
  { kind: 'onnx', label: 'ONNX', detail: 'model.onnx with its weights, for onnxruntime, Netron and other tools' },
  { kind: 'pytorch', label: 'PyTorch', detail: 'a zip of model.py, weights.safetensors, train.py and data.py' },
  { kind: 'keras', label: 'Keras', detail: 'a zip of model.py, the weights as .npy files, train.py and data.py' },
  { kind: 'weights', label: 'Weights', detail: 'the weights alone, as safetensors' },
];
