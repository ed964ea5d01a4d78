import { buildProgram } from './program';

export async function run(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
