export * from "/src/runtime/index.ts";
export { run } from "/pg/run.ts";
