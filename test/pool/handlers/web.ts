// A handler module that runs in a browser's Web Worker as well as on Node.
export default function (job: { n: number; buf?: Uint8Array }): number {
  if (job.n < 0) throw Object.assign(new RangeError("negative job"), { code: "E_NEG" });
  if (job.buf !== undefined) return job.buf.reduce((a, b) => a + b, 0);
  return job.n * 2;
}
