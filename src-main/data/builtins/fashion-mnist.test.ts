import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { loadDataset } from '../load';
import { SYSTEM_DIRS } from '../locations';

const DEBIAN = '/usr/share/datasets/fashion-mnist';
const emptyCache = () => mkdtempSync(join(tmpdir(), 'netwright-cache-'));

describe('fashion-mnist', () => {
  // Debian's dataset-fashion-mnist package; the whole set is read once here, as it takes a second or two.
  it("reads Debian's IDX files: 60,000 + 10,000 balanced 28×28 images", async () => {
    expect(existsSync(DEBIAN), `${DEBIAN} is missing: apt-get install -y dataset-fashion-mnist`).toBe(true);
    const d = await loadDataset({ name: 'fashion-mnist' }, { inputShape: [28, 28, 1], paths: { cacheDir: emptyCache(), systemDirs: SYSTEM_DIRS } });
    expect(d.info.source).toBe(DEBIAN);
    expect(d.info.classes).toHaveLength(10);
    expect(d.train.x.shape).toEqual([60000, 28, 28, 1]);
    expect(d.train.y.shape).toEqual([60000]);
    expect(d.test!.x.shape).toEqual([10000, 28, 28, 1]);
    for (const [split, per] of [[d.train, 6000], [d.test!, 1000]] as const) {
      const counts = new Array<number>(10).fill(0);
      for (const c of split.y.data) counts[c]!++;
      expect(counts).toEqual(new Array(10).fill(per));
    }
    // Fashion-MNIST's training pixels have the well-known mean 0.2860 (after scaling to [0, 1]).
    let sum = 0;
    let max = 0;
    for (const v of d.train.x.data) {
      sum += v;
      if (v > max) max = v;
    }
    expect(sum / d.train.x.data.length).toBeCloseTo(0.286, 3);
    expect(max).toBe(1);
  });

  it('says where it looked and how to get it when it is missing', async () => {
    const cacheDir = emptyCache();
    const error = await loadDataset({ name: 'fashion-mnist' }, { paths: { cacheDir, dataDir: '/nonexistent/data', systemDirs: {} } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    const message = (error as Error).message;
    expect(message).toContain('Fashion-MNIST');
    expect(message).toContain('/nonexistent/data/fashion-mnist');
    expect(message).toContain(join(cacheDir, 'datasets', 'fashion-mnist'));
    expect(message).toMatch(/NETWRIGHT_DATA_DIR/);
    expect(message).toMatch(/apt install dataset-fashion-mnist/);
  });
});
