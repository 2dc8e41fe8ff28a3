import { useCallback, useState } from 'react';
import type { ApiResult } from '@/lib/client/account-api';
import { failureText } from '../chat/failure-text';

/**
 * One button's call to the server: busy while it runs, its error (shown beside it) when it fails,
 * and a short confirmation when it succeeds. Resolves to the call's value, or undefined when
 * it failed.
 */
export function useAction() {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const run = useCallback(
    async <T>(
      call: () => Promise<ApiResult<T>>,
      success?: string,
    ): Promise<{ value: T } | undefined> => {
      setBusy(true);
      setError(undefined);
      setDone(undefined);
      const result = await call();
      setBusy(false);
      if (!result.ok) {
        setError(failureText(result));
        return undefined;
      }
      setDone(success);
      return { value: result.value };
    },
    [],
  );
  return { isBusy, error, done, run };
}
