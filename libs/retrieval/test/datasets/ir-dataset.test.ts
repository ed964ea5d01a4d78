import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrecDocuments, readIrDataset } from '../../src/datasets';
import { EvalSetFormatError } from '../../src/evalsets';

const DATA = join(__dirname, '../../../../../shared/data');

describe('IR datasets on disk', () => {
  it('reads Vaswani (TREC layout) with its embeddings', () => {
    const vaswani = readIrDataset(join(DATA, 'vaswani'));
    expect(vaswani.documents.length).toBe(11_429);
    expect(vaswani.documents[0]).toEqual({ id: '1', text: expect.stringMatching(/^compact memories have flexible capacities a digital data storage system/) });
    expect(vaswani.evalSet.queries.length).toBe(93);
    expect(vaswani.docEmbeddings).toMatchObject({ dimension: 384 });
    expect(vaswani.docEmbeddings.ids.slice(0, 2)).toEqual(['1', '2']);
    expect(vaswani.docEmbeddings.vectors[0]).toBeCloseTo(-0.03001367, 7);
    expect(vaswani.queryEmbeddings.ids.length).toBe(93);
    expect(vaswani.queryEmbeddings.vectors[0]).toBeCloseTo(-0.00719915, 7);
  });

  it('reads Cranfield (BEIR layout) with graded qrels', () => {
    const cranfield = readIrDataset(join(DATA, 'cranfield'));
    expect(cranfield.documents.length).toBe(1_400);
    expect(cranfield.evalSet.queries.length).toBe(225);
    expect(cranfield.documents[0].text).toMatch(/^experimental investigation of the aerodynamics of a wing in a slipstream/);
    const grades = new Set([...cranfield.evalSet.qrels.values()].flatMap((m) => [...m.values()]));
    expect([...grades].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('names the line of a malformed TREC document', () => {
    expect(() => parseTrecDocuments('<DOC>\n<DOCNO>1</DOCNO>a\n</DOC>\n<DOC>\nno number\n</DOC>\n')).toThrow(EvalSetFormatError);
    try {
      parseTrecDocuments('<DOC><DOCNO>1</DOCNO>a</DOC>\n\n<DOC>\n<DOCNO>1</DOCNO>b</DOC>');
    } catch (error) {
      expect((error as EvalSetFormatError).problems).toEqual([{ line: 3, message: 'document 1 appears twice' }]);
    }
  });
});
