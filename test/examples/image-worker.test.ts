/**
 * examples/image-worker.ts: the pixel work of seed 001's threads port is real
 * (checked against what each step must do), and the images cross to the
 * threads and back moved, not copied.
 */
import { describe, expect, it } from "vitest";
import { Pool } from "gochan";
import { transfer } from "gochan/threads";
import { boxBlur, downloadImage, grayscale, resize, thumbnail, type Job, type Thumbnail } from "../../examples/image-worker.js";

describe("examples/image-worker.ts", () => {
  it("grayscale weighs red, green and blue as BT.601 does", () => {
    const px = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 200, 200, 200, 255]);
    expect([...grayscale(px, 4, 1)]).toEqual([76, 150, 29, 200]);
  });

  it("a box blur keeps a flat image flat and spreads a single bright pixel evenly", () => {
    expect(boxBlur(new Uint8ClampedArray(25).fill(90), 5, 5, 1).every((v) => v === 90)).toBe(true);
    const dot = new Uint8ClampedArray(25);
    dot[12] = 225; // the centre of 5×5
    const out = boxBlur(dot, 5, 5, 1);
    expect(out[12]).toBe(25);
    expect(out[6]).toBe(25); // a diagonal neighbour
    expect(out[0]).toBe(0);
  });

  it("resize keeps the corners and returns opaque gray RGBA", () => {
    const g = new Uint8ClampedArray([0, 100, 200, 250]); // 2×2
    const out = resize(g, 2, 2, 3, 3);
    expect(out.length).toBe(3 * 3 * 4);
    expect([out[0], out[8], out[24], out[32]]).toEqual([0, 100, 200, 250]);
    expect(out[3]).toBe(255);
    expect(out[1]).toBe(out[0]);
  });

  it("a thumbnail is Size px wide with the source's aspect ratio", () => {
    const t = thumbnail(downloadImage(1), 640, 480, 300);
    expect(t.height).toBe(225);
    expect(t.pixels.length).toBe(300 * 225 * 4);
  });

  it("on threads, each image is moved to its thread (the sender's buffer is detached) and its thumbnail moved back", async () => {
    const pool = new Pool<Job, Thumbnail>(new URL("../../examples/image-worker.ts", import.meta.url), { workers: 2, buffer: 4 });
    const sent: Uint8ClampedArray[] = [];
    for (let j = 1; j <= 4; j++) {
      const pixels = downloadImage(j, 64, 48);
      sent.push(pixels);
      await pool.submit(transfer({ ID: j, ImageURL: `u${j}`, Size: 32, width: 64, height: 48, pixels }, [pixels.buffer]));
    }
    pool.close();
    let reported = 0;
    for await (const r of pool.results) {
      reported++;
      if (r.status === "done") {
        expect(r.value.pixels).toBeInstanceOf(Uint8ClampedArray);
        expect(r.value.pixels.length).toBe(32 * 24 * 4);
        expect(r.value.JobID).toBe(r.job.ID);
        expect(r.worker === 1 || r.worker === 2).toBe(true);
      } else {
        expect(r.status).toBe("failed");
        expect((r.error as Error).message).toBe(`failed to process image ${r.job.ID}: simulation error`);
      }
    }
    expect(reported).toBe(4);
    await pool.settled();
    // Moved when each job went to its thread (not at submit: a queued job still holds its buffer).
    expect(sent.every((p) => p.byteLength === 0)).toBe(true);
  }, 30_000);
});
