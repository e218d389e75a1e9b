// The part of js-csp's API the benchmarks use; the package ships no types.
declare module "js-csp" {
  /** A js-csp channel. */
  export interface Channel {
    close(): void;
  }
  /** What a process yields to the scheduler (put, take, alts). */
  export interface Instruction {
    readonly __jsCspInstruction: never;
  }
  export interface Alts {
    readonly value: unknown;
    readonly channel: Channel;
  }
  export interface Csp {
    /** `null`: what a take from a closed, drained channel yields. */
    readonly CLOSED: null;
    chan(bufferOrSize?: number): Channel;
    go<A extends unknown[]>(gen: (...args: A) => Generator<Instruction, unknown, any>, args?: A): Channel;
    put(ch: Channel, value: unknown): Instruction;
    take(ch: Channel): Instruction;
    alts(chans: readonly Channel[]): Instruction;
    putAsync(ch: Channel, value: unknown, cb?: (ok: boolean) => void): void;
    takeAsync(ch: Channel, cb: (value: unknown) => void): void;
  }
  const csp: Csp;
  export default csp;
}
