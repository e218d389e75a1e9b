/**
 * threads-transfer's handler for gochan: marks the buffer it was moved and
 * moves it back with `transfer` from gochan/threads (the built package the
 * harness measures: GOCHAN_DIST, which a thread inherits with the environment).
 */
import { mark } from "./work.mjs";

const dist = process.env["GOCHAN_DIST"] ?? new URL("../../dist/", import.meta.url).href;
const { transfer } = await import(new URL("threads/index.js", dist.endsWith("/") ? dist : `${dist}/`).href);

export default function bytes(b) {
  mark(b);
  return transfer(b, [b.buffer]);
}
