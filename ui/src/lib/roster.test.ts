import { describe, expect, it, vi } from 'vitest';
import type { Api } from './api';
import type { PersonaView } from './bindings';
import { Roster } from './roster.svelte';

function fakeApi(answers: PersonaView[][]) {
  const personas = vi.fn(() => Promise.resolve(answers.shift() ?? []));
  return { api: { personas } as unknown as Api, personas };
}

const view = (id: string) => ({ persona: { id } }) as unknown as PersonaView;

describe('Roster', () => {
  it('answers every view that asks in one turn with one request', async () => {
    const { api, personas } = fakeApi([[view('a')]]);
    const roster = new Roster(api);
    const [one, two, three] = await Promise.all([roster.load(), roster.load(), roster.load()]);
    expect(personas).toHaveBeenCalledTimes(1);
    expect(one).toBe(two);
    expect(two).toBe(three);
    expect(roster.list.map((p) => p.persona.id)).toEqual(['a']);
  });

  it('asks again for a later turn, so an answer never predates the edit that asked', async () => {
    const { api, personas } = fakeApi([[view('a')], [view('a'), view('b')]]);
    const roster = new Roster(api);
    const first = roster.load();
    await Promise.resolve();
    const second = roster.load();
    expect(personas).toHaveBeenCalledTimes(2);
    await first;
    expect((await second).map((p) => p.persona.id)).toEqual(['a', 'b']);
    expect(roster.list).toHaveLength(2);
  });

  it('keeps the newer list when an older answer arrives last', async () => {
    const release: ((list: PersonaView[]) => void)[] = [];
    const api = {
      personas: () => new Promise<PersonaView[]>((resolve) => release.push(resolve)),
    } as unknown as Api;
    const roster = new Roster(api);
    const older = roster.load();
    await Promise.resolve();
    const newer = roster.load();
    expect(release).toHaveLength(2);
    release[1]?.([view('a'), view('b')]);
    await newer;
    release[0]?.([view('a')]);
    await older;
    expect(roster.list.map((p) => p.persona.id)).toEqual(['a', 'b']);
  });
});
