/** What the password process is asked to do, and what it answers (structured-cloned messages). */
export type PasswordJob =
  | { id: number; kind: 'hash'; password: string }
  | { id: number; kind: 'verify'; password: string; stored: string };

export type PasswordAnswer =
  { id: number; ok: true; value: string | boolean } | { id: number; ok: false; error: string };

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane):
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
 */
// `algorithm: 2` is the package's const enum Algorithm.Argon2id (a const enum cannot be imported
// under verbatimModuleSyntax).
export const ARGON2 = { algorithm: 2, memoryCost: 7_168, timeCost: 5, parallelism: 1 };
