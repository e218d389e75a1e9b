// The bundler pattern's worker file, as plain JavaScript for Node's worker_threads.
import { serve } from "../../../dist/threads/index.js";

serve((j) => j + 1000);
