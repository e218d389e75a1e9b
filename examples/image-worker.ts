// Seed 001's processImage with real work, as a handler module for a thread
// pool: `new Pool(new URL("./image-worker.ts", import.meta.url))` runs its
// default export on each thread. The image arrives moved, not copied (the
// submitter wrapped it in `transfer`), and the thumbnail goes back the same
// way.
//
// The work is what an image service does to each upload: grayscale, a blur
// (three box blurs, close to a Gaussian), and a resize to `Size` pixels wide.
// A 640×480 image takes a few milliseconds.
import { transfer } from "gochan/threads";

export interface Job {
  ID: number;
  ImageURL: string;
  Size: number;
  /** The "downloaded" image: RGBA, `width` × `height`. */
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
}

export interface Thumbnail {
  JobID: number;
  ImageURL: string;
  NewSize: number;
  height: number;
  /** Grayscale RGBA, `NewSize` × `height`. */
  pixels: Uint8ClampedArray;
}

/** A generated "download": a gradient with a pattern, so the blur has edges to soften. Cheap next to the processing. */
export function downloadImage(id: number, width = 640, height = 480): Uint8ClampedArray {
  const px = new Uint8ClampedArray(width * height * 4);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 4) {
      const stripe = ((x >> 4) + (y >> 4) + id) & 1 ? 64 : 0;
      px[i] = (x * 255) / width + stripe;
      px[i + 1] = (y * 255) / height;
      px[i + 2] = (id * 37 + stripe) & 255;
      px[i + 3] = 255;
    }
  }
  return px;
}

/** Luma of each pixel (ITU-R BT.601 weights), one byte per pixel. */
export function grayscale(px: Uint8ClampedArray, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height);
  for (let p = 0, i = 0; p < out.length; p++, i += 4) out[p] = 0.299 * px[i]! + 0.587 * px[i + 1]! + 0.114 * px[i + 2]!;
  return out;
}

/** A box blur of radius `r`, horizontal then vertical, with a running sum: O(pixels), whatever `r`. */
export function boxBlur(src: Uint8ClampedArray, width: number, height: number, r: number): Uint8ClampedArray {
  const tmp = new Uint8ClampedArray(src.length);
  const out = new Uint8ClampedArray(src.length);
  const n = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += src[row + clamp(k, width)]!;
    for (let x = 0; x < width; x++) {
      tmp[row + x] = sum / n;
      sum += src[row + clamp(x + r + 1, width)]! - src[row + clamp(x - r, width)]!;
    }
  }
  // Vertically by rows, keeping a running sum per column: the memory is read in order.
  const sums = new Float64Array(width);
  for (let k = -r; k <= r; k++) {
    const row = clamp(k, height) * width;
    for (let x = 0; x < width; x++) sums[x] = sums[x]! + tmp[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const add = clamp(y + r + 1, height) * width;
    const sub = clamp(y - r, height) * width;
    for (let x = 0; x < width; x++) {
      out[row + x] = sums[x]! / n;
      sums[x] = sums[x]! + tmp[add + x]! - tmp[sub + x]!;
    }
  }
  return out;
}

/** Bilinear resize of a one-byte-per-pixel image to `w` × `h`, back to RGBA (gray). */
export function resize(src: Uint8ClampedArray, width: number, height: number, w: number, h: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  const sx = (width - 1) / Math.max(w - 1, 1);
  const sy = (height - 1) / Math.max(h - 1, 1);
  for (let y = 0, i = 0; y < h; y++) {
    const fy = y * sy;
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, height - 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++, i += 4) {
      const fx = x * sx;
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, width - 1);
      const tx = fx - x0;
      const top = src[y0 * width + x0]! * (1 - tx) + src[y0 * width + x1]! * tx;
      const bottom = src[y1 * width + x0]! * (1 - tx) + src[y1 * width + x1]! * tx;
      out[i] = out[i + 1] = out[i + 2] = top * (1 - ty) + bottom * ty;
      out[i + 3] = 255;
    }
  }
  return out;
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** The pixel work alone: grayscale, three box blurs of radius 4, resize to `size` wide. */
export function thumbnail(px: Uint8ClampedArray, width: number, height: number, size: number): { pixels: Uint8ClampedArray; height: number } {
  let g = grayscale(px, width, height);
  for (let pass = 0; pass < 3; pass++) g = boxBlur(g, width, height, 4);
  const h = Math.max(1, Math.round((size * height) / width));
  return { pixels: resize(g, width, height, size, h), height: h };
}

/**
 * processImage, as the seed has it, with real work: the seed's simulated
 * failure (one in ten) comes after the work, as in the seed after its sleep.
 * Its error crosses back to the pool with its message, as in Go.
 */
export function processImage(job: Job): Thumbnail {
  const { pixels, height } = thumbnail(job.pixels, job.width, job.height, job.Size);
  // Simulate potential errors
  if (Math.random() < 0.1) throw new Error(`failed to process image ${job.ID}: simulation error`);
  const out: Thumbnail = { JobID: job.ID, ImageURL: job.ImageURL, NewSize: job.Size, height, pixels };
  return transfer(out, [pixels.buffer]); // moved back, not copied
}

export default processImage;
