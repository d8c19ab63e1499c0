// ESLint flat config. Boundaries (STYLE.md "Boundaries that fail the build"): an app never
// imports another app, a lib never imports an app, and a lib is imported only as `@uehub/<lib>`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** The unit a repo-relative path belongs to: `apps/<name>`, `libs/<name>`, or the root tier (test/, scripts/). */
function unitOf(relativePath) {
  const [top, name] = relativePath.split(path.sep);
  return (top === 'apps' || top === 'libs') && name ? { kind: top, name } : { kind: 'root', name: top };
}

// `no-restricted-imports` sees only the raw specifier, so it cannot tell where `../../auth/x`
// lands; this rule resolves relative specifiers against the importing file (lexically, so it
// works for files that do not exist yet) and checks which unit the target belongs to.
const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep apps and libs apart: no app-to-app, lib-to-app or path-into-lib imports.' },
    schema: [],
    messages: {
      appToApp: 'apps/{{from}} must not import apps/{{to}}: talk to it over the messaging contracts instead.',
      libToApp: 'libs/{{from}} must not import apps/{{to}}: a lib never depends on an app.',
      intoLib: 'Import libs/{{to}} as "@uehub/{{to}}", not by a path into its files.',
    },
  },
  create(context) {
    const fileUnit = unitOf(path.relative(ROOT, context.filename));
    function check(node) {
      if (node?.type !== 'Literal' || typeof node.value !== 'string') return;
      const specifier = node.value;
      let target;
      if (specifier.startsWith('.')) target = path.resolve(path.dirname(context.filename), specifier);
      else if (/^(apps|libs)\//.test(specifier)) target = path.resolve(ROOT, specifier);
      else return;
      const relative = path.relative(ROOT, target);
      if (relative.startsWith('..') || path.isAbsolute(relative)) return;
      const to = unitOf(relative);
      const data = { from: fileUnit.name, to: to.name };
      if (to.kind === 'apps' && fileUnit.kind === 'libs') context.report({ node, messageId: 'libToApp', data });
      else if (to.kind === 'apps' && fileUnit.kind === 'apps' && fileUnit.name !== to.name)
        context.report({ node, messageId: 'appToApp', data });
      else if (to.kind === 'libs' && !(fileUnit.kind === 'libs' && fileUnit.name === to.name))
        context.report({ node, messageId: 'intoLib', data });
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
      TSExternalModuleReference: (node) => check(node.expression),
      'CallExpression[callee.name="require"]': (node) => check(node.arguments[0]),
      // jest.mock('../path') and friends name modules too
      'CallExpression[callee.object.name="jest"][callee.property.name=/^(mock|unmock|doMock|requireActual)$/]': (node) =>
        check(node.arguments[0]),
    };
  },
};

const FOCUSED_TESTS = ['describe', 'it', 'test'].map((object) => ({
  object,
  property: 'only',
  message: 'A focused test skips the rest of the suite: remove .only before committing.',
}));

const DOUBLE_CAST = {
  selector:
    ':matches(TSAsExpression, TSTypeAssertion) > :matches(TSAsExpression, TSTypeAssertion).expression[typeAnnotation.type="TSUnknownKeyword"]',
  message: '"as unknown as" silences the type checker: parse or narrow the value instead (allowed in *.spec.ts only).',
};

const RPC_HANDLER_MAP = {
  selector: 'CallExpression > MemberExpression.callee[property.name=/^serve(PerService|Checked)?$/]',
  message: 'Answer request/reply patterns with a @Controller of @Handles methods (RpcTransport): a handler map skips the CallerGuard, pipes and filter.',
};

// Configuration is read once, checked, and injected (docs/architecture.md): only the config
// loaders, entry points' test and tooling tiers read the environment.
const CONFIG_READERS = [
  '**/*-config.ts',
  '**/*-settings.ts',
  'apps/auth/src/bootstrap-admin.ts',
  'libs/database/src/database-url.ts',
  'libs/testing/**',
  'test/**',
  'scripts/**',
  'bench/**',
  '**/bench/**',
  '**/*.spec.ts',
  '**/*.fixture.ts',
];

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/coverage/']),
  tseslint.configs.recommended,
  {
    name: 'uehub/typescript',
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    name: 'uehub/boundaries',
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: { uehub: { rules: { boundaries } } },
    rules: {
      'uehub/boundaries': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@uehub/[^/]+/.+',
              message: 'Import a lib only through its facade, "@uehub/<lib>"; export what you need from its index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'uehub/jest-hygiene',
    files: ['**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...FOCUSED_TESTS,
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in a config loader (*-config.ts, *-settings.ts) and inject it; not here, not at import time.',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fdescribe', message: 'A focused test skips the rest of the suite.' },
        { name: 'fit', message: 'A focused test skips the rest of the suite.' },
      ],
    },
  },
  {
    name: 'uehub/config-readers',
    files: CONFIG_READERS,
    rules: { 'no-restricted-properties': ['error', ...FOCUSED_TESTS] },
  },
  {
    name: 'uehub/no-double-cast',
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-syntax': ['error', DOUBLE_CAST] },
  },
  {
    // services answer request/reply through `@Handles` controllers, so the CallerGuard checks every caller
    name: 'uehub/rpc-controllers',
    files: ['apps/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-syntax': ['error', DOUBLE_CAST, RPC_HANDLER_MAP] },
  },
  {
    name: 'uehub/commonjs',
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
