import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'dist/**',
      'bench/results/**',
      'public/sw.js',
    ],
  },
  ...nextCoreWebVitals,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
    },
  },
  {
    // The service worker has the worker's globals, not the page's: a program of its own.
    files: ['lib/worker/service-worker.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './tsconfig.worker.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The schemas the chat's page parses: zod's code for each construct they use is first-load
    // JavaScript, so they keep to the ones it already carries (bench/config.ts has the budget).
    files: ['lib/protocol.ts', 'lib/protocol-account-replies.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['extend', 'strictObject', 'lazy', 'pick', 'omit', 'partial'].map((property) => ({
          object: 'z',
          property,
          message: 'Not in the page: spell the object out (see lib/protocol-account-replies.ts).',
        })),
      ],
    },
  },
  {
    // Files are served by Parley itself, to members of their room only: next/image would fetch
    // them again through its optimizer, which has no session, and cache them outside the check.
    // Blob previews of unsent files never leave the browser at all.
    files: ['components/files/**'],
    rules: { '@next/next/no-img-element': 'off' },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
