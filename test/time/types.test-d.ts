import { describe, expectTypeOf, it } from "vitest";
import type { RecvChannel } from "gochan";
import { afterFunc, AfterFuncTimer, Ticker, Timer } from "gochan/time";
import { Locked, Mutex, onceValue, onceValues, RWMutex } from "gochan/sync";
import { background, withCancel, withCancelCause, type CancelCauseFunc, type CancelFunc, type Context } from "gochan/context";

describe("the types of time, sync and context", () => {
  it("T1, T5: a timer's and a ticker's C are receive-only channels of Date", () => {
    expectTypeOf(new Timer(1).C).toEqualTypeOf<RecvChannel<Date>>();
    expectTypeOf(new Ticker(1).C).toEqualTypeOf<RecvChannel<Date>>();
    // @ts-expect-error Go: invalid operation: cannot send to receive-only channel
    void new Timer(1).C.send(new Date());
    expectTypeOf(new Timer(1).stop()).toEqualTypeOf<boolean>();
    expectTypeOf(afterFunc(1, () => {})).toEqualTypeOf<AfterFuncTimer>();
  });

  it("M1, M3: lock() resolves to something `using` can dispose", () => {
    expectTypeOf(new Mutex().lock()).toEqualTypeOf<Promise<Locked>>();
    expectTypeOf(new RWMutex().rLock()).toEqualTypeOf<Promise<Locked>>();
    expectTypeOf<Locked>().toExtend<Disposable>();
  });

  it("M4: onceValue keeps f's type; onceValues a pair", () => {
    expectTypeOf(onceValue(() => 42)).toEqualTypeOf<() => number>();
    expectTypeOf(onceValue(async () => "x")).toEqualTypeOf<() => Promise<string>>();
    expectTypeOf(onceValues((): [number, Error | undefined] => [1, undefined])).toEqualTypeOf<
      () => readonly [number, Error | undefined]
    >();
  });

  it("K1: withCancel returns Go's (ctx, cancel) pair", () => {
    const [ctx, cancel] = withCancel(background());
    expectTypeOf(ctx).toEqualTypeOf<Context>();
    expectTypeOf(cancel).toEqualTypeOf<CancelFunc>();
    expectTypeOf(withCancelCause(background())[1]).toEqualTypeOf<CancelCauseFunc>();
    expectTypeOf(ctx.done()).toEqualTypeOf<RecvChannel<never>>();
    expectTypeOf(ctx.err()).toEqualTypeOf<Error | undefined>();
  });
});
