/**
 * Try the trained model on new input and see its answer: draw a digit (or
 * drop a picture) for image models, type the values for models that read rows
 * of numbers. Class probabilities show as bars; a regression model's answer
 * as a number.
 */
import { useMemo, useState } from 'react';
import type { Tensor, TrainingService } from '../../../shared/ipc/services';
import type { DataKind } from '../training/datasets';
import { ImageThumb } from '../training/ImageThumb';
import { formatLoss } from '../training/series';
import { resample, grayFromRgba, toDigitInput, type Gray } from './digit-input';
import { DrawPad } from './DrawPad';
import { ImageDrop, type Picture } from './ImageDrop';
import { sizeOf } from './model-shapes';
import { toProbabilities } from './probabilities';
import { ProbabilityBars } from './ProbabilityBars';
import { usePrediction } from './use-prediction';
import { ValueInputs } from './ValueInputs';

export interface PlaygroundProps {
  readonly service: TrainingService;
  readonly runId: string;
  readonly datasetName: string;
  readonly kind: DataKind;
  /** One sample as the model takes it. */
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly classes: readonly string[];
  readonly fromLogits: boolean;
  readonly regression: boolean;
  readonly features?: readonly string[];
  /** Starting values for the number boxes: a real sample. */
  readonly example?: ArrayLike<number>;
}

/** A picture's colours at the model's size, 0 to 1, for colour-image models. */
function rgbInput(p: Picture, height: number, width: number): Float32Array {
  const source = document.createElement('canvas');
  source.width = p.width;
  source.height = p.height;
  source.getContext('2d')!.putImageData(new ImageData(p.rgba as Uint8ClampedArray<ArrayBuffer>, p.width, p.height), 0, 0);
  const target = document.createElement('canvas');
  target.width = width;
  target.height = height;
  const ctx = target.getContext('2d')!;
  ctx.drawImage(source, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return Float32Array.from({ length: width * height * 3 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)]! / 255);
}

/** The [height, width, channels] of an image model's input: [28, 28], [28, 28, 1] and [784] are all MNIST-sized. */
function imageSize(shape: readonly number[]): [number, number, number] {
  if (shape.length >= 2) return [shape[0]!, shape[1]!, shape[2] ?? 1];
  const side = Math.round(Math.sqrt(shape[0] ?? 0));
  return [side, side, 1];
}

function Answer({ outputs, props }: { outputs: Float32Array; props: PlaygroundProps }) {
  if (props.regression) {
    return (
      <p className="probabilities__answer" data-testid="prediction">
        The model predicts <strong>{formatLoss(outputs[0])}</strong>
      </p>
    );
  }
  const width = sizeOf(props.outputShape);
  return <ProbabilityBars probabilities={toProbabilities(outputs.subarray(0, width), props.fromLogits)} classes={props.classes} />;
}

function ImagePlayground(props: PlaygroundProps) {
  const [h, w, channels] = imageSize(props.inputShape);
  const [values, setValues] = useState<Float32Array | null>(null);
  const [clearKey, setClearKey] = useState(0);
  const digits = props.datasetName === 'mnist';
  // Digits are fitted and centred as MNIST's were; other pictures are scaled whole.
  const fromGray = (g: Gray) => (digits && h === w ? toDigitInput(g, h, Math.round((h * 20) / 28)) : resample(g, 0, 0, g.width, g.height, w, h));
  const input = useMemo<Tensor | null>(() => (values ? { data: values, shape: [1, ...props.inputShape] } : null), [values, props.inputShape]);
  const { outputs, error } = usePrediction(props.service, props.runId, input);
  return (
    <div className="playground playground--image">
      <div className="playground__input">
        {channels === 1 ? (
          <ImageDrop
            onPicture={(p) => setValues(fromGray(grayFromRgba(p.rgba, p.width, p.height)))}
            actions={
              <button type="button" className="button" data-testid="draw-clear" onClick={() => (setClearKey((k) => k + 1), setValues(null))}>
                Clear
              </button>
            }
          >
            <DrawPad clearKey={clearKey} onDraw={(g) => setValues(g ? fromGray(g) : null)} />
          </ImageDrop>
        ) : (
          <ImageDrop onPicture={(p) => setValues(rgbInput(p, h, w))}>
            <p className="hint">Drop a picture here: it is scaled to {h} × {w} pixels.</p>
          </ImageDrop>
        )}
        {values && (
          <span className="playground__seen">
            <ImageThumb values={values} shape={[h, w, channels]} size={56} label="What the model sees" />
            <span className="hint">
              What the model sees: {h} × {w} pixels{digits ? ', fitted and centred as MNIST’s digits are' : ''}.
            </span>
          </span>
        )}
      </div>
      <div className="playground__output">
        {outputs ? <Answer outputs={outputs} props={props} /> : <p className="hint">{channels === 1 ? (digits ? 'Draw a digit from 0 to 9 in the black square.' : 'Draw in the black square, or drop a picture on it.') : 'Choose a picture to see what the model makes of it.'}</p>}
        {error && (
          <p className="callout callout--error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

function ValuePlayground(props: PlaygroundProps) {
  const count = sizeOf(props.inputShape);
  const names = Array.from({ length: count }, (_, i) => props.features?.[i] ?? `x${i + 1}`);
  const [values, setValues] = useState<number[]>(() => Array.from({ length: count }, (_, i) => Number((props.example?.[i] ?? 0).toPrecision(4))));
  const input = useMemo<Tensor>(() => ({ data: Float32Array.from(values), shape: [1, ...props.inputShape] }), [values, props.inputShape]);
  const { outputs, error } = usePrediction(props.service, props.runId, input);
  return (
    <div className="playground">
      <div className="playground__input">
        <ValueInputs names={names} values={values} onChange={setValues} />
      </div>
      <div className="playground__output">
        {outputs && <Answer outputs={outputs} props={props} />}
        {error && (
          <p className="callout callout--error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

export function Playground(props: PlaygroundProps) {
  if (props.kind === 'sequence') return <p className="hint">This model reads sequences; the playground takes pictures and rows of numbers.</p>;
  if (props.kind === 'image') return <ImagePlayground {...props} />;
  if (sizeOf(props.inputShape) > 32) return <p className="hint">This model takes {sizeOf(props.inputShape)} numbers at once: too many to type.</p>;
  return <ValuePlayground {...props} />;
}
