/**
 * Take a picture from a file: dropped on the area or chosen with the button.
 * The picture is read in the page (nothing is uploaded) and handed on as
 * RGBA pixels, at most 280 pixels on its longer side.
 */
import { useState, type DragEvent, type ReactNode } from 'react';

export interface Picture {
  readonly rgba: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

const MAX_SIDE = 280;

async function readPicture(file: File): Promise<Picture> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { rgba: ctx.getImageData(0, 0, width, height).data, width, height };
}

export function ImageDrop({ onPicture, children, actions }: { onPicture(p: Picture): void; children?: ReactNode; actions?: ReactNode }) {
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const take = (file: File | undefined) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      setProblem(`${file.name} is not a picture. Choose a PNG or JPEG image.`);
      return;
    }
    readPicture(file).then(
      (p) => {
        setProblem(null);
        onPicture(p);
      },
      () => setProblem(`${file.name} could not be read as a picture.`),
    );
  };
  return (
    <div
      className={`image-drop${over ? ' image-drop--over' : ''}`}
      data-testid="image-drop"
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files[0]);
      }}
    >
      {children}
      <div className="image-drop__actions">
        {actions}
        <label className="button image-drop__choose">
          Use a picture…
          <input type="file" accept="image/*" hidden data-testid="image-file" onChange={(e) => take(e.target.files?.[0])} />
        </label>
      </div>
      {problem && (
        <p className="callout callout--error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
