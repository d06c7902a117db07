/**
 * One request at a time, newest wins: for asking the model about a drawing
 * while it is still being drawn, or about the boundary grid after every epoch.
 * While a request is out, newer wishes replace one another; when it returns,
 * its answer is reported (an answer a little out of date is still worth
 * showing) and the newest wish, if any, is sent.
 */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export class LatestRequest<K, T> {
  private busy = false;
  private wanted: K | null = null;
  private sent: K | null = null;
  private closed = false;

  constructor(
    private readonly send: (key: K) => Promise<T>,
    private readonly report: (key: K, outcome: Outcome<T>) => void,
  ) {}

  /** Asks for `key` (null: nothing is wanted now). Asking again for the key last sent does nothing. */
  want(key: K | null): void {
    this.wanted = key;
    void this.pump();
  }

  /** Reports nothing more (the component is gone). */
  close(): void {
    this.closed = true;
  }

  private async pump(): Promise<void> {
    const key = this.wanted;
    if (this.busy || this.closed || key === null || key === this.sent) return;
    this.busy = true;
    this.sent = key;
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await this.send(key) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    this.busy = false;
    if (this.closed) return;
    this.report(key, outcome);
    void this.pump();
  }
}
