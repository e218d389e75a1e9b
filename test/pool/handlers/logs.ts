// A handler that prints, as seed 001's workers do: its lines must all reach the process's output.
export default function (j: number): number {
  console.log(`worker line ${j}`);
  return j;
}
