interface Pending<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups the calls made during one turn of the event loop into one `commit` (one transaction,
 * so one fsync), run once the turn's I/O callbacks are done (setImmediate). Each caller's promise
 * settles only after that commit, so an ack that waits for it still means "stored".
 * Outputs keep the callers' order: ids are assigned in arrival order.
 */
export function createCommitBatcher<Input, Output>(
  commit: (inputs: readonly Input[]) => readonly Output[],
): (input: Input) => Promise<Output> {
  let queue: Pending<Input, Output>[] = [];

  const flush = () => {
    const batch = queue;
    queue = [];
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

  return (input) =>
    new Promise<Output>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ input, resolve, reject });
    });
}
