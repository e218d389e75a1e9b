// A handler module for the thread pool tests: seed 000's `j * 2`.
export default function double(j: number): number {
  return j * 2;
}
