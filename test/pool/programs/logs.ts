// What handlers on threads print reaches stdout, all of it, before the program ends.
import { Pool } from "gochan";

const pool = new Pool<number, number>(new URL("../handlers/logs.ts", import.meta.url), { workers: 2, buffer: 20 });
for (let j = 0; j < 20; j++) await pool.submit(j);
pool.close();
let n = 0;
for await (const _ of pool.results) n++;
await pool.settled();
console.log(`results ${n}`);
