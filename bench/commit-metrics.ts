/**
 * Parley's group commits (SQLite: one transaction and one fsync each) and the CPU they took,
 * read from its `/metrics` around a step: what durability costs, beside the rest of the work.
 */
export interface CommitCounts {
  commits: number;
  cpuMicros: number;
}

const counter = (body: string, name: string) => {
  const value = new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1];
  return value === undefined ? undefined : Number(value);
};

/** The server's totals so far, or undefined for a server without them (bare, PostgreSQL). */
export async function readCommits(url: string): Promise<CommitCounts | undefined> {
  const response = await fetch(`${url}/metrics`).catch(() => undefined);
  if (response?.status !== 200) return undefined;
  const body = await response.text();
  const commits = counter(body, 'parley_store_commits_total');
  const cpuSeconds = counter(body, 'parley_store_commit_cpu_seconds_total');
  if (commits === undefined || cpuSeconds === undefined) return undefined;
  return { commits, cpuMicros: cpuSeconds * 1e6 };
}

/** What happened between two readings; zeros where there is nothing to read. */
export function commitsBetween(
  before: CommitCounts | undefined,
  after: CommitCounts | undefined,
): CommitCounts {
  if (before === undefined || after === undefined) return { commits: 0, cpuMicros: 0 };
  return { commits: after.commits - before.commits, cpuMicros: after.cpuMicros - before.cpuMicros };
}
