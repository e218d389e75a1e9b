/** threads-transfer's handler for tinypool: marks the buffer and moves it back with `Tinypool.move`. */
import Tinypool from "tinypool";
import { mark } from "./work.mjs";

export default (b) => Tinypool.move(mark(b));
