/**
 * The judge's instructions. Any change to the wording changes what grades mean, so it must bump
 * JUDGE_PROMPT_VERSION: the version is part of the cache key, and cached grades from another
 * wording are never reused.
 */
export const JUDGE_PROMPT_VERSION = 'v1';

export type RelevanceGrade = 0 | 1 | 2 | 3;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const SYSTEM_PROMPT = [
  'You judge whether a passage retrieved by a search system is relevant to a search query.',
  'Grade the passage on this scale:',
  '0 = irrelevant: the passage has nothing to do with the query.',
  '1 = related: the passage is on the topic of the query but does not answer it.',
  '2 = partially answers: the passage answers part of the query, or answers it incompletely.',
  '3 = answers: the passage fully answers the query.',
  'Judge only the passage as given; do not use outside knowledge to fill gaps.',
  'Reply with only a JSON object, no other text: {"grade": <integer 0-3>, "reason": "<one sentence>"}',
].join('\n');

export function judgeMessages(query: string, passage: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `Query:\n${query}\n\nPassage:\n${passage}` },
  ];
}

/** Sent after a reply that did not parse, quoting the problem so the model can correct exactly that. */
export function reminderMessage(problem: string): ChatMessage {
  return {
    role: 'user',
    content:
      `Your reply was not usable: ${problem}. ` +
      'Reply again with only a JSON object with exactly two keys, "grade" (an integer 0, 1, 2 or 3) and "reason" (one sentence), and nothing else.',
  };
}

export type ParsedJudgment = { ok: true; grade: RelevanceGrade; reason: string } | { ok: false; problem: string };

/**
 * Strict on content, lenient only on wrapping: a bare JSON object or one inside a ``` / ```json
 * fence. Exactly the keys "grade" and "reason"; grade an integer 0..3 (a number, not "2" or 2.5).
 */
export function parseJudgeReply(reply: string | null | undefined): ParsedJudgment {
  if (!reply?.trim()) return { ok: false, problem: 'the reply was empty' };
  const body = unfence(reply.trim());
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'the reply was not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'the reply was not a JSON object' };
  const keys = Object.keys(value).sort();
  if (keys.length !== 2 || keys[0] !== 'grade' || keys[1] !== 'reason') {
    return { ok: false, problem: `expected keys "grade" and "reason", got ${keys.map((k) => JSON.stringify(k)).join(', ') || 'none'}` };
  }
  const { grade, reason } = value as { grade: unknown; reason: unknown };
  if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 0 || grade > 3) {
    return { ok: false, problem: `"grade" must be an integer from 0 to 3, got ${JSON.stringify(grade)}` };
  }
  if (typeof reason !== 'string') return { ok: false, problem: `"reason" must be a string, got ${JSON.stringify(reason)}` };
  return { ok: true, grade: grade as RelevanceGrade, reason: reason.trim() };
}

function unfence(text: string): string {
  const fenced = /^```(?:json)?\s*\n?([\s\S]*?)\n?\s*```$/i.exec(text);
  return fenced ? fenced[1].trim() : text;
}
