/**
 * The entry every pool thread starts from: it loads the handler module the
 * pool names in its first message and serves it (serve.ts).
 */
import { serve } from "./serve.js";

serve();
