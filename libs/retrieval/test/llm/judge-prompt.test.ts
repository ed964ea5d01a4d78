import { describe, expect, it } from 'vitest';
import { parseJudgeReply } from '../../src/llm';

describe('parseJudgeReply', () => {
  it('accepts exactly {grade, reason} with an integer grade 0..3', () => {
    for (const grade of [0, 1, 2, 3]) expect(parseJudgeReply(`{"grade": ${grade}, "reason": "r"}`)).toEqual({ ok: true, grade, reason: 'r' });
    expect(parseJudgeReply('  {"reason": " spaced ", "grade": 2}\n')).toEqual({ ok: true, grade: 2, reason: 'spaced' });
    expect(parseJudgeReply('{"grade": 2.0, "reason": ""}')).toEqual({ ok: true, grade: 2, reason: '' });
  });

  it('unwraps ``` and ```json fences only', () => {
    expect(parseJudgeReply('```json\n{"grade": 1, "reason": "r"}\n```')).toMatchObject({ ok: true, grade: 1 });
    expect(parseJudgeReply('```JSON {"grade": 1, "reason": "r"} ```')).toMatchObject({ ok: true, grade: 1 });
    expect(parseJudgeReply('```\n{"grade": 3, "reason": "r"}\n```')).toMatchObject({ ok: true, grade: 3 });
    expect(parseJudgeReply('Here you go: ```json\n{"grade": 1, "reason": "r"}\n```')).toMatchObject({ ok: false });
  });

  it('names the problem for everything else', () => {
    const problem = (reply: string | null) => {
      const parsed = parseJudgeReply(reply);
      return parsed.ok ? 'ok' : parsed.problem;
    };
    expect(problem(null)).toMatch(/empty/);
    expect(problem('  ')).toMatch(/empty/);
    expect(problem('grade: 2')).toMatch(/not valid JSON/);
    expect(problem('[1]')).toMatch(/not a JSON object/);
    expect(problem('"2"')).toMatch(/not a JSON object/);
    expect(problem('{"grade": 2}')).toMatch(/expected keys.*"grade"$/);
    expect(problem('{"grade": 2, "reason": "r", "extra": 1}')).toMatch(/expected keys/);
    expect(problem('{"Grade": 2, "reason": "r"}')).toMatch(/expected keys/);
    expect(problem('{"grade": "2", "reason": "r"}')).toMatch(/integer from 0 to 3, got "2"/);
    expect(problem('{"grade": 4, "reason": "r"}')).toMatch(/got 4/);
    expect(problem('{"grade": -1, "reason": "r"}')).toMatch(/got -1/);
    expect(problem('{"grade": 1.5, "reason": "r"}')).toMatch(/got 1.5/);
    expect(problem('{"grade": null, "reason": "r"}')).toMatch(/got null/);
    expect(problem('{"grade": 1, "reason": 3}')).toMatch(/"reason" must be a string/);
  });
});
