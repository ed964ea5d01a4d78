import { Command } from 'commander';
import { registerDemo } from './commands/demo';
import { registerEval } from './commands/eval';
import { registerTrecEval } from './commands/trec-eval';

/**
 * Builds the `ragscope` command. Each sub-command lives in src/commands/ and registers itself
 * here, so `ragscope --help` lists everything the CLI can do.
 */
export function buildProgram(): Command {
  const program = new Command('ragscope')
    .description('RAG diagnostics: evaluate retrieval, score runs like trec_eval, load demo data.')
    .version(version(), '-V, --version')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerDemo(program);
  registerEval(program);
  registerTrecEval(program);
  return program;
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../package.json') as { version: string }).version;
}
