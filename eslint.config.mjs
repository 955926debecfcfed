// Lint for code that must stay readable for years: type-aware typescript-eslint, plus the rules Temporal's own samples
// enforce on workflow code. Formatting is Prettier's job (.prettierrc.json), not this file's.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.temporal/',
      '.cluster/',
      '.stryker-tmp*/',
      'data/',
      'out/',
      'coverage/',
      'reports/',
      'test-artifacts/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'stryker/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.jest },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-assertions': [
        'error',
        { assertionStyle: 'as', objectLiteralTypeAssertions: 'allow-as-parameter' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Activities, route handlers and store methods implement Promise-returning interfaces; `async` keeps a throw
      // inside them a rejection even when they have nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Migrations must not depend on today's table types (they run against the schema as each release left it), so
    // they take Kysely<any>, as kysely's own migration docs do.
    files: ['storage/migrations/*.ts', 'test/storage/backends.ts', 'test/storage/optOutMigration.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read response bodies and parsed fixtures as `any` and then assert their shape; typing every body first
    // would restate the schemas the assertions check.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // Fixtures are partial objects cast to the type under test (only the fields a rule reads).
      '@typescript-eslint/consistent-type-assertions': [
        'error',
        { assertionStyle: 'as', objectLiteralTypeAssertions: 'allow' },
      ],
      // A bare toThrow() passes on any error, a TypeError from a typo included: say which error is expected.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[arguments.length=0][callee.property.name=/^toThrow(Error)?$/]:not([callee.object.property.name='not'])",
          message: 'Name the error expected: toThrow(/message/) or toThrow(ErrorClass), not a bare toThrow().',
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, and activities only as types
    // (they are called through proxyActivities, never imported and run in the workflow).
    files: ['workflows/**/*.ts', 'rules/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in a sandbox without Node built-ins.',
          })),
          patterns: [
            {
              group: ['**/activities', '**/activities/*'],
              allowTypeImports: true,
              message: 'Call activities through proxyActivities; import only their types.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    // package.json has no "type": plain .js and .cjs files are CommonJS.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
