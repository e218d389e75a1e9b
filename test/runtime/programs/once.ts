// f calls once.do on its own Once and waits for it: the recursive call can never run.
import { Once, run } from "gochan";

run(async () => {
  const once = new Once();
  await once.do(async () => {
    await once.do(() => {});
  });
});
