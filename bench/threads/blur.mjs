/** threads-cpu's handler module: the default export is the handler (gochan, piscina and tinypool all load it so). */
export { blur as default } from "./work.mjs";
