// A worker file of the bundler pattern: the app starts it with
// `new Worker(new URL("./served.ts", import.meta.url), { type: "module" })`
// and it serves its own handler.
import { serve } from "../../../src/threads/index.js";

serve((j: number) => j + 1000);
