import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// The repo's real eslint.config.mjs. The snippets are linted under file names that need not
// exist, which the type-aware project service cannot open, so type checking is switched off
// for them; every boundary and hygiene rule the lint specs check works on syntax alone.
const eslint = new ESLint({
  cwd: path.resolve(__dirname, '../../..'),
  overrideConfig: tseslint.configs.disableTypeChecked,
});

/** The rule ids that report an error (severity 2) for `code` linted as the file `filePath`. */
export async function lintErrorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((message) => message.severity === 2).map((message) => message.ruleId ?? message.message);
}
