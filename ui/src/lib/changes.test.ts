import { describe, expect, it, vi } from 'vitest';
import { Changes, Heard } from './changes';

describe('Changes', () => {
  it('reaches the listeners of the changed parts only', () => {
    const bus = new Changes();
    const board = vi.fn();
    const threat = vi.fn();
    bus.on(['storyboard'], board);
    bus.on(['threat'], threat);
    bus.publish({ command: 'place_recommendation', parts: ['storyboard'], result: null });
    expect(board).toHaveBeenCalledTimes(1);
    expect(threat).not.toHaveBeenCalled();
  });

  it('lets the state class that made an edit wait for the work its listener started', async () => {
    const heard = new Heard();
    const answer = { label: 'Add' };
    let refreshed = 0;
    const refresh = async () => {
      refreshed += 1;
    };
    heard.note(answer, refresh());
    await heard.after(answer, refresh);
    expect(refreshed).toBe(1);
    await heard.after({ label: 'Other' }, refresh);
    expect(refreshed).toBe(2);
  });

  it('stops calling a listener once it is removed, and ignores reads', () => {
    const bus = new Changes();
    const board = vi.fn();
    const stop = bus.on(['storyboard'], board);
    bus.publish({ command: 'storyboard', parts: [], result: null });
    stop();
    bus.publish({ command: 'add_event', parts: ['storyboard'], result: null });
    expect(board).not.toHaveBeenCalled();
  });
});
