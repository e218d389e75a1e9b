/**
 * The jobs of the thread-pool workloads, as plain functions: every pool
 * (gochan's, the peers', the worker_threads floor) and the one-thread row
 * run these same functions, so the rows differ only in how jobs travel.
 * Plain JavaScript, so a thread loads it without any TypeScript loader.
 */

/** threads-tiny: seed 000's job. */
export const double = (j) => j * 2;

/** threads-cpu: the image's side (pixels), and the blur passes over it. */
export const SIDE = 256;
export const PASSES = 8;

/**
 * threads-cpu: a few ms of real work. Generates a SIDE x SIDE grey image
 * from the seed (xorshift32), blurs it PASSES times with a 3x3 box kernel,
 * and returns an FNV-1a hash of the result (an unsigned 32-bit integer).
 */
export function blur(seed) {
  const n = SIDE * SIDE;
  let a = new Uint8Array(n);
  let b = new Uint8Array(n);
  let x = (seed * 2654435761 + 1) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    a[i] = x & 255;
  }
  for (let p = 0; p < PASSES; p++) {
    for (let y = 0; y < SIDE; y++) {
      const up = (y === 0 ? 0 : y - 1) * SIDE;
      const mid = y * SIDE;
      const down = (y === SIDE - 1 ? y : y + 1) * SIDE;
      for (let c = 0; c < SIDE; c++) {
        const l = c === 0 ? 0 : c - 1;
        const r = c === SIDE - 1 ? c : c + 1;
        const s = a[up + l] + a[up + c] + a[up + r] + a[mid + l] + a[mid + c] + a[mid + r] + a[down + l] + a[down + c] + a[down + r];
        b[mid + c] = (s * 7282) >>> 16; // s / 9, rounded down, for s <= 2295
      }
    }
    const t = a;
    a = b;
    b = t;
  }
  let h = 2166136261;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ a[i], 16777619);
  return h >>> 0;
}

/** threads-transfer: bytes per buffer, each way. */
export const BYTES = 1 << 20;

/** threads-transfer: a job's buffer, made on the calling thread: its index in bytes 0-2. */
export function makeBuffer(j) {
  const b = new Uint8Array(BYTES);
  b[0] = j & 255;
  b[1] = (j >>> 8) & 255;
  b[2] = (j >>> 16) & 255;
  return b;
}

/** threads-transfer: what the handler does to a buffer before it goes back: marks it. */
export function mark(b) {
  b[3] = 1;
  b[BYTES - 1] = b[0] ^ b[1] ^ b[2];
  return b;
}

/** The index a marked buffer came from, or -1 if it was not marked as `mark` does. */
export function markedIndex(b) {
  if (b.byteLength !== BYTES || b[3] !== 1 || b[BYTES - 1] !== (b[0] ^ b[1] ^ b[2])) return -1;
  return b[0] | (b[1] << 8) | (b[2] << 16);
}
