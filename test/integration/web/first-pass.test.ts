import { describe, expect, it } from 'vitest';
import { firstPassThroughBrowserHost } from '../../support/browser-host-office';

// 20,000 links are the bench's (`npm run bench -- first-pass`); 2,000 is past the ~1,760 at which the
// old pass, planned in the renderer and sent over the bridge in one body, failed every time.
const LINKS = 2_000;

describe('the browser host, a first pass of new links', () => {
  it('imports them, holds the pass for confirmation, then creates every licence exactly once', { timeout: 600_000 }, async () => {
    const r = await firstPassThroughBrowserHost(LINKS, { timeoutMs: 540_000 });
    expect(r.previewSummary).toMatchObject({ links: LINKS, creations: LINKS });
    expect(r.subscribersBeforeConfirm).toBe(0);
    expect(r.previewRows).toBe(LINKS);
    expect(r.subscribers).toBe(LINKS);
    expect(r.duplicates).toEqual([]);
    expect(r.final).toMatchObject({ total: LINKS, counts: { active: LINKS, pending: 0, sending: 0, error: 0 } });
  });
});
