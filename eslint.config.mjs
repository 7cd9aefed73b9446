import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** What each kind of project may import (Nx tags in each package.json). */
const depConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:data-access',
      'type:contracts',
      'type:util',
      'type:data',
      'type:testing',
    ],
  },
  {
    // Tools and test harnesses: shared libs and the harness, never another tool.
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: [
      'type:tool-lib',
      'type:util',
      'type:testing',
      'type:contracts',
      'type:data',
    ],
  },
  {
    sourceTag: 'type:tool-lib',
    onlyDependOnLibsWithTags: ['type:util', 'type:testing', 'type:contracts', 'type:data'],
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util', 'type:data'],
  },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:contracts'] },
  {
    sourceTag: 'type:util',
    onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:data'],
  },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  // Services share libs, never each other's code; tooling may use shared libs, services never use tooling.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:tooling', 'scope:shared'] },
  // Apps (the load generator too) never import tooling: scope:tooling is reachable from tooling only.
  ...['bff', 'user', 'order', 'loyalty', 'recommendation', 'loadgen'].map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: ['scope:shared'],
  })),
];

export default tseslint.config(
  { ignores: ['**/dist', '**/node_modules', '.nx', '.data', 'bench/results'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A codebase about promises: an unawaited one is a bug until proven otherwise.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints }],
    },
  },
  {
    // Nest injects by the runtime class: `import type` would erase the token.
    files: ['**/*.controller.ts', '**/*.service.ts', '**/*.module.ts', '**/catalogue.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
