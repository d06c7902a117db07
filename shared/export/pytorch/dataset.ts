/**
 * data.py: the project's dataset for the exported training scripts (PyTorch
 * and Keras alike; it needs only numpy). Netwright's small built-ins are
 * generated again the same way (with numpy's random numbers, so the points
 * differ but the distribution is the same); MNIST and Fashion-MNIST are read
 * from their IDX files, downloaded when no copy is found; anything else is
 * read from a file given with --data: an .npz, a folder of .npy files or a CSV.
 */
import type { Project } from '../../graph/schema';
import { pyLiteral } from './python';

const num = (options: Record<string, unknown>, key: string, fallback: number) => (typeof options[key] === 'number' ? (options[key] as number) : fallback);

const GATES: Record<string, number[]> = { and: [0, 0, 0, 1], or: [0, 1, 1, 1], nand: [1, 1, 1, 0], xor: [0, 1, 1, 0] };

const IDX_SETS: Record<string, { mirrors: string[]; folders: string[] }> = {
  mnist: { mirrors: ['https://storage.googleapis.com/cvdf-datasets/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/'], folders: [] },
  'fashion-mnist': { mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'], folders: ['/usr/share/datasets/fashion-mnist'] },
};

function builtin(name: string, options: Record<string, unknown>, seed: number): { code: string; summary: string } | undefined {
  const rng = `rng = np.random.default_rng(${seed})`;
  if (name in GATES) {
    return {
      summary: `the ${name.toUpperCase()} truth table`,
      code: `def builtin():
    """The ${name.toUpperCase()} truth table: inputs (a, b), output 0 or 1."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array(${pyLiteral(GATES[name]!.map((v) => [v]))}, dtype=np.float32)
    return {"train": (x, y)}
`,
    };
  }
  if (name === 'sine') {
    const samples = num(options, 'samples', 1000);
    const noise = num(options, 'noise', 0.1);
    return {
      summary: 'points on a noisy sine wave',
      code: `def builtin():
    """y = sin(x) + Gaussian noise (standard deviation ${noise}), x uniform in [${num(options, 'xMin', -Math.PI)}, ${num(options, 'xMax', Math.PI)}]."""
    ${rng}
    x = rng.uniform(${num(options, 'xMin', -Math.PI)}, ${num(options, 'xMax', Math.PI)}, size=(${samples}, 1)).astype(np.float32)
    y = (np.sin(x) + ${noise} * rng.standard_normal(x.shape)).astype(np.float32)
    return {"train": (x, y)}
`,
    };
  }
  const samples = num(options, 'samples', 400);
  const pointSets: Record<string, { classes: number; noise: number; body: string; about: string }> = {
    spirals: {
      classes: num(options, 'classes', 2), noise: num(options, 'noise', 0.05), about: 'interleaved spiral arms',
      body: `        r = i / (n - 1) if n > 1 else 0.5
        t = ${num(options, 'turns', 1)} * 2 * np.pi * r + k * 2 * np.pi / classes
        return r * np.cos(t), r * np.sin(t)`,
    },
    circles: {
      classes: 2, noise: num(options, 'noise', 0.05), about: 'a small circle inside a larger one',
      body: `        r, t = (1.0 if k == 0 else ${num(options, 'factor', 0.5)}), 2 * np.pi * rng.random()
        return r * np.cos(t), r * np.sin(t)`,
    },
    moons: {
      classes: 2, noise: num(options, 'noise', 0.1), about: 'two interlocking half-moons',
      body: `        t = np.pi * rng.random()
        return (np.cos(t), np.sin(t)) if k == 0 else (1 - np.cos(t), 0.5 - np.sin(t))`,
    },
    blobs: {
      classes: num(options, 'classes', 3), noise: num(options, 'noise', 1), about: 'round clusters, one per class',
      body: `        a = 2 * np.pi * k / classes
        return ${num(options, 'radius', 5)} * np.cos(a), ${num(options, 'radius', 5)} * np.sin(a)`,
    },
  };
  const set = pointSets[name];
  if (set) {
    return {
      summary: `${set.about} (${name})`,
      code: `def builtin():
    """${set.about[0]!.toUpperCase()}${set.about.slice(1)}: ${samples} points in ${set.classes} classes, with Gaussian noise ${set.noise}."""
    ${rng}
    classes, samples = ${set.classes}, ${samples}

    def point(i, n, k):
${set.body}

    xs, ys = [], []
    for k in range(classes):
        n = samples // classes + (1 if k < samples % classes else 0)
        for i in range(n):
            a, b = point(i, n, k)
            xs.append((a + ${set.noise} * rng.standard_normal(), b + ${set.noise} * rng.standard_normal()))
            ys.append(k)
    order = rng.permutation(samples)
    return {"train": (np.array(xs, dtype=np.float32)[order], np.array(ys, dtype=np.int64)[order])}
`,
    };
  }
  if (name === 'reverse-words') {
    const timesteps = num(options, 'timesteps', 8);
    const wordSamples = num(options, 'samples', 2000);
    return {
      summary: 'random words and the same words reversed, one-hot',
      code: `def builtin():
    """Words of ${num(options, 'minLength', 1)} to ${num(options, 'maxLength', timesteps - 1)} random letters, one-hot over 28 tokens (0 padding, 1-26 a-z,
    27 the end mark), and the same words reversed: both shaped (samples, ${timesteps}, 28)."""
    ${rng}
    timesteps, vocabulary, end = ${timesteps}, 28, 27
    x = np.zeros((${wordSamples}, timesteps, vocabulary), dtype=np.float32)
    y = np.zeros_like(x)
    for s in range(${wordSamples}):
        word = rng.integers(1, 27, size=rng.integers(${num(options, 'minLength', 1)}, ${num(options, 'maxLength', timesteps - 1)} + 1))
        for target, ids in ((x, word), (y, word[::-1])):
            tokens = list(ids) + [end] + [0] * (timesteps - len(ids) - 1)
            target[s, np.arange(timesteps), tokens] = 1
    return {"train": (x, y)}
`,
    };
  }
  const idx = IDX_SETS[name];
  if (idx) {
    const pad = num(options, 'pad', 0);
    return {
      summary: name === 'mnist' ? 'MNIST handwritten digits' : 'Fashion-MNIST clothing photos',
      code: `IDX_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
MIRRORS = ${pyLiteral(idx.mirrors)}
FOLDERS = [Path("data") / ${pyLiteral(name)}, Path.home() / ".netwright" / "datasets" / ${pyLiteral(name)}, *map(Path, ${pyLiteral(idx.folders)})]


def read_idx(path):
    """An IDX file (gzipped or not): a magic number giving the rank, the sizes, then unsigned bytes."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    rank = data[3]
    shape = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def find_idx(stem):
    for folder in FOLDERS:
        for name in (stem + ".gz", stem):
            if (folder / name).exists():
                return folder / name
    folder = FOLDERS[0]
    folder.mkdir(parents=True, exist_ok=True)
    for mirror in MIRRORS:
        try:
            print(f"Downloading {mirror}{stem}.gz")
            urllib.request.urlretrieve(f"{mirror}{stem}.gz", folder / (stem + ".gz"))
            return folder / (stem + ".gz")
        except OSError as e:
            print(f"  failed: {e}")
    raise FileNotFoundError(f"{stem}: not found in {', '.join(map(str, FOLDERS))} and no mirror answered; download it there")


def builtin():
    """${name === 'mnist' ? 'MNIST' : 'Fashion-MNIST'}: 28x28 greyscale images scaled to [0, 1]${pad ? `, padded with ${pad} zero pixels on every side` : ''}, and class ids 0-9."""
    splits = {}
    for split, (images, labels) in IDX_FILES.items():
        x = read_idx(find_idx(images)).astype(np.float32) / 255${pad ? `\n        x = np.pad(x, ((0, 0), (${pad}, ${pad}), (${pad}, ${pad})))` : ''}
        splits[split] = (x, read_idx(find_idx(labels)).astype(np.int64))
    return splits
`,
    };
  }
  return undefined;
}

const LOAD_FILE = `def load_file(path):
    """Your own data: an .npz with arrays x and y (and x_test, y_test), a folder with
    x.npy and y.npy (and x_test.npy, y_test.npy), or a CSV file with a header whose last column
    is the target."""
    path = Path(path)
    if path.suffix == ".csv":
        table = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float32)
        table = table.reshape(len(table), -1)
        return {"train": (table[:, :-1], table[:, -1:])}
    if path.is_dir():
        arrays = {p.stem: np.load(p) for p in path.glob("*.npy")}
    else:
        with np.load(path) as f:
            arrays = dict(f)
    splits = {"train": (arrays["x"], arrays["y"])}
    if "x_test" in arrays:
        splits["test"] = (arrays["x_test"], arrays["y_test"])
    return splits
`;

export function dataScript(project: Project): string {
  const ref = project.dataset;
  const seed = project.training?.seed ?? 0;
  const made = ref && ref.name !== 'file' ? builtin(ref.name, ref.options ?? {}, seed) : undefined;
  const what = made ? made.summary : ref?.path ? `the file ${ref.path}` : ref ? `the dataset "${ref.name}"` : 'no dataset';
  const fallback = made
    ? '    return builtin()'
    : ref?.path
      ? `    return load_file(${pyLiteral(ref.path)})`
      : `    raise SystemExit(${pyLiteral(`${ref ? `Netwright's dataset "${ref.name}" is not built into this script` : 'The project names no dataset'}: pass your data with --data (an .npz, a folder of .npy files, or a CSV).`)})`;
  const imports = ['import gzip', 'import struct', 'import urllib.request', 'from pathlib import Path', '', 'import numpy as np'];
  return [
    `"""The data of the Netwright project "${project.name}": ${what}.`,
    '',
    'load_dataset() returns {"train": (x, y)} and, where the dataset has one, "test": numpy arrays with',
    "samples along the first axis, images channels-last as Netwright and Keras keep them. With a",
    'path it reads your own data instead (see load_file).',
    '"""',
    ...imports,
    '',
    '',
    ...(made ? [made.code, ''] : []),
    LOAD_FILE,
    '',
    'def load_dataset(path=None):',
    '    if path:',
    '        return load_file(path)',
    fallback,
    '',
  ].join('\n').replace(/\n{4,}/g, '\n\n\n');
}
