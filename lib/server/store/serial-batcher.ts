interface Pending<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups calls into one asynchronous `commit` at a time: whatever arrives while a commit is in
 * flight goes into the next one. A networked database (PostgreSQL) then pays one round of
 * transaction latency for a batch, not for each call. Each caller's promise settles only after
 * its own commit; outputs keep the callers' order.
 */
export function createSerialBatcher<Input, Output>(
  commit: (inputs: readonly Input[]) => Promise<readonly Output[]>,
  { maxBatch = 500 }: { maxBatch?: number } = {},
): (input: Input) => Promise<Output> {
  let queue: Pending<Input, Output>[] = [];
  let isCommitting = false;

  const run = async () => {
    isCommitting = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const outputs = await commit(batch.map((pending) => pending.input));
        batch.forEach((pending, index) => {
          const output = outputs[index];
          if (output === undefined) pending.reject(new Error('commit returned too few results'));
          else pending.resolve(output);
        });
      } catch (error) {
        // The transaction rolled back: none of the batch is stored, and every caller hears so.
        for (const pending of batch) pending.reject(error);
      }
    }
    isCommitting = false;
  };

  return (input) =>
    new Promise<Output>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      // Calls of the same event-loop turn go into the first commit together.
      if (!isCommitting && queue.length === 1) setImmediate(() => void run());
    });
}
