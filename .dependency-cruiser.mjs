// The architecture rules `npm run lint` enforces (dependency-cruiser). Each rule fails the lint
// when broken; see README, "Architecture".
/** @type {import('dependency-cruiser').IConfiguration} */
const config = {
  forbidden: [
    {
      name: 'no-import-cycles',
      comment: 'A cycle makes two modules one concern in two files: split or merge them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'browser-never-imports-server',
      comment:
        'Browser code (components, the client and its hooks) runs in the page: it must not pull in Node-only server modules.',
      severity: 'error',
      from: { path: '^(components|lib/client|lib/hooks)/' },
      to: { path: '^lib/server/' },
    },
    {
      name: 'protocol-imports-only-zod',
      comment: 'The contract is shared by server and browser: it may depend on zod alone.',
      severity: 'error',
      from: { path: '^lib/protocol' },
      to: { pathNot: ['^lib/protocol', '(^|/)node_modules/zod/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.next|dist|bench/results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'],
    },
  },
};

export default config;
