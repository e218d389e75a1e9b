/** tinypool, in its documented form (filename-pool.ts): its defaults. */
import Tinypool from "tinypool";
import { filenamePool } from "./filename-pool.js";

export const tinypool = filenamePool("tinypool", "tinypool", Tinypool as never, "Tinypool.move");
