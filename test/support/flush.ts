/**
 * Lets every pending callback run: microtasks, then one macrotask (so that
 * operations deferred by the event-loop policy of src/channel/pace.ts settle
 * too). Works in Node and in browsers.
 */
export function flush(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === "function") return void setImmediate(resolve);
    // Browsers: a MessageChannel message, which fake timers do not touch and
    // which is not clamped to 4 ms like a nested setTimeout(0).
    const { port1, port2 } = new MessageChannel() as unknown as {
      port1: { onmessage: (() => void) | null; close(): void };
      port2: { postMessage(m: null): void };
    };
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
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
