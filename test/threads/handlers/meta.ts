// A handler module for the prebuild test: what it sees of itself and its imports.
import pLimit from "p-limit";
import { transfer } from "gochan/threads";

export default function meta(): { url: string; pLimit: string; transfer: string; stack: string } {
  return { url: import.meta.url, pLimit: typeof pLimit, transfer: typeof transfer, stack: new Error("here").stack ?? "" };
}
