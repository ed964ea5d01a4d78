import type { Qrels, RankedDoc, Run } from '../../src';

export function qrelsOf(spec: Record<string, Record<string, number>>): Qrels {
  return new Map(Object.entries(spec).map(([qid, docs]) => [qid, new Map(Object.entries(docs))]));
}

export function runOf(spec: Record<string, [string, number][]>): Run {
  return new Map(Object.entries(spec).map(([qid, docs]) => [qid, docs.map(([docid, score]): RankedDoc => ({ docid, score }))]));
}
