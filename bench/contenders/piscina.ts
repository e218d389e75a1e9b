/** piscina, in its documented form (filename-pool.ts): one task at a time per thread, atomics "sync", its defaults. */
import { Piscina } from "piscina";
import { filenamePool } from "./filename-pool.js";

export const piscina = filenamePool("piscina", "piscina", Piscina as never, "Piscina.move");
