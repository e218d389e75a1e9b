// What `import ... from "gochan"` gives a program in the playground: the
// library, with run() told that there is no process to exit (see run.ts).
export * from "/src/index.ts";
export { run } from "/pg/run.ts";
