import { EvalSetFormatError, type FormatProblem } from '../evalsets/errors';

export interface CorpusText {
  id: string;
  text: string;
}

/**
 * TREC document files: `<DOC><DOCNO>id</DOCNO>text</DOC>` blocks. The text is everything after
 * </DOCNO> up to </DOC>, with runs of whitespace collapsed (as the shared embeddings were made).
 */
export function parseTrecDocuments(content: string | Uint8Array, options: { source?: string } = {}): CorpusText[] {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  const docs: CorpusText[] = [];
  const problems: FormatProblem[] = [];
  const seen = new Set<string>();
  const block = /<DOC>([\s\S]*?)<\/DOC>/g;
  let line = 1;
  let counted = 0;
  for (let match = block.exec(text); match; match = block.exec(text)) {
    for (; counted < match.index; counted++) if (text.charCodeAt(counted) === 10) line++;
    const body = match[1];
    const docno = /<DOCNO>\s*([^<\s]+)\s*<\/DOCNO>/.exec(body);
    if (!docno) {
      problems.push({ line, message: 'a <DOC> block without <DOCNO>' });
      continue;
    }
    const id = docno[1];
    if (seen.has(id)) problems.push({ line, message: `document ${id} appears twice` });
    seen.add(id);
    docs.push({ id, text: body.slice(docno.index + docno[0].length).replace(/\s+/g, ' ').trim() });
  }
  if (!docs.length && !problems.length) problems.push({ line: 1, message: 'no <DOC> blocks found' });
  if (problems.length) throw new EvalSetFormatError(options.source ?? 'documents', problems);
  return docs;
}
