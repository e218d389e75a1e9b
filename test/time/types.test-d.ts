import { describe, expectTypeOf, it } from "vitest";
import type { RecvChannel } from "gochan";
import { afterFunc, AfterFuncTimer, Ticker, Timer } from "gochan/time";
import { Locked, Mutex, onceValue, onceValues, RWMutex } from "gochan/sync";
import {
  afterFunc as contextAfterFunc,
  background,
  withCancel,
  withCancelCause,
  withTimeoutCause,
  withValue,
  withoutCancel,
  type AfterFuncStop,
  type CancelCauseFunc,
  type CancelFunc,
  type Context,
} from "gochan/context";
import { WaitGroup } from "gochan";

describe("the types of time, sync and context", () => {
  it("T1, T5: a timer's and a ticker's C are receive-only channels of Date", () => {
    expectTypeOf(new Timer(1).C).toEqualTypeOf<RecvChannel<Date>>();
    expectTypeOf(new Ticker(1).C).toEqualTypeOf<RecvChannel<Date>>();
    // @ts-expect-error Go: invalid operation: cannot send to receive-only channel
    void new Timer(1).C.send(new Date());
    expectTypeOf(new Timer(1).stop()).toEqualTypeOf<boolean>();
    expectTypeOf(afterFunc(1, () => {})).toEqualTypeOf<AfterFuncTimer>();
    // Go's t.C is nil for a timer made by AfterFunc: usable as a nil channel's select case.
    expectTypeOf(afterFunc(1, () => {}).C).toEqualTypeOf<null>();
  });

  it("K4-K6: withValue and withoutCancel are Contexts; afterFunc's stop and every cancel are Disposable", () => {
    expectTypeOf(withValue(background(), "k", 1)).toEqualTypeOf<Context>();
    expectTypeOf(withoutCancel(background())).toEqualTypeOf<Context>();
    expectTypeOf(background().value("k")).toEqualTypeOf<unknown>();
    expectTypeOf(contextAfterFunc(background(), () => {})).toEqualTypeOf<AfterFuncStop>();
    expectTypeOf<AfterFuncStop>().toExtend<Disposable>();
    expectTypeOf(withTimeoutCause(background(), 1, "why")[1]).toExtend<Disposable>();
    expectTypeOf(new WaitGroup().deferDone()).toEqualTypeOf<Disposable>();
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
    expectTypeOf(cancel).toEqualTypeOf<CancelFunc & Disposable>();
    expectTypeOf(withCancelCause(background())[1]).toEqualTypeOf<CancelCauseFunc & Disposable>();
    expectTypeOf(ctx.done()).toEqualTypeOf<RecvChannel<never>>();
    expectTypeOf(ctx.err()).toEqualTypeOf<Error | undefined>();
  });
});
