/** LatestRequest sends one request at a time and always ends on the newest wish. */
import { describe, expect, it } from 'vitest';
import { LatestRequest, type Outcome } from './latest-request';

function setup() {
  const sent: number[] = [];
  const answers: ((v: string) => void)[] = [];
  const reported: [number, Outcome<string>][] = [];
  const r = new LatestRequest<number, string>(
    (k) => {
      sent.push(k);
      return new Promise((resolve) => answers.push(resolve));
    },
    (k, o) => reported.push([k, o]),
  );
  const answer = async (v: string) => {
    answers.shift()!(v);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { r, sent, reported, answer };
}

describe('LatestRequest', () => {
  it('while one request is out, only the newest wish is sent next', async () => {
    const { r, sent, reported, answer } = setup();
    r.want(1);
    r.want(2);
    r.want(3);
    expect(sent).toEqual([1]);
    await answer('a');
    expect(reported.map(([k]) => k)).toEqual([1]);
    expect(sent).toEqual([1, 3]);
    await answer('c');
    expect(reported).toEqual([
      [1, { ok: true, value: 'a' }],
      [3, { ok: true, value: 'c' }],
    ]);
  });

  it('does not send the same wish twice, and reports failures', async () => {
    const sent: number[] = [];
    const reported: Outcome<string>[] = [];
    const r = new LatestRequest<number, string>(
      (k) => (sent.push(k), Promise.reject(new Error('busy'))),
      (_k, o) => reported.push(o),
    );
    r.want(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    r.want(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([1]);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.ok).toBe(false);
  });

  it('reports nothing after close', async () => {
    const { r, reported, answer } = setup();
    r.want(1);
    r.close();
    await answer('a');
    expect(reported).toEqual([]);
  });
});
