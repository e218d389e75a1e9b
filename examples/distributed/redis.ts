// The example's own redis-server: Debian's (`apt-get install redis-server`),
// on a free loopback port, with no persistence; stopped at the end.
import { spawn } from "node:child_process";
import { connect, createServer } from "node:net";

export async function startRedis(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve, reject) => {
    const s = createServer().on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const failed = new Promise<never>((_, reject) =>
    proc.on("error", () => reject(new Error("this example needs redis-server: apt-get install redis-server (or set REDIS_HOST and REDIS_PORT)"))),
  );
  for (;;) {
    const up = await Promise.race([failed, ping(port)]);
    if (up) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    stop: () => new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill();
    }),
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("error", () => resolve(false));
    s.once("connect", () => s.end("PING\r\n"));
    s.once("data", (d) => resolve(d.toString().startsWith("+PONG")));
  });
}
