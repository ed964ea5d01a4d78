/** One thing wrong with an input file; `line` is 1-based, 0 when the problem concerns the whole file. */
export interface FormatProblem {
  line: number;
  message: string;
}

/** Every problem found in one input (up to a limit), each naming its line. */
export class EvalSetFormatError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly FormatProblem[],
    readonly truncated = false,
  ) {
    super(
      `${source}: ${problems.length}${truncated ? '+' : ''} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  ${p.line ? `line ${p.line}: ` : ''}${p.message}`).join('\n') +
        (truncated ? '\n  … (more problems not listed)' : ''),
    );
    this.name = 'EvalSetFormatError';
  }
}

export interface ParseOptions {
  /** Name used in error messages (a path, usually). */
  source?: string;
  /** Stop collecting after this many problems. Default 50. */
  maxProblems?: number;
}

/** Collects problems while a reader keeps going, so one error report lists them all. */
export class ProblemCollector {
  readonly problems: FormatProblem[] = [];
  private truncated = false;

  constructor(
    private readonly source: string,
    private readonly limit: number,
  ) {}

  static for(options: ParseOptions, fallbackSource: string): ProblemCollector {
    return new ProblemCollector(options.source ?? fallbackSource, options.maxProblems ?? 50);
  }

  add(line: number, message: string): void {
    if (this.problems.length < this.limit) this.problems.push({ line, message });
    else this.truncated = true;
  }

  get full(): boolean {
    return this.truncated;
  }

  throwIfAny(): void {
    if (this.problems.length) throw new EvalSetFormatError(this.source, this.problems, this.truncated);
  }
}

/** Splits text into lines, accepting \n and \r\n, numbering from 1. */
export function numberedLines(text: string): { line: number; content: string }[] {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((content, i) => ({ line: i + 1, content: content.endsWith('\r') ? content.slice(0, -1) : content }));
}

export function toText(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
}

export const INTEGER = /^[+-]?\d+$/;
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
