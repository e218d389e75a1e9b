/**
 * The pool's queue side: the jobs channel (two intakes: plain jobs, and
 * submits with a priority), the priority queue that is its buffer, and the
 * hand-off of queued jobs to idle workers parked on `work`.
 *
 * Invariants:
 * - a worker waits on `work` only while the queue is empty, so a queued job
 *   never waits beside an idle worker (`pump` runs after every change);
 * - parked senders move into the queue in priority order as it makes room;
 * - `work` closes once the inputs are closed and the queue is empty: idle
 *   workers leave, busy ones after their job.
 */
import { Channel, IS_CLOSED, PARK_RECV, Receiver, pending, taken } from "../channel/internal.js";
import { Intake, NONE } from "./intake.js";
import { JobQueue, type Queued } from "./queue.js";
import { captureContext, type AsyncContext } from "./asynccontext.js";
import { STOP, type Work } from "./executor.js";

/** What the dispatch tells the pool. */
export interface DispatchEvents {
  /** A job was accepted into the queue. */
  accepted(): void;
  /** The inputs closed: no job will come any more. Called once. */
  closed(): void;
}

/** A executor that does not park on `work` and must be told when something changed. */
export interface Waker {
  wake(): void;
}

export class Dispatch<J> {
  readonly queue = new JobQueue<J>();
  /** `jobs`: plain jobs, priority 0. */
  readonly input: Intake<J>;
  /** `submit` with options: jobs with their priority. */
  readonly prioritized: Intake<Queued<J>>;
  /** Unbuffered: a send here hands a job (or STOP) to an idle worker. */
  readonly work = new Channel<Work<J>>();
  /** Workers asked to leave (the pool shrank) that have not yet been told. */
  stopping = 0;
  /** Told of every change, if the executor needs it (threads); null for workers parked on `work`. */
  waker: Waker | null = null;
  private seq = 0;
  private inputsDone = false;

  /**
   * @param capture whether each job keeps the async context it was sent in,
   *   for its handler (asynccontext.ts): not for threads, where none
   *   crosses, nor for map(), whose one producer shares the workers' context.
   */
  constructor(
    private readonly buffer: number,
    private readonly on: DispatchEvents,
    private readonly capture: boolean,
  ) {
    const closing = () => this.inputsClosed();
    this.input = new Intake<J>(this.queue, buffer, (job) => this.accept(job, 0), closing, capture);
    this.prioritized = new Intake<Queued<J>>(this.queue, buffer, (q) => this.accept(q.job, q.priority), closing, capture);
  }

  /** The next job or STOP, without waiting; undefined if nothing is queued. */
  take(): Work<J> | undefined {
    if (this.stopping > 0) {
      this.stopping--;
      return STOP;
    }
    const q = this.queue.pop();
    if (q === undefined) return undefined;
    this.pump(); // room for a parked sender
    this.closeWorkIfDone();
    return q;
  }

  /** Waits for a job or STOP; undefined once `work` closes. Nobody parks a send on work, so the waiter resolves to the bare job: no tuple, no abort wiring. */
  idle(): Promise<Work<J> | undefined> {
    const p = pending<Work<J> | undefined>();
    this.work[PARK_RECV](new Idle(taken()));
    return p;
  }

  /** Asks `n` workers to leave. */
  stop(n: number): void {
    this.stopping += n;
    this.pump();
  }

  /** The pool's cancel: closes the inputs and `work`, and returns the jobs still queued. */
  cancel(): Array<Queued<J>> {
    if (!this.input[IS_CLOSED]) this.input.close(); // closes prioritized too
    const queued = this.queue.drain();
    this.stopping = 0;
    if (!this.work[IS_CLOSED]) this.work.close();
    this.waker?.wake();
    return queued;
  }

  /** An intake's send, the queue having room: queues the job, and hands it on if a worker is idle. It runs in the sender's call, so the job keeps the sender's async context. */
  private accept(job: J, priority: number): void {
    this.enqueue(job, priority, this.capture ? captureContext() : undefined);
    this.pump();
  }

  private enqueue(job: J, priority: number, ctx: AsyncContext | undefined): void {
    this.queue.push({ job, priority, seq: this.seq++, ctx });
    this.on.accepted();
  }

  /** Moves what can move now: STOPs and queued jobs to idle workers, parked senders into the queue while it has room. */
  private pump(): void {
    if (this.work[IS_CLOSED]) return; // cancelled, or nothing more to do
    for (;;) {
      if (this.stopping > 0) {
        if (!this.work.trySend(STOP)) break;
        this.stopping--;
        continue;
      }
      const next = this.queue.peek();
      if (next !== undefined && this.work.trySend(next)) {
        this.queue.pop();
        continue;
      }
      if (this.queue.size >= this.buffer || !this.pull()) break;
    }
    this.waker?.wake();
  }

  /** Takes one parked sender's job into the queue: a prioritized one first if it outranks plain jobs. False if none is parked. */
  private pull(): boolean {
    const head = this.prioritized.firstParked();
    if (head !== undefined && head.priority > 0) return this.pullFrom(this.prioritized);
    return this.pullFrom(this.input) || this.pullFrom(this.prioritized);
  }

  private pullFrom(ch: Intake<J> | Intake<Queued<J>>): boolean {
    const ctx = ch.parkedContext(); // captured as it parked: this runs in whoever made room
    const v = ch.takeParked();
    if (v === NONE) return false;
    if (ch === this.input) this.enqueue(v as J, 0, ctx);
    else this.enqueue((v as Queued<J>).job, (v as Queued<J>).priority, ctx);
    return true;
  }

  /** The jobs channel was closed (or the pool cancelled): no more jobs will come. */
  private inputsClosed(): void {
    for (const ch of [this.input, this.prioritized]) if (!ch[IS_CLOSED]) ch.close();
    if (this.input[IS_CLOSED] && this.prioritized[IS_CLOSED] && !this.inputsDone) {
      this.inputsDone = true;
      this.on.closed();
    }
    this.closeWorkIfDone();
  }

  private closeWorkIfDone(): void {
    if (this.input[IS_CLOSED] && this.queue.size === 0 && !this.work[IS_CLOSED]) {
      this.work.close();
      this.waker?.wake();
    }
  }
}

/** A worker parked on `work`: gets the next job, or undefined once `work` is closed. */
class Idle<J> extends Receiver<Work<J>> {
  constructor(private readonly resolve: (item: Work<J> | undefined) => void) {
    super();
  }
  deliver(item: Work<J> | undefined, ok: boolean): void {
    this.resolve(ok ? item : undefined);
  }
}
