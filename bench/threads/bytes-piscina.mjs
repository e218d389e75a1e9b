/** threads-transfer's handler for piscina: marks the buffer and moves it back with `Piscina.move`. */
import { move } from "piscina";
import { mark } from "./work.mjs";

export default (b) => move(mark(b));
