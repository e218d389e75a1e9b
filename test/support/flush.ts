/**
 * Lets every pending callback run: microtasks, then one macrotask (so that
 * operations deferred by the event-loop policy of src/channel/pace.ts settle
 * too). Works in Node and in browsers.
 */
export function flush(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}

/** Records how a promise settled, without awaiting it: for "has it settled yet?" checks. */
export function track<T>(p: Promise<T>): { settled: boolean; value?: T; error?: unknown } {
  const t: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  p.then(
    (value) => Object.assign(t, { settled: true, value }),
    (error: unknown) => Object.assign(t, { settled: true, error }),
  );
  return t;
}

/** Step-order recorder, after kotlinx.coroutines' TestBase: `steps.expect(n)` asserts n is next. */
export class Steps {
  private last = 0;
  expect(n: number): void {
    if (n !== this.last + 1) throw new Error(`step ${n} ran after step ${this.last}; expected step ${this.last + 1}`);
    this.last = n;
  }
  finish(n: number): void {
    this.expect(n);
  }
  get count(): number {
    return this.last;
  }
}
