import { describe, expect, it } from 'vitest';
import type { Api } from './api';
import type { Coverage, Recommendation, ThreatModel } from './bindings';
import { changes } from './changes';
import { ThreatState } from './threat.svelte';

const model = (ids: string[]): ThreatModel => ({
  adversary: { name: 'A', aliases: [], description: '', sources: '', references: [], modified_at: '' },
  techniques: ids.map((id) => ({
    technique_id: id,
    parent_id: id.split('.')[0] ?? id,
    name: '',
    tactics: [],
    note: '',
    confidence: null,
  })),
});

const coverage = (engaged: number): Coverage => ({ techniques: [], engaged, total: 2 });

function fake(over: Partial<Api>, calls: string[]): Api {
  return {
    threatModel: () => Promise.resolve(model(['T1611'])),
    recommendations: (goal: string | null) => {
      calls.push(`recommendations:${goal ?? 'all'}`);
      return Promise.resolve([] as Recommendation[]);
    },
    coverage: () => {
      calls.push('coverage');
      return Promise.resolve(coverage(calls.filter((c) => c === 'place').length));
    },
    threatMatrix: () => Promise.resolve({ columns: [] }),
    ...over,
  } as Api;
}

describe('ThreatState', () => {
  it('takes the model the feed back answered, from whatever page, and asks again', async () => {
    const calls: string[] = [];
    const s = new ThreatState(fake({}, calls), undefined);
    await s.load();
    const stop = s.listen();
    changes.publish({ command: 'update_adversary', parts: ['threat'], result: model(['T9999']) });
    expect(s.model?.techniques.map((t) => t.technique_id)).toEqual(['T1611']);
    changes.publish({ command: 'add_observed_techniques', parts: ['threat'], result: model(['T1611', 'T1496']) });
    expect(s.model?.techniques.map((t) => t.technique_id)).toEqual(['T1611', 'T1496']);
    await Promise.resolve();
    expect(calls.filter((c) => c === 'coverage')).toHaveLength(2);
    stop();
    changes.publish({ command: 'add_observed_techniques', parts: ['threat'], result: model([]) });
    expect(s.model?.techniques).toHaveLength(2);
  });

  it('asks the core again for recommendations and coverage after an edit', async () => {
    const calls: string[] = [];
    const s = new ThreatState(
      fake({ addTechniques: (ids) => Promise.resolve(model(['T1611', ...ids])) }, calls),
    );
    await s.load();
    expect(calls).toEqual(['recommendations:all', 'coverage']);
    expect(await s.addTechniques(['T1133'])).toBeNull();
    expect(s.model?.techniques.map((t) => t.technique_id)).toEqual(['T1611', 'T1133']);
    expect(calls.length).toBe(4);
    await s.setGoal('EGO0002');
    expect(calls).toContain('recommendations:EGO0002');
  });

  it('returns a refused layer for the dialog and keeps the model', async () => {
    const calls: string[] = [];
    const s = new ThreatState(
      fake({ importLayer: () => Promise.reject({ code: 'invalid_input', message: 'the layer is not JSON' }) }, calls),
    );
    await s.load();
    const refused = await s.importLayer('/x.json');
    expect(refused?.message).toBe('the layer is not JSON');
    expect(s.report).toBeNull();
    expect(s.model?.techniques).toHaveLength(1);
  });

  it('returns a refused placement for the page to show beside its button', async () => {
    const calls: string[] = [];
    const s = new ThreatState(
      fake(
        {
          placeRecommendation: () => {
            calls.push('place');
            return Promise.reject({ code: 'invalid_input', message: 'no' });
          },
        },
        calls,
      ),
    );
    await s.load();
    const answer = await s.place({ activity_id: 'EAC0018' });
    expect(answer).toEqual({ code: 'invalid_input', message: 'no' });
    expect(s.error).toBeNull();
  });

  it('hands edits to the tracker so the save status follows them', async () => {
    const keys: string[] = [];
    const s = new ThreatState(
      fake({ updateAdversary: () => Promise.resolve(model([])) }, []),
      (key, action) => {
        keys.push(key);
        return action();
      },
    );
    expect(await s.updateAdversary('name', { name: 'B' })).toBe(true);
    expect(keys).toEqual(['adversary-name']);
    expect(s.model?.techniques).toEqual([]);
  });
});
