import { describe, expect, it, vi } from 'vitest';
import { Changes } from './changes';

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

  it('reaches every listener when another file is opened', () => {
    const bus = new Changes();
    const order = vi.fn();
    bus.on(['order'], order);
    bus.publish({ command: 'open_operation', parts: ['file'], result: null });
    expect(order).toHaveBeenCalledTimes(1);
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
