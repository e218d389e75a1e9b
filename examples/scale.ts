// Examples sleep as long as the Go programs they port. Tests set
// GOCHAN_TIME_SCALE (e.g. 0.01) to run them fast; the default, 1, is real time.
const env = typeof process !== "undefined" ? process.env.GOCHAN_TIME_SCALE : undefined;
const scale = env === undefined || env === "" ? 1 : Number(env);

/** `ms` milliseconds, scaled: `ms(1000)` is Go's `time.Second`. */
export const ms = (n: number): number => n * scale;
