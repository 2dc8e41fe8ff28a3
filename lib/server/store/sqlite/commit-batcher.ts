interface Pending<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

export interface CommitBatcherOptions {
  /**
   * Group commit under load: after a commit, the next waits until this long has passed,
   * gathering what arrives meanwhile into one transaction (one fsync).
   */
  minIntervalMs?: number;
  /**
   * The wait applies only while committing every call on its own would keep the event loop
   * busy for more than this share of the time (arrival rate × measured commit time). Below it,
   * each call commits at the end of its event-loop turn: holding a message back for a batch
   * that would hold only that message costs latency and saves nothing.
   */
  holdAboveShare?: number;
  /**
   * Called after each commit (or rollback) with the process CPU time it took, fsync included,
   * in µs: the loop is blocked in the commit, and the process's other threads nearly idle.
   */
  onCommit?: (cpuMicros: number) => void;
  now?: () => number;
}

/** The arrival rate is a moving estimate over about this long (exponential decay). */
const RATE_WINDOW_MS = 1_000;
/** Weight of the newest commit in the moving estimate of a commit's duration. */
const COMMIT_COST_WEIGHT = 0.2;

/**
 * Groups calls into one `commit` (one transaction, so one fsync): every call of the same
 * event-loop turn, and under load every call within `minIntervalMs` of the previous commit.
 * Each caller's promise settles only after its commit, so an ack that waits for it still means
 * "stored". Outputs keep the callers' order: ids are assigned in arrival order.
 */
export function createCommitBatcher<Input, Output>(
  commit: (inputs: readonly Input[]) => readonly Output[],
  {
    minIntervalMs = 0,
    holdAboveShare = 0.1,
    onCommit,
    now = () => performance.now(),
  }: CommitBatcherOptions = {},
): (input: Input) => Promise<Output> {
  let queue: Pending<Input, Output>[] = [];
  let lastCommitAt = -Infinity;
  // Calls per ms, decaying with RATE_WINDOW_MS; and a commit's duration in ms.
  let arrivalRate = 0;
  let lastArrivalAt = now();
  let commitMs = 0;

  const flush = () => {
    const batch = queue;
    queue = [];
    const startedAt = now();
    const cpuAtStart = onCommit === undefined ? undefined : process.cpuUsage();
    lastCommitAt = startedAt;
    let outputs: readonly Output[];
    try {
      outputs = commit(batch.map((pending) => pending.input));
    } catch (error) {
      // The transaction rolled back: none of the batch is stored, and every caller hears so.
      for (const pending of batch) pending.reject(error);
      return;
    } finally {
      commitMs += (now() - startedAt - commitMs) * COMMIT_COST_WEIGHT;
      if (cpuAtStart !== undefined) {
        const cpu = process.cpuUsage(cpuAtStart);
        onCommit?.(cpu.user + cpu.system);
      }
    }
    batch.forEach((pending, index) => {
      const output = outputs[index];
      if (output === undefined) pending.reject(new Error('commit returned too few results'));
      else pending.resolve(output);
    });
  };

  const schedule = () => {
    const wait = lastCommitAt + minIntervalMs - now();
    const isBusy = arrivalRate * commitMs > holdAboveShare;
    if (wait <= 0 || !isBusy) setImmediate(flush);
    else setTimeout(flush, wait);
  };

  const countArrival = () => {
    const at = now();
    arrivalRate =
      arrivalRate * Math.exp((lastArrivalAt - at) / RATE_WINDOW_MS) + 1 / RATE_WINDOW_MS;
    lastArrivalAt = at;
  };

  return (input) =>
    new Promise<Output>((resolve, reject) => {
      countArrival();
      if (queue.length === 0) schedule();
      queue.push({ input, resolve, reject });
    });
}
