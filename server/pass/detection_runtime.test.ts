import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDetectionRuntime } from './detection_runtime';

describe('anonymiser list files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'buffalogs-lists-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a list of 150,000 entries loads whole (spread into push, it overflowed the stack past ~125,000)', async () => {
    // Datacenter and VPN range lists reach this size; the runtime failed with "Maximum call stack size exceeded".
    const n = 150_000;
    const cidrs = join(dir, 'ranges.txt');
    writeFileSync(cidrs, Array.from({ length: n }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`).join('\n'));
    const asns = join(dir, 'asns.txt');
    writeFileSync(asns, Array.from({ length: n }, (_, i) => `AS${i + 1}`).join('\n'));
    const runtime = await loadDetectionRuntime({
      profile: 'default',
      anonymizerLists: { cidrFiles: [cidrs], asnFiles: [asns] },
    });
    expect(runtime.detection.anonymousIp.cidrs).toContain('10.2.73.239');
    expect(runtime.detection.anonymousIp.cidrs.filter((c) => c.startsWith('10.')).length).toBe(n);
    expect(runtime.detection.anonymousIp.asns).toContain(n);
  });
});
