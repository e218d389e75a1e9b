/**
 * A throwaway redis-server for a test run (and for the distributed example
 * and bench): on a free loopback port, no persistence, stopped at the end.
 * Debian's package provides it; without it, tests skip with one line saying
 * how to get it, except under CI, where a missing server is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";

export const REDIS_BIN = process.env.GOCHAN_REDIS_SERVER ?? "redis-server";
export const HAVE_REDIS = spawnSync(REDIS_BIN, ["--version"], { stdio: "ignore" }).status === 0;
export const NO_REDIS = "redis-server not found: apt-get install redis-server (the gochan/bullmq tests need it)";

if (!HAVE_REDIS && process.env.CI) throw new Error(NO_REDIS);

/** A free loopback port, as the OS hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  private proc: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  /** Starts a server on a free port (or `port`) and waits until it accepts connections. */
  static async start(port?: number): Promise<RedisServer> {
    const r = new RedisServer(port ?? (await freePort()));
    await r.up();
    return r;
  }

  get connection(): { host: string; port: number } {
    return { host: "127.0.0.1", port: this.port };
  }

  /** (Re)starts the process on the same port. */
  async up(): Promise<void> {
    this.proc = spawn(REDIS_BIN, ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"], { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (await ping(this.port)) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not start on 127.0.0.1:${this.port}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Kills the process (SIGKILL: its data is gone, as after a crash) and waits for it to exit. */
  async down(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (p === undefined || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once("exit", () => resolve());
      p.kill("SIGKILL");
    });
  }

  stop(): Promise<void> {
    return this.down();
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("error", () => resolve(false));
    s.once("connect", () => s.write("PING\r\n"));
    s.once("data", (d) => {
      s.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
  });
}
