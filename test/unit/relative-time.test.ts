import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativeTime } from '../../lib/client/relative-time';

describe('relative message times', () => {
  const now = new Date('2026-11-27T15:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('says just now, minutes, then hours', () => {
    assert.equal(relativeTime(ago(0), now), 'just now');
    assert.equal(relativeTime(ago(59_000), now), 'just now');
    assert.equal(relativeTime(ago(60_000), now), '1 min ago');
    assert.equal(relativeTime(ago(59 * 60_000), now), '59 min ago');
    assert.equal(relativeTime(ago(2 * 3_600_000 + 1), now), '2 h ago');
  });

  it('gives the clock time past six hours, and just now for a clock running ahead', () => {
    const old = ago(7 * 3_600_000);
    assert.equal(
      relativeTime(old, now),
      new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(old),
    );
    assert.equal(relativeTime(ago(-30_000), now), 'just now');
  });
});
