interface Pending<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

export interface CommitBatcherOptions {
  /**
   * Group commit: after a commit, the next waits until this long has passed, gathering what
   * arrives meanwhile into one transaction (one fsync). A commit after a quiet spell runs at the
   * end of the current event-loop turn, so an idle server adds no latency.
   */
  minIntervalMs?: number;
  now?: () => number;
}

/**
 * Groups calls into one `commit` (one transaction, so one fsync): every call of the same
 * event-loop turn, and under load every call within `minIntervalMs` of the previous commit.
 * Each caller's promise settles only after its commit, so an ack that waits for it still means
 * "stored". Outputs keep the callers' order: ids are assigned in arrival order.
 */
export function createCommitBatcher<Input, Output>(
  commit: (inputs: readonly Input[]) => readonly Output[],
  { minIntervalMs = 0, now = () => performance.now() }: CommitBatcherOptions = {},
): (input: Input) => Promise<Output> {
  let queue: Pending<Input, Output>[] = [];
  let lastCommitAt = -Infinity;

  const flush = () => {
    const batch = queue;
    queue = [];
    lastCommitAt = now();
    let outputs: readonly Output[];
    try {
      outputs = commit(batch.map((pending) => pending.input));
    } catch (error) {
      // The transaction rolled back: none of the batch is stored, and every caller hears so.
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const output = outputs[index];
      if (output === undefined) pending.reject(new Error('commit returned too few results'));
      else pending.resolve(output);
    });
  };

  const schedule = () => {
    const wait = lastCommitAt + minIntervalMs - now();
    if (wait <= 0) setImmediate(flush);
    else setTimeout(flush, wait);
  };

  return (input) =>
    new Promise<Output>((resolve, reject) => {
      if (queue.length === 0) schedule();
      queue.push({ input, resolve, reject });
    });
}
